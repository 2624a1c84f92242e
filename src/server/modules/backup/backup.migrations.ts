import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, migrationsFolder } from '../../db/client.ts';

/** drizzle-kit's journal of the migrations this code knows: `when` is the folder timestamp drizzle records. */
export type JournalEntry = { idx: number; when: number; tag: string };

export function readJournal(folder = migrationsFolder): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.when - b.when);
}

export const latestKnown = (journal = readJournal()) => journal[journal.length - 1] ?? null;

/** The tag (`0010_uncosted_net`) of an applied migration, or null when this code does not know it. */
export const tagOf = (when: number, journal = readJournal()) =>
  journal.find((e) => e.when === when)?.tag ?? null;

/**
 * Migrates a database up to (and including) the migration `when`, no further: a copy of the migrations
 * folder whose journal stops there. An archive made by an older Rapport is loaded into the schema it was
 * made with and only then migrated forward, so every migration's data steps run on its rows.
 */
export async function migrateUpTo(database: Database, when: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-migrations-'));
  try {
    fs.cpSync(migrationsFolder, dir, { recursive: true });
    const file = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: JournalEntry[] };
    journal.entries = journal.entries.filter((e) => e.when <= when);
    fs.writeFileSync(file, JSON.stringify(journal));
    if (database.kind === 'pglite') {
      await migratePglite(drizzlePglite({ client: database.pglite! }), { migrationsFolder: dir });
    } else {
      await migratePg(database.db, { migrationsFolder: dir });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
