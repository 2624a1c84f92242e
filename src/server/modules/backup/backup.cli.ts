import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { DataDirLockedError, openDatabase } from '../../db/client.ts';
import { restoreBackup } from './backup.restore.ts';
import { writeBackup } from './backup.write.ts';

type Logger = { info(o: object | string, m?: string): void; error(o: object | string, m?: string): void };
type Out = (line: string) => void;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Opens the configured database without migrating it; a data directory held by a server gets advice. */
async function open(config: Config, log: Logger, whenLocked: string) {
  try {
    return await openDatabase(config.database, log);
  } catch (err) {
    if (err instanceof DataDirLockedError)
      throw new Error(
        `The data directory ${config.database.kind === 'pglite' ? config.database.dataDir : ''} is in use by a running Rapport server. ${whenLocked}`,
      );
    throw err;
  }
}

/** `rapport backup <file>`: writes next to the target and renames at the end, so a failure leaves no half file. */
export async function backupCommand(file: string, config: Config, log: Logger, out: Out) {
  const database = await open(
    config,
    log,
    'Stop the server, or download a backup from Settings → Backup (GET /api/v1/backup).',
  );
  const started = performance.now();
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  try {
    const manifest = await writeBackup(database, fs.createWriteStream(partial));
    fs.renameSync(partial, target);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    out(
      `Backed up ${manifest.tables.length} tables, ${fmt(rows)} rows (${database.kind}, migration ${manifest.migration.tag}) to ${target} (${fmt(Math.round(fs.statSync(target).size / 1024))} kB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await database.close();
  }
}

/** `rapport restore <file> [--force]`. */
export async function restoreCommand(
  file: string,
  opts: { force: boolean },
  config: Config,
  log: Logger,
  out: Out,
) {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`No such file: ${source}`);
  const database = await open(config, log, 'Stop the server first: a restore replaces its database.');
  const started = performance.now();
  try {
    const result = await restoreBackup(database, source, { force: opts.force });
    const m = result.manifest;
    out(
      `Restored ${result.tables} tables, ${fmt(result.rows)} rows from a ${m.database.kind} backup of ${m.createdAt} (migration ${m.migration.tag}) into ${database.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s.${result.migratedForward ? ' Then migrated it forward to this version.' : ''}`,
    );
  } finally {
    await database.close();
  }
}
