import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createExportInput } from '../../../shared/exports.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { Lang } from './exports.columns.ts';
import { prepareExport, writeExport } from './exports.stream.ts';

export type ExportCommandOptions = {
  entity: string;
  format: string;
  out: string;
  filter?: string;
  q?: string;
  sort?: string;
  columns?: string;
  language: string;
  timeZone: string;
};

const fail = (message: string) => {
  process.stderr.write(`${message}\n`);
  return 2;
};

/**
 * `rapport export`: the same checks, list functions and writers as `POST /exports`, streamed straight to a
 * file (or stdout with `--out -`) without a job. One summary line goes to stderr; stdout carries only the
 * file. Returns the process exit code.
 */
export async function runExportCommand(ctx: Ctx, o: ExportCommandOptions): Promise<number> {
  const query: Record<string, string> = {};
  if (o.filter) query.filter = o.filter;
  if (o.q) query.q = o.q;
  if (o.sort) query.sort = o.sort;
  const parsed = createExportInput.safeParse({
    entity: o.entity,
    format: o.format,
    query,
    columns: o.columns
      ? o.columns
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : undefined,
    language: o.language,
    timeZone: o.timeZone,
  });
  if (!parsed.success)
    return fail(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  const input = parsed.data;
  const started = Date.now();
  let out: Writable;
  let prepared: Awaited<ReturnType<typeof prepareExport>>;
  try {
    prepared = await prepareExport(ctx, {
      entity: input.entity,
      format: input.format,
      query: input.query,
      columns: input.columns,
      language: (input.language ?? 'en') as Lang,
      timeZone: input.timeZone ?? 'UTC',
    });
  } catch (err) {
    if (err instanceof AppError)
      return fail(
        [err.message, ...(err.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join('\n'),
      );
    throw err;
  }
  const toStdout = o.out === '-';
  const tmp = `${o.out}.part`;
  if (toStdout) out = process.stdout;
  else out = fs.createWriteStream(tmp);
  try {
    const rows = await writeExport(ctx, prepared, out);
    if (!toStdout) {
      out.end();
      await finished(out);
      await fsp.rename(tmp, o.out);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const bytes = toStdout ? 0 : (await fsp.stat(o.out)).size;
    const size = toStdout
      ? ''
      : bytes < 1_048_576
        ? `, ${Math.ceil(bytes / 1024)} KB`
        : `, ${(bytes / 1_048_576).toFixed(1)} MB`;
    process.stderr.write(
      `Exported ${rows.toLocaleString('en-US')} ${input.entity} to ${toStdout ? 'stdout' : o.out} (${input.format}${size}) in ${seconds} s\n`,
    );
    return 0;
  } catch (err) {
    if (!toStdout) {
      out.destroy();
      await fsp.rm(tmp, { force: true });
    }
    throw err;
  }
}
