import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Config } from '../config.ts';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: services accept both. */
export type Executor = Db | Tx;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The PGlite instance, when embedded (tests clone it; COPY goes through it). */
  pglite?: PGlite;
  /** The pool, when on PostgreSQL (COPY streams borrow a client from it). */
  pool?: pg.Pool;
  migrate(): Promise<void>;
  analyze(): Promise<void>;
  /** VACUUM ANALYZE: PGlite has no autovacuum, so maintenance reclaims dead rows (after updates, deletes, migrations). */
  vacuum(): Promise<void>;
  close(): Promise<void>;
};

type Logger = { info(o: object | string, m?: string): void; error(o: object | string, m?: string): void };

/** Search tolerance: one typo in a 7–9 letter word still matches (`jorgnsen` ~ `jørgensen` is 0.58). */
export const WORD_SIMILARITY = 0.5;

export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));
export const pgliteExtensions = { pg_trgm, unaccent };

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `The data directory ${dir} is in use by another Rapport process. ` +
        'Stop that process first (PGlite allows one process per directory), or set DATABASE_URL to use PostgreSQL.',
    );
  }
}

/**
 * `waitForLock`: the server waits for the lock of a process that crashed to go stale (15 s) instead of
 * refusing to start; the CLI does not wait, so it tells at once that a server holds the directory.
 */
export async function openDatabase(
  config: Config['database'],
  log?: Logger,
  opts: { waitForLock?: boolean } = {},
): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.poolMax, log)
    : openPglite(config, log, opts);
}

export function openPostgres(url: string, poolMax: number, log?: Logger): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    application_name: 'rapport',
    // No JIT: the app runs short keyed queries; a misestimated plan (a lateral look-up per import row)
    // otherwise spends 100–300 ms compiling before it does 40 ms of work.
    options: `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY} -c jit=off`,
  });
  // An idle client losing its connection (database restart) emits here; without a handler the process dies.
  pool.on('error', (err) =>
    log?.error(
      { err: { message: err.message, code: (err as { code?: string }).code } },
      'database connection lost',
    ),
  );
  const db = drizzlePg({ client: pool, schema });
  return {
    kind: 'postgres',
    db,
    pool,
    async migrate() {
      const client = await pool.connect();
      try {
        // Several app instances may start together: one migrates, the others wait.
        await client.query('select pg_advisory_lock(727274)');
        await migratePg(db, { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(727274)').catch(() => {});
        client.release();
      }
    },
    async analyze() {
      await db.execute(sql`analyze`);
    },
    async vacuum() {
      await db.execute(sql`vacuum analyze`);
    },
    async close() {
      await pool.end();
    },
  };
}

const LOCK_STALE_MS = 15_000;

export async function openPglite(
  config: { dataDir: string; maxWalMb: number } | { memory: true; loadDataDir?: Blob },
  log?: Logger,
  opts: { waitForLock?: boolean } = {},
): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  let pglite: PGlite;
  const conf = [`max_wal_size = ${'maxWalMb' in config ? config.maxWalMb : 64}MB`, 'min_wal_size = 32MB'];
  if ('dataDir' in config) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      release = await lockfile.lock(config.dataDir, {
        lockfilePath: path.join(config.dataDir, 'rapport.lock'),
        stale: LOCK_STALE_MS,
        update: 5_000,
        // A lock left by a process that was killed goes stale after 15 s; a server restarting at once waits.
        retries: opts.waitForLock ? { retries: 20, minTimeout: 1000, maxTimeout: 1000, factor: 1 } : 0,
        onCompromised: (err) =>
          log?.error({ err: { message: err.message } }, 'data directory lock compromised'),
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(config.dataDir);
      throw err;
    }
    try {
      pglite = await PGlite.create({
        dataDir: path.join(config.dataDir, 'pgdata'),
        extensions: pgliteExtensions,
        postgresqlconf: conf,
      });
    } catch (err) {
      await release();
      throw err;
    }
    log?.info({ dataDir: config.dataDir }, 'opened embedded database');
  } else {
    pglite = await PGlite.create({
      extensions: pgliteExtensions,
      loadDataDir: config.loadDataDir,
      postgresqlconf: conf,
    });
  }
  await pglite.exec(`set pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY}`);
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite,
    async migrate() {
      await migratePglite(drizzlePglite({ client: pglite, schema }), { migrationsFolder });
    },
    async analyze() {
      await pglite.exec('analyze');
    },
    async vacuum() {
      await pglite.exec('vacuum analyze');
    },
    async close() {
      if (!pglite.closed) await pglite.close();
      await release?.();
    },
  };
}

/** Rows of a raw query on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
