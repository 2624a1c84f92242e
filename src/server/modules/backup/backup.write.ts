import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Database } from '../../db/client.ts';
import { appliedMigration, ident, readCatalogue } from './backup.catalog.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupManifest,
  MANIFEST_ENTRY,
  type ManifestTable,
  tableEntry,
} from './backup.manifest.ts';
import { readJournal, tagOf } from './backup.migrations.ts';
import { withSession } from './backup.session.ts';

/** This Rapport's version (package.json), recorded in every archive. */
export const APP_VERSION: string = createRequire(import.meta.url)('../../../../package.json').version;

export type BackupProgress = (table: string, rows: number) => void;

const NEWLINE = 10;
function countRows(chunk: Uint8Array) {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/**
 * Writes a portable archive of every table to `out`: a zip (deflate-compressed entries) holding one
 * `tables/<table>.tsv` per table in PostgreSQL's COPY text format, in foreign-key order, and
 * `manifest.json` last (format, app version, last migration, database kind, time, per table its columns,
 * row count and SHA-256). Rows stream from one consistent snapshot to `out` with back-pressure; nothing
 * holds a table in memory. Rejects (and destroys `out`) when anything fails.
 */
export async function writeBackup(
  database: Database,
  out: Writable,
  opts: { now?: () => Date; progress?: BackupProgress } = {},
): Promise<BackupManifest> {
  const zip = new yazl.ZipFile();
  const piped = pipeline(zip.outputStream, out);
  piped.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  try {
    const manifest = await withSession(database, 'read', async (s) => {
      const migration = await appliedMigration(s.query);
      if (!migration) throw new BackupError('not_migrated', 'The database has no Rapport schema to back up.');
      const [server] = await s.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
      const catalogue = await readCatalogue(s.query);
      const tables: ManifestTable[] = [];
      for (const t of catalogue.tables) {
        const entry = new PassThrough({ highWaterMark: 1 << 20 });
        zip.addReadStream(entry, tableEntry(t.name), { compress: true, compressionLevel: 3 });
        const hash = createHash('sha256');
        let rows = 0;
        let bytes = 0;
        for await (const chunk of s.copyOut(t)) {
          hash.update(chunk);
          rows += countRows(chunk);
          bytes += chunk.length;
          if (!entry.write(chunk)) await Promise.race([once(entry, 'drain'), piped]);
        }
        entry.end();
        tables.push({
          name: t.name,
          file: tableEntry(t.name),
          columns: t.columns,
          primaryKey: t.primaryKey,
          rows,
          bytes,
          sha256: hash.digest('hex'),
        });
        opts.progress?.(t.name, rows);
      }
      const sequences: BackupManifest['sequences'] = [];
      for (const name of catalogue.sequences) {
        const [v] = await s.query<{ lastValue: string; isCalled: boolean }>(
          `select last_value::text as "lastValue", is_called as "isCalled" from ${ident(name)}`,
        );
        if (v) sequences.push({ name, ...v });
      }
      return {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: APP_VERSION,
        createdAt: (opts.now?.() ?? new Date()).toISOString(),
        database: { kind: database.kind, serverVersion: server?.v ?? '' },
        migration: { tag: tagOf(migration.when, readJournal()), when: migration.when, hash: migration.hash },
        encoding: { copy: 'text', timeZone: 'UTC', dateStyle: 'ISO, YMD' },
        tables,
        sequences,
      } satisfies BackupManifest;
    });
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), MANIFEST_ENTRY, { compress: true });
    zip.end();
    await piped;
    return manifest;
  } catch (err) {
    out.destroy(err as Error);
    await piped.catch(() => {});
    throw err;
  }
}

/** `rapport-backup-2026-12-03T07-45-05Z.zip`: the download's file name. */
export const backupFileName = (at: Date) =>
  `rapport-backup-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.zip`;
