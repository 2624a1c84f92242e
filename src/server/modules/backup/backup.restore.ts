import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';
import { checksumTap, openArchive } from './backup.archive.ts';
import { appliedMigration, ident, type Query, readCatalogue, type TableInfo } from './backup.catalog.ts';
import { BackupError, type BackupManifest } from './backup.manifest.ts';
import { latestKnown, migrateUpTo, readJournal } from './backup.migrations.ts';
import { type Session, withSession } from './backup.session.ts';

export type RestoreResult = {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  /** Migrations applied after loading an archive made by an older Rapport. */
  migratedForward: boolean;
};

const label = (m: BackupManifest['migration']) => m.tag ?? `made at ${new Date(m.when).toISOString()}`;

/**
 * Loads an archive into this database, all or nothing: one transaction holds the optional emptying
 * (`force`), every table's rows (checked against the manifest's row count and SHA-256 as they stream in),
 * the sequences and the triggers switched off and on again. Any failure rolls it all back.
 *
 * The target must be empty (or `force`), and its schema at the archive's migration: a database with no
 * schema yet is migrated up to exactly that migration first; after loading, an archive from an older
 * Rapport is migrated forward with this code's migrations. An archive from a newer Rapport is refused.
 */
export async function restoreBackup(
  database: Database,
  file: string,
  opts: { force?: boolean; progress?: (table: string, rows: number) => void } = {},
): Promise<RestoreResult> {
  const archive = await openArchive(file);
  try {
    const { manifest } = archive;
    const journal = readJournal();
    const latest = latestKnown(journal);
    if (!latest || manifest.migration.when > latest.when)
      throw new BackupError(
        'archive_newer',
        `This archive was made by a newer Rapport (database migration ${label(manifest.migration)}; this Rapport knows up to ${latest?.tag ?? 'none'}). Upgrade Rapport, then restore.`,
      );
    if (!journal.some((e) => e.when === manifest.migration.when))
      throw new BackupError(
        'archive_unknown_migration',
        `This archive's database migration (${label(manifest.migration)}) is not one this Rapport knows. Restore it with the Rapport version that made it (${manifest.appVersion}).`,
      );
    const probe: Query = async <T>(text: string) => rowsOf<T>(await database.db.execute(sql.raw(text)));
    const applied = await appliedMigration(probe);
    if (applied && applied.when > manifest.migration.when)
      throw new BackupError(
        'archive_older',
        `This archive was made at migration ${label(manifest.migration)}, older than this database's schema (${journal.find((e) => e.when === applied.when)?.tag ?? applied.when}). Restore it into a new, empty database (a new data directory or a new PostgreSQL database): Rapport then creates the schema the archive was made with, loads it and migrates it forward.`,
      );
    if (!applied || applied.when < manifest.migration.when)
      await migrateUpTo(database, manifest.migration.when);

    let rows = 0;
    await withSession(database, 'write', async (s) => {
      const { tables, sequences } = await readCatalogue(s.query);
      checkSameSchema(manifest, tables);
      const all = tables.map((t) => ident(t.name)).join(', ');
      if (opts.force) await s.query(`truncate table ${all} restart identity cascade`);
      else await refuseNonEmpty(s, tables);
      // Derived data (search columns, the search_words dictionary, journey marks) is in the archive exactly
      // as it was: the user triggers that maintain it stay off while rows load, so nothing is computed twice.
      // Foreign keys stay on (they are not user triggers): tables load parents first.
      for (const t of tables) await s.query(`alter table ${ident(t.name)} disable trigger user`);
      // Secondary indexes (GIN search, trigram, partial lists) are built once after the load instead of
      // row by row: several times faster. Indexes behind constraints (keys, unique, referenced) stay.
      const indexes = await s.query<{ name: string; def: string }>(SECONDARY_INDEXES);
      for (const i of indexes) await s.query(`drop index ${i.name}`);
      for (const t of tables) {
        const expected = manifest.tables.find((m) => m.name === t.name)!;
        const { tap, result } = checksumTap();
        const entry = (await archive.open(expected.file)) as Readable;
        // A damaged entry (wrong size, bad deflate data) fails the load instead of leaving it waiting.
        entry.on('error', (err) => tap.destroy(err));
        const source = entry.pipe(tap);
        const loaded = await s.copyIn(t, source);
        if (result.sha256 !== expected.sha256 || result.rows !== expected.rows || loaded !== expected.rows)
          throw new BackupError(
            'archive_damaged',
            `The rows of table ${t.name} do not match the archive's manifest (expected ${expected.rows} rows with checksum ${expected.sha256.slice(0, 12)}…, read ${result.rows} with ${result.sha256.slice(0, 12)}…): the archive is damaged. Nothing was restored.`,
          );
        rows += loaded;
        opts.progress?.(t.name, loaded);
      }
      for (const i of indexes) await s.query(i.def);
      for (const t of tables) await s.query(`alter table ${ident(t.name)} enable trigger user`);
      for (const seq of manifest.sequences)
        if (sequences.includes(seq.name))
          await s.query('select setval($1::regclass, $2::bigint, $3)', [
            ident(seq.name),
            seq.lastValue,
            seq.isCalled,
          ]);
    });
    await database.analyze();
    const migratedForward = manifest.migration.when < latest.when;
    if (migratedForward) await database.migrate();
    return { manifest, tables: manifest.tables.length, rows, migratedForward };
  } finally {
    archive.close();
  }
}

const SECONDARY_INDEXES = `
  select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
  from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r'
    and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
  order by 1`;

/** The archive and the target schema (at the same migration) must hold the same tables and columns. */
function checkSameSchema(manifest: BackupManifest, tables: TableInfo[]) {
  const problems: string[] = [];
  const archived = new Map(manifest.tables.map((t) => [t.name, t]));
  for (const t of tables) {
    const a = archived.get(t.name);
    if (!a) problems.push(`table ${t.name} is not in the archive`);
    else if (a.columns.map((c) => c.name).join(',') !== t.columns.map((c) => c.name).join(','))
      problems.push(`table ${t.name} has other columns in the archive`);
  }
  for (const name of archived.keys())
    if (!tables.some((t) => t.name === name)) problems.push(`table ${name} does not exist here`);
  if (problems.length)
    throw new BackupError(
      'schema_mismatch',
      `The archive does not fit this database's schema: ${problems.join('; ')}. Nothing was restored.`,
    );
}

async function refuseNonEmpty(s: Session, tables: TableInfo[]) {
  const full: string[] = [];
  for (const t of tables) {
    const [r] = await s.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from ${ident(t.name)} limit 1001) x`,
    );
    if (r && r.n > 0) full.push(`${t.name} (${r.n > 1000 ? 'over 1000' : r.n} rows)`);
  }
  if (full.length)
    throw new BackupError(
      'target_not_empty',
      `The target database is not empty: ${full.join(', ')}. Restore into an empty database (a new data directory, or a new PostgreSQL database after \`rapport migrate\`), or add --force to replace everything in it.`,
    );
}
