import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, openPglite, openPostgres, rowsOf } from '../../db/client.ts';
import { appliedMigration } from './backup.catalog.ts';
import { BackupError } from './backup.manifest.ts';
import { migrateUpTo, readJournal } from './backup.migrations.ts';
import { restoreBackup } from './backup.restore.ts';
import { fingerprints, tmpDir } from './backup.test-support.ts';
import { writeBackup } from './backup.write.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const pgBase = inject('pgBaseUrl');
const hasPg = Boolean(inject('pgTemplate'));
const dir = tmpDir();
const scratch: string[] = [];

/** A new, empty PostgreSQL database of this test's own (dropped at the end). */
async function scratchDb(): Promise<string> {
  const name = `rapport_backup_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  scratch.push(name);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  if (scratch.length) {
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    for (const name of scratch) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `node bin/rapport.mjs …` as a real child process, on PGlite (`dataDir`) or PostgreSQL (`url`). */
function rapport(args: string[], db: { dataDir: string } | { url: string }) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if ('url' in db) env.DATABASE_URL = db.url;
  else env.RAPPORT_DATA_DIR = db.dataDir;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, ['bin/rapport.mjs', ...args], { cwd: root, env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function withDb<T>(db: { dataDir: string } | { url: string }, fn: (d: Database) => Promise<T>) {
  const d = 'url' in db ? openPostgres(db.url, 2) : await openPglite({ dataDir: db.dataDir, maxWalMb: 64 });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

describe.skipIf(!hasPg)('rapport backup / restore (command line)', () => {
  it('moves a PGlite database to PostgreSQL and back, exactly; refuses a non-empty target and a locked directory', async () => {
    const lite = { dataDir: path.join(dir, 'lite') };
    const demo = await rapport(['demo', '--contacts', '150'], lite);
    expect(demo.code, demo.stderr).toBe(0);
    const a = path.join(dir, 'a.zip');
    const backup = await rapport(['backup', a], lite);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ tables, [\d,]+ rows \(pglite, migration \d{4}_\w+\)/);
    const original = await withDb(lite, fingerprints);

    const server = { url: await scratchDb() };
    const restore = await rapport(['restore', a], server);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Restored \d+ tables, [\d,]+ rows from a pglite backup .* into postgres/);
    expect(await withDb(server, fingerprints)).toEqual(original);

    const again = await rapport(['restore', a], server);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The target database is not empty: .*contacts.*--force/);

    const b = path.join(dir, 'b.zip');
    expect((await rapport(['backup', b], server)).code).toBe(0);
    const back = { dataDir: path.join(dir, 'back') };
    const restoreBack = await rapport(['restore', b], back);
    expect(restoreBack.code, restoreBack.stderr).toBe(0);
    expect(await withDb(back, fingerprints)).toEqual(original);

    // A running server holds the data directory: the command says what to do instead.
    await withDb(lite, async () => {
      const locked = await rapport(['backup', path.join(dir, 'locked.zip')], lite);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(
        /in use by a running Rapport server.*Settings → Backup \(GET \/api\/v1\/backup\)/,
      );
    });
    expect(fs.existsSync(path.join(dir, 'locked.zip'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'locked.zip.partial'))).toBe(false);
  }, 240_000);

  for (const kind of ['pglite', 'postgres'] as const) {
    it(`loads an archive from an older Rapport into a new ${kind} database, then migrates it forward`, async () => {
      const journal = readJournal();
      const older = journal[journal.length - 2]!;
      const old = await openPglite({ memory: true });
      const file = path.join(dir, `older-${kind}.zip`);
      try {
        await migrateUpTo(old, older.when);
        await old.db.execute(sql`insert into contacts (first_name, last_name) values ('Åse', 'Ødegård')`);
        await writeBackup(old, fs.createWriteStream(file));
      } finally {
        await old.close();
      }
      const target: Database =
        kind === 'pglite' ? await openPglite({ memory: true }) : openPostgres(await scratchDb(), 2);
      try {
        const result = await restoreBackup(target, file);
        expect(result.manifest.migration.tag).toBe(older.tag);
        expect(result.migratedForward).toBe(true);
        const q = async <T>(text: string) => rowsOf<T>(await target.db.execute(sql.raw(text)));
        expect((await appliedMigration(q))?.when).toBe(journal[journal.length - 1]!.when);
        const [c] = await q<{ names: string }>(`select search_names as names from contacts`);
        expect(c?.names).toBe('ase odegard');
        // Into a database already at a newer schema it is refused, with the way to do it.
        const err = await restoreBackup(target, file, { force: true }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BackupError);
        expect((err as BackupError).code).toBe('archive_older');
        expect((err as Error).message).toMatch(/new, empty database/);
      } finally {
        await target.close();
      }
    }, 120_000);
  }
});
