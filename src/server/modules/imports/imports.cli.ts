import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import {
  defaultImportSettings,
  type ImportDto,
  type ImportEntity,
  type ImportSettings,
  type ImportSummary,
} from '../../../shared/imports.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { storeFile } from '../files/index.ts';
import { runJobNow } from '../jobs/index.ts';
import { listProblems } from './imports.errors.ts';
import { importJob } from './imports.run.ts';
import { createImport, getImport, loadOwnImport, queueImport, updateImport } from './imports.service.ts';
import type { ColumnMapping } from './parse/index.ts';

export type ImportCliOptions = {
  file: string;
  entity: ImportEntity;
  mapping?: string;
  mode?: ImportSettings['mode'];
  match?: string;
  duplicates?: ImportSettings['duplicates'];
  dryRun?: boolean;
  keepValidRows?: boolean;
  defaultCountry?: string;
};

/** A mapping file: `[{"column":"E-mail","target":"email"}, …]` or `{"E-mail": "email", …}`. */
export function readMappingFile(file: string): ColumnMapping {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (Array.isArray(parsed)) return parsed as ColumnMapping;
  if (parsed && typeof parsed === 'object')
    return Object.entries(parsed as Record<string, string>)
      .filter(([, target]) => target)
      .map(([column, target]) => ({ column, target }));
  throw new Error(`${file}: expected a JSON array of {column, target} or an object {column: target}`);
}

function bar(imp: ImportDto): string {
  const { rowsDone, total, rowsPerSecond, etaSeconds } = imp.stats;
  const share = total ? Math.min(1, rowsDone / total) : 0;
  const filled = Math.round(share * 30);
  const eta =
    etaSeconds === null
      ? ''
      : ` · ETA ${Math.floor(etaSeconds / 60)}:${String(etaSeconds % 60).padStart(2, '0')}`;
  const rate = rowsPerSecond === null ? '' : ` · ${rowsPerSecond.toLocaleString('en')} rows/s`;
  const phase = imp.status === 'running' && !total ? 'checking' : imp.status;
  return `\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.round(share * 100)}% ${rowsDone.toLocaleString('en')}/${total.toLocaleString('en')} rows${rate}${eta} (${phase})   `;
}

/**
 * `rapport import <file>`: the same import the wizard runs (a stored file, a mapping, a dry run or a run as
 * a job), in this process. The progress bar goes to stderr on a terminal; stdout ends with the JSON summary.
 */
export async function importFromCli(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  ctx: Ctx,
  o: ImportCliOptions,
  out: (line: string) => void,
): Promise<{ summary: ImportSummary; ok: boolean }> {
  const file = await storeFile(
    ctx,
    { purpose: 'upload', name: path.basename(o.file), contentType: 'application/octet-stream' },
    fs.createReadStream(o.file),
  );
  const settings: Partial<ImportSettings> = {
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.match ? { match: o.match } : {}),
    ...(o.duplicates ? { duplicates: o.duplicates } : {}),
    ...(o.keepValidRows ? { keepValidRows: true } : {}),
    ...(o.defaultCountry ? { defaultCountry: o.defaultCountry.toUpperCase() } : {}),
  };
  if (o.mode && o.mode !== 'create' && !o.duplicates) settings.duplicates = defaultImportSettings.duplicates;
  let imp = await createImport(ctx, { fileId: file.id, entity: o.entity, settings });
  if (o.mapping) imp = await updateImport(ctx, imp.id, { mapping: readMappingFile(o.mapping) }, imp.version);
  else {
    out(`Using the suggested mapping${imp.preset ? ` (${imp.preset} export)` : ''}:`);
    for (const m of imp.mapping) out(`  ${m.column} → ${m.target}`);
    const unmapped = imp.columns.filter((c) => !imp.mapping.some((m) => m.column === c));
    if (unmapped.length) out(`  not imported: ${unmapped.join(', ')}`);
  }
  const queued = await queueImport(ctx, imp.id, o.dryRun ? 'dry_run' : 'run');
  const tty = process.stderr.isTTY;
  const timer = tty
    ? setInterval(() => {
        getImport(ctx, queued.id)
          .then((now) => process.stderr.write(bar(now)))
          .catch(() => {});
      }, 500)
    : undefined;
  try {
    const { jobId } = await loadOwnImport(ctx, queued.id);
    await runJobNow(database, config, log, importJob, jobId!);
  } finally {
    if (timer) clearInterval(timer);
  }
  const done = await getImport(ctx, queued.id);
  if (tty) process.stderr.write(`${bar(done)}\n`);
  const problems = await listProblems(ctx, done.id, { dryRun: Boolean(o.dryRun), limit: 20 });
  for (const p of problems.data)
    process.stderr.write(
      `row ${p.rowNo}${p.field ? `, ${p.field}` : ''}: ${p.message}${p.value ? ` ("${p.value}")` : ''}\n`,
    );
  if (problems.nextCursor) process.stderr.write('… (more problems: see the import in the web app)\n');
  if (done.error) process.stderr.write(`${done.error}\n`);
  const c = o.dryRun && done.dryRun ? done.dryRun : done.stats;
  return {
    summary: { created: c.created, updated: c.updated, skipped: c.skipped, failed: c.failed },
    ok: o.dryRun ? !done.error : done.status === 'done',
  };
}
