import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Config, loadConfig, testEnv } from '../src/server/config.ts';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client.ts';
import { generateDemo } from '../src/server/modules/demo/index.ts';

/**
 * The benchmark's own database, filled with demo data: `rapport_bench` on the PostgreSQL server (beside
 * the one in TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) or `./data-bench`
 * for PGlite. Reused while it holds enough contacts; `--fresh` starts again.
 */
export type DbKind = 'pglite' | 'postgres';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const benchDataDir = path.join(repoRoot, 'data-bench');
export const BENCH_DB_NAME = 'rapport_bench';

export function benchUrl(): string {
  const u = new URL(testEnv.databaseUrl());
  u.pathname = `/${BENCH_DB_NAME}`;
  return u.toString();
}

/** The environment `npm start` would see for this database, quiet and without the maintenance timer. */
export function benchEnv(kind: DbKind): Record<string, string> {
  const common = {
    NODE_ENV: 'production',
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_MAINTENANCE_MINUTES: '0',
    RAPPORT_DB_POOL_MAX: '20',
  };
  return kind === 'postgres'
    ? { ...common, DATABASE_URL: benchUrl() }
    : { ...common, RAPPORT_DATA_DIR: benchDataDir };
}

export const benchConfig = (kind: DbKind): Config => loadConfig(benchEnv(kind));

async function ensurePgDatabase(fresh: boolean) {
  const admin = new pg.Client({ connectionString: testEnv.databaseUrl() });
  await admin.connect();
  try {
    if (fresh) await admin.query(`drop database if exists ${BENCH_DB_NAME} with (force)`);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [BENCH_DB_NAME]);
    if (!rowCount) await admin.query(`create database ${BENCH_DB_NAME}`);
  } finally {
    await admin.end();
  }
}

export async function countContacts(database: Database): Promise<number> {
  return rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from contacts`))[0]!.n;
}

export type Prepared = { contacts: number; loadedMs: number | null };

/** Makes sure the benchmark database exists, is migrated and holds at least `contacts` contacts. */
export async function prepareBenchDb(
  kind: DbKind,
  opts: { contacts: number; fresh: boolean; log: (m: string) => void },
): Promise<Prepared> {
  if (kind === 'postgres') await ensurePgDatabase(opts.fresh);
  else if (opts.fresh) fs.rmSync(benchDataDir, { recursive: true, force: true });
  const config = benchConfig(kind);
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const have = await countContacts(database);
    if (have >= opts.contacts) {
      opts.log(`${kind}: reusing the benchmark database with ${have.toLocaleString('en-US')} contacts.`);
      return { contacts: have, loadedMs: null };
    }
    opts.log(
      `${kind}: loading ${(opts.contacts - have).toLocaleString('en-US')} contacts (has ${have.toLocaleString('en-US')})…`,
    );
    const result = await generateDemo(database, config, { contacts: opts.contacts - have, log: opts.log });
    // A steady-state database has been vacuumed: pending GIN entries merged, visibility map set.
    const started = performance.now();
    await database.db.execute(sql`vacuum analyze`);
    opts.log(`${kind}: vacuum analyze (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return { contacts: await countContacts(database), loadedMs: result.ms };
  } finally {
    await database.close();
  }
}
