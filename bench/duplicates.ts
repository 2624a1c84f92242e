import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig, testEnv } from '../src/server/config.ts';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import { generateDemo } from '../src/server/modules/demo/index.ts';
import {
  candidatesInsert,
  clusterRound,
  clusterTotals,
} from '../src/server/modules/merge/duplicates.refresh.ts';
import { refreshDuplicates } from '../src/server/modules/merge/index.ts';
import type { MergeEntity } from '../src/shared/merge.ts';
import { silent } from './app.ts';

/**
 * `npx tsx bench/duplicates.ts [--contacts 1000000] [--plant 20000] [--explain] [--drop]`: the duplicates
 * refresh on PostgreSQL, in its own scratch database `rapport_dupbench` (never the shared `rapport_bench`):
 * demo contacts and companies (`generateDemo`, contacts and companies only) plus planted near-duplicates
 * (the same e-mail in capitals, the same phone written another way, a typo in the first name within the
 * company; companies with a legal form added or the same website), then the wall time of each entity's
 * refresh, the database backend's peak memory, this process's peak RSS and, with `--explain`, EXPLAIN
 * ANALYZE of the main statements (in a transaction rolled back). The database is reused between runs
 * while it holds enough contacts; `--drop` removes it at the end.
 */
const DB_NAME = 'rapport_dupbench';
const log = (m: string) => console.log(m);
const fmt = (n: number) => n.toLocaleString('en-US');

function dbUrl() {
  const u = new URL(testEnv.databaseUrl());
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

async function admin(query: string) {
  const c = new pg.Client({ connectionString: testEnv.databaseUrl() });
  await c.connect();
  try {
    return await c.query(query);
  } finally {
    await c.end();
  }
}

const one = async <T>(db: Database, q: ReturnType<typeof sql>) => rowsOf<T>(await db.db.execute(q))[0] as T;

/** Near-duplicates of `n` random contacts and `n / 20` companies, in three kinds each. */
async function plant(database: Database, n: number) {
  const started = performance.now();
  await database.db.execute(sql`
    insert into contacts (first_name, last_name, emails, phones, company_id, owner_id, tags)
    select
      case when k % 3 = 2 then overlay(first_name placing '' from 2 for 1) else first_name end,
      last_name,
      case when k % 3 = 0 then coalesce((select jsonb_agg(jsonb_build_object('address', upper(e->>'address'), 'label', 'work'))
                                            from jsonb_array_elements(emails) e), '[]'::jsonb)
           else '[]'::jsonb end,
      case when k % 3 = 1 then coalesce((select jsonb_agg(jsonb_build_object('number', '+45 ' || (p->>'number'), 'label', 'mobile'))
                                            from jsonb_array_elements(phones) p), '[]'::jsonb)
           else '[]'::jsonb end,
      company_id, owner_id, '{dupbench}'
    from (select c.*, row_number() over () as k from (select * from contacts order by id limit ${n}) c) s`);
  await database.db.execute(sql`
    insert into companies (name, domain, website, owner_id, tags)
    select case when k % 2 = 0 then name || ' A/S' else overlay(name placing '' from 3 for 1) end,
      null, case when k % 2 = 0 then 'https://www.' || domain || '/' else null end, owner_id, '{dupbench}'
    from (select c.*, row_number() over () as k from (select * from companies order by id limit ${Math.max(1, Math.round(n / 20))}) c) s`);
  log(
    `planted ${fmt(n)} contacts and ${fmt(Math.round(n / 20))} companies (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

async function prepare(database: Database, contacts: number, plantN: number) {
  await database.migrate();
  const have = (await one<{ n: number }>(database, sql`select count(*)::int as n from contacts`)).n;
  if (have >= contacts) {
    log(`reusing ${DB_NAME} with ${fmt(have)} contacts`);
    return;
  }
  const config = loadConfig({ DATABASE_URL: dbUrl(), RAPPORT_LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  await generateDemo(database, config, { contacts: contacts - have, log });
  await plant(database, plantN);
  const started = performance.now();
  await database.db.execute(sql`vacuum analyze`);
  log(`vacuum analyze (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** The backend's peak resident memory (VmHWM), when the server runs on this machine. */
function backendPeakMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function explain(database: Database, entity: MergeEntity) {
  const now = new Date();
  await database.db
    .transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '64MB'`);
      await tx.execute(sql`delete from duplicate_candidates where entity = ${entity}`);
      for (const [label, q] of [
        ['insert', candidatesInsert(entity, now)],
        ['cluster round 1', clusterRound(entity)],
        ['cluster totals', clusterTotals(entity)],
      ] as const) {
        const plan = rowsOf<{ 'QUERY PLAN': string }>(
          await tx.execute(sql`explain (analyze, buffers, costs off) ${q}`),
        );
        log(`\n--- ${entity}: ${label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
        // As the refresh does: fresh statistics of the new pairs before the cluster rounds.
        if (label === 'insert') await tx.execute(sql`analyze duplicate_candidates`);
      }
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
}
class Rollback extends Error {}

export async function runDuplicatesBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      contacts: { type: 'string', default: '1000000' },
      plant: { type: 'string', default: '20000' },
      runs: { type: 'string', default: '2' },
      explain: { type: 'boolean', default: false },
      drop: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      'prepare-only': { type: 'boolean', default: false },
    },
  });
  if (values.fresh) await admin(`drop database if exists ${DB_NAME} with (force)`);
  const exists = await admin(`select 1 from pg_database where datname = '${DB_NAME}'`);
  if (!exists.rowCount) await admin(`create database ${DB_NAME}`);
  // One connection: the refresh's backend is the one whose peak memory is read.
  const config = loadConfig({
    DATABASE_URL: dbUrl(),
    RAPPORT_LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    RAPPORT_DB_POOL_MAX: '1',
  });
  const loader = await openDatabase({ kind: 'postgres', url: dbUrl(), poolMax: 4 });
  try {
    await prepare(loader, Number(values.contacts), Number(values.plant));
  } finally {
    await loader.close();
  }
  if (values['prepare-only']) return;
  const database = await openDatabase(config.database);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const counts = await one<{ contacts: number; companies: number }>(
      database,
      sql`select (select count(*)::int from contacts where deleted_at is null) as contacts,
                 (select count(*)::int from companies where deleted_at is null) as companies`,
    );
    log(
      `\n${new Date().toISOString()} · ${fmt(counts.contacts)} contacts, ${fmt(counts.companies)} companies`,
    );
    const ctx = systemCtx(database, config, silent);
    for (const entity of ['contact', 'company'] as const) {
      for (let run = 1; run <= Number(values.runs); run++) {
        const { pid } = await one<{ pid: number }>(database, sql`select pg_backend_pid() as pid`);
        const load = os.loadavg().map((x) => x.toFixed(1));
        const started = performance.now();
        const r = await refreshDuplicates(ctx, entity);
        const ms = performance.now() - started;
        const clusters = await one<{ n: number; big: number }>(
          database,
          sql`select count(distinct cluster_id)::int as n, coalesce(max(cluster_size), 0)::int as big
              from duplicate_candidates where entity = ${entity}`,
        );
        log(
          `${entity} run ${run}: ${fmt(r.pairs)} pairs, ${fmt(clusters.n)} clusters (largest ${clusters.big}) in ${(ms / 1000).toFixed(1)} s wall; backend peak ${backendPeakMb(pid) ?? '?'} MB; load ${load.join(' ')}`,
        );
      }
      if (values.explain) await explain(database, entity);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    log(`\nthis process's peak RSS ${Math.round(peak / 1_048_576)} MB`);
  } finally {
    clearInterval(sampler);
    await database.close();
    if (values.drop) {
      await admin(`drop database if exists ${DB_NAME} with (force)`);
      log(`dropped ${DB_NAME}`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDuplicatesBench(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
