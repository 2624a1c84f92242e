/**
 * Customer scoring benchmark: the `analytics-scoring` job (BG/NBD + Gamma-Gamma, RFM, association-rule
 * offers, batched upserts of `contact_scores` / `company_scores`) over a BTYD-like order history of N contacts,
 * beside the raw SQL the job's data work costs without the models, then the read side (the Customer value
 * dashboard, the contact list filtered and sorted by score, a contact's scores) with EXPLAIN (ANALYZE, BUFFERS).
 *
 *   npx tsx bench/scoring.ts [--db postgres|pglite|both] [--contacts 1000000] [--interactions 1000000] [--fresh]
 *
 * Databases: PostgreSQL `rapport_bench_scoring` (beside TEST_DATABASE_URL's server), PGlite
 * `/tmp/rapport-bench-scoring-pglite`; both reused while they hold the contacts asked for. Results and plans
 * go to `bench/results/<date>-scoring-<db>.md`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { type Config, loadConfig, testEnv } from '../src/server/config.ts';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import { getAnalyticsSettings } from '../src/server/modules/analytics/analytics.settings.ts';
import { customerValue } from '../src/server/modules/analytics/customer-value.ts';
import { buildOfferModel, nextBestOffers, ruleCount } from '../src/server/modules/analytics/nbo.ts';
import { rfmScores } from '../src/server/modules/analytics/rfm.ts';
import { fitSubject, predict } from '../src/server/modules/analytics/scoring.compute.ts';
import {
  clearFacts,
  costedMarginRate,
  loadBaskets,
  loadFacts,
  loadSummaries,
  stageFacts,
} from '../src/server/modules/analytics/scoring.data.ts';
import { queueRun, scoringJob } from '../src/server/modules/analytics/scoring.queue.ts';
import { drainJobs } from '../src/server/modules/jobs/index.ts';
import { createApiKey, createUser, findUserByEmail } from '../src/server/modules/users/index.ts';
import { silent } from './app.ts';
import { repoRoot } from './generate.ts';
import { ms, stats } from './measure.ts';
import { openRaw, type Raw } from './raw.ts';

type DbKind = 'postgres' | 'pglite';
const DB_NAME = 'rapport_bench_scoring';
const PGLITE_DIR = path.join(os.tmpdir(), 'rapport-bench-scoring-pglite');
const PRODUCTS = 2_000;
const OWNERS = 20;
const DAY_MS = 86_400_000;
const log = (m: string) => console.log(m);
const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (msv: number) => `${(msv / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;

function dbUrl() {
  const u = new URL(testEnv.databaseUrl());
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

function configFor(kind: DbKind, poolMax = 10): Config {
  const common = {
    NODE_ENV: 'production',
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_MAINTENANCE_MINUTES: '0',
    RAPPORT_JOB_POLL_SECONDS: '0',
    // A 1M run checkpoints every batch; a generous lease keeps a slow batch from losing it.
    RAPPORT_JOB_LEASE_SECONDS: '600',
    RAPPORT_DB_POOL_MAX: String(poolMax),
  };
  return loadConfig(
    kind === 'postgres' ? { ...common, DATABASE_URL: dbUrl() } : { ...common, RAPPORT_DATA_DIR: PGLITE_DIR },
  );
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

type Db = Database['db'];
/** A whole number written into the statement (generate_series and friends need typed arguments). */
const n = (v: number) => sql.raw(String(Math.trunc(v)));
const count = async (db: Db, q: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: number }>(await db.execute(q))[0]?.n ?? 0);

// --- dataset ------------------------------------------------------------------------------------------------

const FIRST = [
  'Anna',
  'Mette',
  'Søren',
  'Jörg',
  'Émilie',
  'Lars',
  'Ingrid',
  'Pieter',
  'Chiara',
  'Mateusz',
  'Zoë',
  'Henrik',
  'Camille',
  'Björn',
  'Lucía',
  'Tomás',
  'Freja',
  'Noah',
  'Ida',
  'Oskar',
  'Elin',
  'Jakub',
  'Sofía',
  'Matteo',
];
const LAST = [
  'Jørgensen',
  'Müller',
  'Dubois',
  'Rossi',
  'Nowak',
  'Andersen',
  'García',
  'Janssen',
  'Svensson',
  'Novák',
  'Lefèvre',
  'Bianchi',
  'Kowalski',
  'Nielsen',
  'Schmidt',
  'Martín',
  'de Vries',
  'Lindqvist',
  'Horváth',
  'Østergaard',
];

/**
 * The dataset, set-based inside the database (one connection, so `setseed` makes it repeatable):
 * 20 owners, N/20 companies, N contacts (60 % at a company), 2,000 products, orders for 70 % of the
 * contacts and a moderate number of interactions. Orders follow a BTYD-like pattern: each buyer's first
 * purchase is uniform over the last 2 years, its rate heterogeneous (3 × Exp(1)^1.5 a year, mean ≈ 4), a third
 * of the buyers churned (stopped at least 4 months ago), 1–15 orders over the active span. Lines: 1–4 (mostly
 * 1–2), product popularity skewed (rank ∝ U^2.5), the second line the first product's partner 60 % of the time
 * (and a third partner 30 %), unit costs on 85 % of lines, a 10 % discount on 12 %. 2 % cancelled, 1 % returned.
 */
async function generate(db: Db, contacts: number, interactions: number) {
  const started = performance.now();
  const elapsed = () => secs(performance.now() - started);
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`insert into users (email, name, role, password_hash, language)
    select 'owner' || g || '@scoring.bench.example', 'Owner ' || g, 'agent', 'x', 'en'
      from generate_series(1, ${n(OWNERS)}) g
    on conflict do nothing`);
  const owners = rowsOf<{ id: string }>(
    await db.execute(
      sql`select id::text as id from users where email like '%@scoring.bench.example' order by email`,
    ),
  ).map((r) => r.id);
  const companies = Math.max(1, Math.round(contacts / 20));
  await db.execute(sql`insert into companies (name, owner_id, industry)
    select 'Bench Company ' || g, (${sql.param(owners)}::uuid[])[1 + g % ${n(owners.length)}], 'retail'
      from generate_series(1, ${n(companies)}) g`);
  await db.execute(sql`create unlogged table bench_sc_companies as
    select (row_number() over (order by id))::int as n, id from companies`);
  await db.execute(sql`create unique index on bench_sc_companies (n)`);
  log(`  ${fmt(companies)} companies (${elapsed()})`);

  const CHUNK = 100_000;
  for (let done = 0; done < contacts; done += CHUNK) {
    const size = Math.min(CHUNK, contacts - done);
    await db.execute(sql`insert into contacts (first_name, last_name, emails, owner_id, company_id, lifecycle_stage, source, created_at)
      select f, l,
             jsonb_build_array(jsonb_build_object('address', 'c' || g || '@scoring.bench.example', 'label', 'work')),
             (${sql.param(owners)}::uuid[])[1 + (g * 7) % ${n(owners.length)}],
             case when g % 10 < 6 then (select id from bench_sc_companies where n = (1 + (g::bigint * 7919) % ${n(companies)})::int) end,
             'customer', 'bench-scoring', now() - make_interval(days => (g % 1095)::int)
        from (select g, (${sql.param(FIRST)}::text[])[1 + (g * 31) % ${n(FIRST.length)}] as f,
                     (${sql.param(LAST)}::text[])[1 + (g * 17 + g / 7) % ${n(LAST.length)}] as l
                from generate_series(${n(done + 1)}, ${n(done + size)}) g) s`);
    log(`  contacts: ${fmt(done + size)}/${fmt(contacts)} (${elapsed()})`);
  }
  await db.execute(sql`analyze contacts`);

  await db.execute(sql`insert into products (sku, names, cost_price, cost_currency, search_text)
    select 'SC-' || lpad(g::text, 5, '0'),
           jsonb_build_object('en', 'Scoring product ' || g, 'da', 'Vare ' || g, 'de', 'Artikel ' || g),
           (500 + (g * 7919) % 50000) * 6 / 10, 'EUR', 'sc-' || lpad(g::text, 5, '0') || ' scoring product ' || g
      from generate_series(1, ${n(PRODUCTS)}) g`);
  await db.execute(sql`insert into product_prices (product_id, currency, unit_price)
    select id, 'EUR', 500 + (substr(sku, 4)::int * 7919) % 50000 from products where sku like 'SC-%'
    on conflict do nothing`);
  await db.execute(sql`create unlogged table bench_sc_products as
    select substr(sku, 4)::int as n, id, sku, names->>'en' as name, (500 + (substr(sku, 4)::int * 7919) % 50000)::bigint as price,
           cost_price as cost
      from products where sku like 'SC-%'`);
  await db.execute(sql`create unique index on bench_sc_products (n)`);

  // Buyers: 70 % of the contacts, with birth (days ago), active span (days) and number of orders.
  await db.execute(sql`create unlogged table bench_sc_buyers as
    with c as (
      select (row_number() over (order by id))::int as n, id, company_id from contacts where source = 'bench-scoring'
    ), b as (
      select n, id, company_id, floor(random() * 730)::int as age, 3 * power(-ln(1 - random()), 1.5) as rate,
             random() < 0.35 as churned
        from c where random() < 0.7
    ), s as (
      select b.*, case when churned then floor(random() * greatest(0, age - 120))::int else age end as span from b
    )
    select (row_number() over (order by n))::int as k, id, company_id, age, span, churned,
           least(15, 1 + floor(rate * span / 365.0 + random()))::int as orders
      from s`);
  await db.execute(sql`create unique index on bench_sc_buyers (k)`);
  const buyers = await count(db, sql`select count(*)::int as n from bench_sc_buyers`);
  log(`  ${fmt(buyers)} buyers (${elapsed()})`);

  const BUYERS = 50_000;
  for (let from = 1; from <= buyers; from += BUYERS) {
    await db.execute(sql`
      with o as materialized (
        select gen_random_uuid() as id, b.k, j, b.id as contact_id, b.company_id,
               date_trunc('day', now()) - make_interval(days => case when j = 1 then b.age else b.age - floor(random() * (b.span + 1))::int end)
                 + make_interval(secs => floor(random() * 86400)::int) as ordered_at,
               1 + floor(${n(PRODUCTS)} * power(random(), 2.5))::int as a, 1 + floor(power(random(), 1.5) * 4)::int as lines,
               random() as st
          from bench_sc_buyers b cross join lateral generate_series(1, b.orders) j
         where b.k between ${n(from)} and ${n(from + BUYERS - 1)}
      ), l0 as (
        select o.id as order_id, p as position,
               case when p = 1 then o.a
                    when p = 2 and random() < 0.6 then 1 + (o.a * 37 + 11) % ${n(PRODUCTS)}
                    when p = 3 and random() < 0.3 then 1 + (o.a * 53 + 7) % ${n(PRODUCTS)}
                    else 1 + floor(${n(PRODUCTS)} * power(random(), 2.5))::int end as pn,
               1 + floor(power(random(), 3) * 5)::int as qty, random() < 0.12 as disc, random() < 0.85 as costed
          from o cross join lateral generate_series(1, o.lines) p
      ), l as materialized (
        select l0.order_id, l0.position, pr.id as product_id, pr.sku, pr.name, l0.qty, pr.price,
               case when l0.disc then round(l0.qty * pr.price * 0.1)::bigint end as discount,
               case when l0.costed then pr.cost end as cost
          from l0 join bench_sc_products pr on pr.n = l0.pn
      ), t as (
        select order_id, sum(qty * price - coalesce(discount, 0))::bigint as net,
               sum(qty * coalesce(cost, 0))::bigint as cost,
               coalesce(sum(qty * price - coalesce(discount, 0)) filter (where cost is null), 0)::bigint as uncosted
          from l group by order_id
      ), lines as (
        insert into order_lines (order_id, position, product_id, sku, description, quantity, unit_price, discount_amount, tax_rate, net, unit_cost)
        select order_id, position, product_id, sku, name, qty, price, discount, 25, qty * price - coalesce(discount, 0), cost from l
      )
      insert into orders (id, number, status, channel, contact_id, company_id, currency, ordered_at, confirmed_at,
                          delivered_at, cancelled_at, returned_at, net, tax, gross, cost, uncosted_net, tax_breakdown, source)
      select o.id, 'SC-' || o.k || '-' || o.j, s.status, (array['web','shop','phone','sales'])[1 + (o.k + o.j) % 4],
             o.contact_id, o.company_id, 'EUR', o.ordered_at, o.ordered_at + interval '1 hour',
             case when s.status in ('delivered', 'returned') then o.ordered_at + interval '3 days' end,
             case when s.status = 'cancelled' then o.ordered_at + interval '2 hours' end,
             case when s.status = 'returned' then o.ordered_at + interval '20 days' end,
             t.net, round(t.net * 0.25)::bigint, t.net + round(t.net * 0.25)::bigint, t.cost, t.uncosted,
             jsonb_build_array(jsonb_build_object('rate', '25', 'net', t.net, 'tax', round(t.net * 0.25)::bigint)),
             'bench-scoring'
        from o join t on t.order_id = o.id
        cross join lateral (select case when o.st < 0.02 then 'cancelled' when o.st < 0.03 then 'returned'
                                        when o.ordered_at > now() - interval '3 days' then 'confirmed'
                                        else 'delivered' end as status) s`);
    log(`  orders of buyers ${fmt(from)}–${fmt(Math.min(buyers, from + BUYERS - 1))} (${elapsed()})`);
  }

  // Interactions: skewed over the contacts (a few busy ones), over the last 2 years, by their owners.
  await db.execute(sql`create unlogged table bench_sc_contacts as
    select (row_number() over (order by id))::int as n, id, owner_id from contacts where source = 'bench-scoring'`);
  await db.execute(sql`create unique index on bench_sc_contacts (n)`);
  const ICHUNK = 250_000;
  for (let done = 0; done < interactions; done += ICHUNK) {
    const size = Math.min(ICHUNK, interactions - done);
    await db.execute(sql`insert into interactions (channel, direction, occurred_at, subject, user_id, contact_id, company_id, source)
      select (array['email','phone','meeting','chat','sms'])[1 + s.g % 5], case when s.g % 3 = 0 then 'in' else 'out' end,
             now() - make_interval(secs => floor(random() * 730 * 86400)::int), 'Bench touch ' || s.g, c.owner_id, c.id, null,
             'bench-scoring'
        from (select g, 1 + ((floor(power(random(), 2) * ${n(contacts)})::bigint * 7919) % ${n(contacts)})::int as cn
                from generate_series(${n(done + 1)}, ${n(done + size)}) g offset 0) s
        join bench_sc_contacts c on c.n = s.cn`);
    log(`  interactions: ${fmt(done + size)}/${fmt(interactions)} (${elapsed()})`);
  }
  for (const t of ['bench_sc_companies', 'bench_sc_products', 'bench_sc_buyers', 'bench_sc_contacts'])
    await db.execute(sql.raw(`drop table if exists ${t}`));
  await db.execute(sql`vacuum analyze`);
  log(`  vacuum analyze done (${elapsed()})`);
  return performance.now() - started;
}

async function prepare(kind: DbKind, contacts: number, interactions: number, fresh: boolean) {
  if (kind === 'postgres') {
    if (fresh) await admin(`drop database if exists ${DB_NAME} with (force)`);
    const exists = await admin(`select 1 from pg_database where datname = '${DB_NAME}'`);
    if (!exists.rowCount) await admin(`create database ${DB_NAME}`);
  } else if (fresh) fs.rmSync(PGLITE_DIR, { recursive: true, force: true });
  // Migrating needs two connections (one holds the advisory lock); generating uses one, for `setseed`.
  const migrator = await openDatabase(configFor(kind, 2).database);
  await migrator.migrate();
  await migrator.close();
  const loader = await openDatabase(configFor(kind, 1).database);
  try {
    const have = await count(
      loader.db,
      sql`select count(*)::int as n from contacts where source = 'bench-scoring'`,
    );
    if (have >= contacts) {
      log(`${kind}: reusing ${fmt(have)} contacts`);
      return null;
    }
    if (have > 0)
      throw new Error(`${kind}: holds ${fmt(have)} bench contacts, fewer than asked: use --fresh`);
    log(`${kind}: generating ${fmt(contacts)} contacts with orders and ${fmt(interactions)} interactions…`);
    return await generate(loader.db, contacts, interactions);
  } finally {
    await loader.close();
  }
}

// --- statement capture (timing split and plans) -------------------------------------------------------------

type Statement = { text: string; params: unknown[] };
type Capture = {
  /** Statements run while a label is set, by label. */
  statements: Map<string, Statement[]>;
  /** Database time by statement class while `timing` is on. */
  timing: Map<string, { n: number; ms: number }> | null;
  label: string | null;
};
const capture: Capture = { statements: new Map(), timing: null, label: null };

function classify(text: string): string {
  if (/insert into "contact_scores"|insert into "company_scores"/i.test(text)) return 'upsert scores';
  if (/with ids as \(select unnest/i.test(text)) return 'load facts (per batch)';
  if (/row_number\(\) over \(partition by id order by day\)/i.test(text)) return 'load summaries';
  if (/array_agg\(distinct l\.product_id::text\) as items/i.test(text)) return 'load baskets';
  if (/^delete from "(contact|company)_scores"/i.test(text)) return 'delete stale scores';
  if (/"jobs"/i.test(text)) return 'job checkpoints / claim';
  if (/^(begin|commit|rollback)/i.test(text)) return 'begin / commit';
  return 'other';
}

function record(text: string, params: unknown[], started: number) {
  if (capture.label) {
    const list = capture.statements.get(capture.label) ?? [];
    list.push({ text, params });
    capture.statements.set(capture.label, list);
  }
  if (capture.timing) {
    const k = classify(text);
    const e = capture.timing.get(k) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += performance.now() - started;
    capture.timing.set(k, e);
  }
}

/** Wraps the driver: every pg client's `query` (pool and transactions alike), or PGlite's query/transaction. */
function installCapture(database: Database) {
  if (database.kind === 'postgres') {
    const proto = pg.Client.prototype as unknown as {
      query: (...a: unknown[]) => unknown;
      __wrapped?: boolean;
    };
    if (proto.__wrapped) return;
    proto.__wrapped = true;
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [cfg, second] = args;
      const text = typeof cfg === 'string' ? cfg : ((cfg as { text?: string })?.text ?? '');
      const params = (
        Array.isArray(second) ? second : ((cfg as { values?: unknown[] })?.values ?? [])
      ) as unknown[];
      const started = performance.now();
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...r: unknown[]) => {
          record(text, params, started);
          return (last as (...x: unknown[]) => unknown)(...r);
        };
        return original.apply(this, args);
      }
      const out = original.apply(this, args) as Promise<unknown> | undefined;
      if (out && typeof (out as Promise<unknown>).then === 'function')
        (out as Promise<unknown>).then(
          () => record(text, params, started),
          () => {},
        );
      return out;
    };
    return;
  }
  const lite = database.pglite! as unknown as {
    query: (...a: unknown[]) => Promise<unknown>;
    transaction: (
      fn: (tx: { query: (...a: unknown[]) => Promise<unknown> }) => Promise<unknown>,
    ) => Promise<unknown>;
  };
  const wrap =
    (q: (...a: unknown[]) => Promise<unknown>) => async (text: unknown, params?: unknown, opts?: unknown) => {
      const started = performance.now();
      const out = await q(text, params, opts);
      record(text as string, (params as unknown[]) ?? [], started);
      return out;
    };
  const query = lite.query.bind(lite);
  lite.query = wrap(query);
  const transaction = lite.transaction.bind(lite);
  lite.transaction = (fn) =>
    transaction((tx) => {
      const q = tx.query.bind(tx);
      tx.query = wrap(q);
      return fn(tx);
    });
}

// --- measuring ----------------------------------------------------------------------------------------------

const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};

async function median(n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 2; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i + 2);
    out.push(performance.now() - t);
  }
  return stats(out);
}

type Row = { case: string; ours: string; raw: string; rss: string };
type Plan = { title: string; text: string; flags: string[] };

async function explain(raw: Raw, title: string, st: Statement): Promise<Plan> {
  const rows = await raw.query(`explain (analyze, buffers) ${st.text}`, st.params);
  const text = rows.map((r) => String(Object.values(r)[0])).join('\n');
  const flags: string[] = [];
  if (/Seq Scan on contacts\b/.test(text)) flags.push('seq scan on contacts');
  if (/Seq Scan on contact_scores\b/.test(text)) flags.push('seq scan on contact_scores');
  if (/external merge|Disk:/.test(text)) flags.push('spills to disk');
  const top = /Execution Time: ([\d.]+) ms/.exec(text);
  if (top) flags.push(`${top[1]} ms`);
  return { title, text, flags };
}

function rssPeak() {
  return process.resourceUsage().maxRSS * 1024;
}

async function runOne(kind: DbKind, opts: { contacts: number; interactions: number; fresh: boolean }) {
  const loadMs = await prepare(kind, opts.contacts, opts.interactions, opts.fresh);
  const config = configFor(kind);
  const database = await openDatabase(config.database);
  await database.migrate();
  installCapture(database);
  const raw = await openRaw(database, kind === 'postgres' ? dbUrl() : undefined);
  const ctx = systemCtx(database, config, silent);
  const rows: Row[] = [];
  const plans: Plan[] = [];
  const notes: string[] = [];
  const db = database.db;
  try {
    const sizes = rowsOf<Record<string, number>>(
      await db.execute(sql`select (select count(*)::int from contacts where deleted_at is null) as contacts,
        (select count(*)::int from companies where deleted_at is null) as companies,
        (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines,
        (select count(distinct contact_id)::int from orders) as buyers,
        (select count(*)::int from interactions) as interactions,
        (select count(*)::int from products) as products`),
    )[0]!;
    const dataset = `${fmt(sizes.contacts!)} contacts (${fmt(sizes.buyers!)} with orders), ${fmt(sizes.companies!)} companies, ${fmt(sizes.orders!)} orders, ${fmt(sizes.lines!)} order lines, ${fmt(sizes.products!)} products, ${fmt(sizes.interactions!)} interactions`;
    log(`\n${kind}: ${dataset}${loadMs ? `; generated in ${secs(loadMs)}` : ''}`);
    const load = () =>
      os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ');
    notes.push(`load average before the run: ${load()}`);

    // 1. The full job: queue + drain, with the database time of its statements by class.
    await db.execute(sql`delete from contact_scores`);
    await db.execute(sql`delete from company_scores`);
    await db.execute(sql`delete from analytics_runs`);
    await db.execute(sql`delete from jobs where kind = 'analytics-scoring'`);
    if (kind === 'postgres') await db.execute(sql`vacuum analyze contact_scores, company_scores`);
    const rssBefore = rssPeak();
    let sampled = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    }, 200);
    capture.timing = new Map();
    log(`${kind}: scoring run (queue + drain)…`);
    const [, jobMs] = await time(async () => {
      await queueRun(ctx, 'manual');
      await drainJobs(database, config, silent, [scoringJob]);
    });
    clearInterval(sampler);
    const timing = capture.timing;
    capture.timing = null;
    const jobPeak = Math.max(rssPeak(), sampled);
    const [run] = rowsOf<{ status: string; subjects: unknown; alerts: number; error: string | null }>(
      await db.execute(
        sql`select status, subjects, alerts, error from analytics_runs order by created_at desc limit 1`,
      ),
    );
    const subjects = (typeof run?.subjects === 'string' ? JSON.parse(run.subjects) : run?.subjects) as {
      subjectType: string;
      customers: number;
      rules: number;
      bgnbd: { params: Record<string, number> } | null;
      gammaGamma: { params: Record<string, number> } | null;
    }[];
    log(`  ${run?.status} in ${secs(jobMs)}${run?.error ? ` (${run.error})` : ''}; peak RSS ${mb(jobPeak)}`);
    const scored =
      subjects
        ?.map((s) => `${fmt(s.customers)} ${s.subjectType === 'company' ? 'companies' : 'contacts'}`)
        .join(', ') ?? '';
    rows.push({
      case: `scoring run, queue + drain (${scored}; ${subjects?.[0]?.rules ?? 0} rules)`,
      ours: secs(jobMs),
      raw: '',
      rss: `${mb(jobPeak)} (before ${mb(rssBefore)})`,
    });
    const dbMs = [...timing.values()].reduce((s, e) => s + e.ms, 0);
    const split = [...timing.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, e]) => `| ${k} | ${fmt(e.n)} | ${secs(e.ms)} |`);
    split.push(`| **database total** | | **${secs(dbMs)}** |`);
    split.push(
      `| in the process (fits, RFM, rules, predictions, offers, building rows) and waiting | | ${secs(jobMs - dbMs)} |`,
    );
    notes.push(
      `run: ${run?.status}, alerts ${run?.alerts}; models: ${JSON.stringify(subjects?.map((s) => ({ subject: s.subjectType, bgnbd: s.bgnbd?.params, gg: s.gammaGamma?.params })))}`,
    );

    // 2. The split by direct calls (after the run, so its peak RSS is the job's own).
    const settings = await getAnalyticsSettings(db);
    const now = new Date();
    const today = Math.floor(now.getTime() / DAY_MS);
    const [summaries, summaryMs] = await time(() => loadSummaries(db, 'contact', 'EUR', now));
    const [models, fitMs] = await time(() => fitSubject(summaries, today));
    const [, rfmMs] = await time(() =>
      rfmScores(
        summaries.map((s) => ({
          id: s.id,
          recencyDays: today - s.lastDay,
          frequency: s.purchases,
          monetary: s.total,
        })),
      ),
    );
    const [baskets, basketMs] = await time(() => loadBaskets(db, 'EUR', now, 200_000));
    const [offers, rulesMs] = await time(() =>
      buildOfferModel(baskets, { minSupport: settings.minSupport, minConfidence: settings.minConfidence }),
    );
    const marginRate = (await costedMarginRate(db, 'EUR', now)) ?? 1;
    // The run's facts staged set-based, then a sample of batches: facts (read back by primary key) and
    // predictions + offers (process); the upsert is timed in the run.
    const benchRun = crypto.randomUUID();
    const [, stageMs] = await time(() => stageFacts(db, benchRun, 'contact', 'EUR', now));
    const SAMPLE = 20;
    let factsMs = 0;
    let predictMs = 0;
    let sampledBatches = 0;
    const step = Math.max(1, Math.floor(summaries.length / 1000 / SAMPLE)) * 1000;
    for (let i = 0; i < summaries.length && sampledBatches < SAMPLE; i += step, sampledBatches++) {
      const part = summaries.slice(i, i + 1000);
      const [facts, f] = await time(() =>
        loadFacts(
          db,
          benchRun,
          'contact',
          part.map((s) => s.id),
        ),
      );
      factsMs += f;
      const t = performance.now();
      for (const s of part) {
        predict(s, today, models, settings, marginRate);
        nextBestOffers(offers, facts.get(s.id)?.owned ?? [], 3);
      }
      predictMs += performance.now() - t;
    }
    const batches = Math.ceil(summaries.length / 1000);
    const perBatch = (v: number) => v / Math.max(1, sampledBatches);
    rows.push(
      {
        case: `· summary load, contacts (${fmt(summaries.length)} rows)`,
        ours: secs(summaryMs),
        raw: '',
        rss: '',
      },
      { case: '· fit BG/NBD + Gamma-Gamma, contacts', ours: secs(fitMs), raw: '–', rss: '' },
      { case: '· RFM scores, contacts', ours: secs(rfmMs), raw: '–', rss: '' },
      {
        case: `· baskets load (${fmt(baskets.length)}) + rules (${ruleCount(offers)})`,
        ours: `${secs(basketMs)} + ${secs(rulesMs)}`,
        raw: '–',
        rss: '',
      },
      { case: '· facts staged (one set-based insert … select)', ours: secs(stageMs), raw: '', rss: '' },
      {
        case: `· per batch of 1,000: facts SQL / predict + offers (× ${fmt(batches)} contact batches)`,
        ours: `${ms(perBatch(factsMs))} / ${ms(perBatch(predictMs))} ms`,
        raw: '–',
        rss: '',
      },
    );

    // 3. Raw SQL baseline: the summary query alone, and a set-based per-customer aggregate into a scratch table.
    const summaryText = `with d as (
        select o.contact_id as id, (o.ordered_at at time zone 'UTC')::date - date '1970-01-01' as day, sum(o.net) as v
          from orders o where o.deleted_at is null and o.status not in ('cancelled', 'returned') and o.contact_id is not null
           and o.currency = $1 and o.ordered_at < $2
         group by 1, 2
      ), n as (select id, day, v, row_number() over (partition by id order by day) as k from d)
      select id::text as id, count(*)::int as purchases, min(day)::int as first_day, max(day)::int as last_day,
             sum(v)::text as total, coalesce(sum(v) filter (where k > 1), 0)::text as repeat_total
        from n group by id order by id`;
    const [, rawSummaryMs] = await time(() => raw.query(summaryText, ['EUR', now.toISOString()]));
    rows[1]!.raw = secs(rawSummaryMs);
    plans.push(
      await explain(raw, 'summary query (contacts)', {
        text: summaryText,
        params: ['EUR', now.toISOString()],
      }),
    );
    await raw.query('drop table if exists bench_scoring_scratch');
    await raw.query(`create table bench_scoring_scratch (contact_id uuid primary key, purchases int, first_at date,
      last_at date, revenue bigint, list_revenue bigint, discounts bigint, cogs bigint, owned text[], interactions int)`);
    const scratchText = `insert into bench_scoring_scratch
      with o as (
        select o.id, o.contact_id, o.ordered_at, o.net from orders o
         where o.deleted_at is null and o.status not in ('cancelled', 'returned') and o.contact_id is not null
           and o.currency = $1 and o.ordered_at < $2
      ), per as (
        select contact_id, count(distinct (ordered_at at time zone 'UTC')::date)::int as purchases,
               min(ordered_at)::date as first_at, max(ordered_at)::date as last_at, sum(net)::bigint as revenue
          from o group by 1
      ), lines as (
        select o.contact_id, sum(round(l.quantity * l.unit_price))::bigint as list_revenue,
               sum(round(l.quantity * l.unit_price) - l.net)::bigint as discounts,
               sum(round(l.quantity * coalesce(l.unit_cost, 0)))::bigint as cogs,
               array_agg(distinct l.product_id::text) filter (where l.product_id is not null) as owned
          from o join order_lines l on l.order_id = o.id group by 1
      ), touches as (
        select contact_id, count(*)::int as n from interactions where deleted_at is null and contact_id is not null group by 1
      )
      select per.contact_id, per.purchases, per.first_at, per.last_at, per.revenue, lines.list_revenue, lines.discounts,
             lines.cogs, lines.owned, coalesce(touches.n, 0)
        from per left join lines using (contact_id) left join touches using (contact_id)`;
    const [, scratchMs] = await time(() => raw.query(scratchText, ['EUR', now.toISOString()]));
    rows[0]!.raw = `${secs(scratchMs)} (insert … select of the per-contact aggregate)`;
    await raw.query('drop table bench_scoring_scratch');
    const oneBatch = summaries.slice(0, 1000).map((s) => s.id);
    capture.label = 'facts';
    await loadFacts(db, benchRun, 'contact', oneBatch);
    capture.label = null;
    const factsSt = capture.statements.get('facts')?.find((s) => /from scoring_facts/.test(s.text));
    if (factsSt) plans.push(await explain(raw, 'load facts, one batch of 1,000 contacts', factsSt));
    await clearFacts(db, benchRun, 'contact');

    // 4. Read side, through the app too.
    // Through the app: an admin with an API key, requests by inject.
    const app = await buildApp({ config, database, logger: false });
    const ADMIN = 'bench-admin@scoring.bench.example';
    const existing = await findUserByEmail(db, ADMIN);
    const adminId =
      existing?.id ??
      (
        await createUser(ctx, {
          email: ADMIN,
          name: 'Benchmark admin',
          role: 'admin',
          language: 'en',
          password: 'bench-scoring-password-1234',
          teamIds: [],
        })
      ).id;
    const { key } = await createApiKey(ctx, adminId, 'scoring bench');
    const get = async (url: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${key}` },
      });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };
    const listUrl = '/contacts?score.churnBand=high&score.clv12[gt]=100000&sort=-score.clv12&limit=50';
    // First as the run leaves the score tables: it does not analyse them, and this server runs without
    // autovacuum (PGlite has none), so the planner still has the statistics of the empty tables.
    const est = (
      await raw.query(`select reltuples::bigint as n from pg_class where relname = 'contact_scores'`)
    )[0];
    capture.label = 'list-before';
    await get(listUrl);
    capture.label = null;
    const listBefore = await median(3, () => get(listUrl));
    rows.push({
      case: `list, as the run leaves the statistics (contact_scores reltuples ${fmt(Number(est?.n ?? 0))})`,
      ours: `${ms(listBefore.p50)} ms`,
      raw: '',
      rss: '',
    });
    for (const [i, st] of (capture.statements.get('list-before') ?? [])
      .filter((s) => /from "contacts"/i.test(s.text))
      .entries())
      plans.push(await explain(raw, `list statement ${i + 1}, before ANALYZE of the score tables`, st));
    const [, analyzeMs] = await time(() => raw.query('analyze contact_scores, company_scores'));
    notes.push(
      `analyze contact_scores, company_scores after the run: ${secs(analyzeMs)}; the cases below are after it`,
    );
    const [cv] = await time(() => customerValue(ctx, 'contact'));
    capture.label = 'dashboard';
    await customerValue(ctx, 'contact');
    capture.label = null;
    const dashboard = (capture.statements.get('dashboard') ?? []).filter((s) => /_scores/.test(s.text));
    const dash = await median(5, () => customerValue(ctx, 'contact'));
    const dashRaw = await median(5, async () => {
      for (const st of dashboard) await raw.query(st.text, st.params);
    });
    rows.push({
      case: `dashboard: customerValue(contact) (${fmt(cv.totals.customers)} customers, ${fmt(cv.totals.atRisk)} at risk)`,
      ours: `${ms(dash.p50)} ms`,
      raw: `${ms(dashRaw.p50)} ms (its ${dashboard.length} statements replayed)`,
      rss: '',
    });
    for (const [i, st] of dashboard.entries())
      plans.push(await explain(raw, `dashboard statement ${i + 1}`, st));

    const dashHttp = await median(5, () => get('/analytics/customer-value?subject=contact'));
    rows.push({
      case: '· GET /analytics/customer-value (through the app)',
      ours: `${ms(dashHttp.p50)} ms`,
      raw: '',
      rss: '',
    });

    const first = (await get(listUrl)).json() as { data: { id: string }[] };
    capture.label = 'list';
    await get(listUrl);
    capture.label = null;
    const list = await median(7, () => get(listUrl));
    const listRawText = `select c.id, c.first_name, c.last_name, c.emails, c.owner_id, c.company_id, s.clv12
        from contact_scores s join contacts c on c.id = s.contact_id
       where s.churn_band = 'high' and s.clv12 > 100000 and c.deleted_at is null
       order by s.clv12 desc nulls last, c.id desc limit 51`;
    const listRaw = await median(7, () => raw.query(listRawText));
    const matching = Number(
      (
        await raw.query(
          `select count(*)::int as n from contact_scores where churn_band = 'high' and clv12 > 100000`,
        )
      )[0]?.n,
    );
    rows.push({
      case: `list: churn band high and CLV 12 > 1,000.00, sort -score.clv12, 50 (${fmt(matching)} match; page has ${first.data.length})`,
      ours: `${ms(list.p50)} ms`,
      raw: `${ms(listRaw.p50)} ms`,
      rss: '',
    });
    const listStatements = (capture.statements.get('list') ?? []).filter((s) =>
      /from "contacts"/i.test(s.text),
    );
    for (const [i, st] of listStatements.entries())
      plans.push(await explain(raw, `list statement ${i + 1} (the app's)`, st));
    plans.push(await explain(raw, 'list, hand-written (raw baseline)', { text: listRawText, params: [] }));
    const sortUrl = '/contacts?sort=-score.clv12&limit=50';
    capture.label = 'sort';
    await get(sortUrl);
    capture.label = null;
    const sortOnly = await median(3, () => get(sortUrl));
    const sortRawText = `select c.id, c.first_name, c.last_name, c.emails, c.owner_id, c.company_id, s.clv12
        from contact_scores s join contacts c on c.id = s.contact_id where c.deleted_at is null
       order by s.clv12 desc nulls last, c.id desc limit 51`;
    const sortRaw = await median(3, () => raw.query(sortRawText));
    rows.push({
      case: 'list: all contacts sorted by -score.clv12, 50 (no filter)',
      ours: `${ms(sortOnly.p50)} ms`,
      raw: `${ms(sortRaw.p50)} ms`,
      rss: '',
    });
    for (const [i, st] of (capture.statements.get('sort') ?? [])
      .filter((s) => /from "contacts"/i.test(s.text))
      .entries())
      plans.push(await explain(raw, `sort-only list statement ${i + 1} (the app's)`, st));
    plans.push(await explain(raw, 'sort-only list, hand-written', { text: sortRawText, params: [] }));

    const ids = (
      await raw.query('select contact_id::text as id from contact_scores order by contact_id limit 200')
    ).map((r) => String(r.id));
    const scores = await median(50, (i) => get(`/contacts/${ids[i % ids.length]}/scores`));
    const scoresRaw = await median(50, async (i) => {
      const id = ids[i % ids.length];
      await raw.query('select id from contacts where id = $1 and deleted_at is null', [id]);
      const [s] = await raw.query('select * from contact_scores where contact_id = $1', [id]);
      const offers = (s?.next_best_offers ?? []) as { productId: string; because: string[] }[];
      const pids = [...new Set(offers.flatMap((o) => [o.productId, ...o.because]))];
      await raw.query(
        'select id::text as id, names, sku, archived_at is null as offerable from products where id = any($1::uuid[]) and deleted_at is null',
        [pids],
      );
    });
    rows.push({
      case: 'contact page: GET /contacts/:id/scores (200 rotating ids)',
      ours: `${ms(scores.p50)} ms`,
      raw: `${ms(scoresRaw.p50)} ms`,
      rss: '',
    });
    capture.label = 'scores';
    await get(`/contacts/${ids[0]}/scores`);
    capture.label = null;
    for (const [i, st] of (capture.statements.get('scores') ?? [])
      .filter((s) => /scores|products/.test(s.text))
      .entries())
      plans.push(await explain(raw, `contact scores statement ${i + 1}`, st));
    await app.close();
    rows.push({
      case: 'peak RSS of the process over the whole benchmark',
      ours: '',
      raw: '',
      rss: mb(rssPeak()),
    });
    notes.push(`load average after: ${load()}`);

    // Report.
    const table = [
      '| case | ours | raw SQL baseline | peak RSS |',
      '|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.case} | ${r.ours} | ${r.raw} | ${r.rss} |`),
    ].join('\n');
    const splitTable = [
      '| database time in the run, by statement | statements | time |',
      '|---|---:|---:|',
      ...split,
    ].join('\n');
    console.log(`\n${table}\n\n${splitTable}\n`);
    for (const p of plans) console.log(`plan: ${p.title}: ${p.flags.join(', ')}`);
    const dir = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(
      dir,
      `${new Date().toISOString().slice(0, 16).replace(':', '')}-scoring-${kind}.md`,
    );
    fs.writeFileSync(
      file,
      [
        `# Customer scoring, ${kind}, ${new Date().toISOString()}`,
        '',
        `Dataset: ${dataset}.${loadMs ? ` Generated in ${secs(loadMs)}.` : ''} Machine: ${os.cpus().length} cores.`,
        '',
        table,
        '',
        splitTable,
        '',
        ...notes.map((n) => `- ${n}`),
        '',
        '## Query plans',
        '',
        ...plans.flatMap((p) => [
          `### ${p.title}${p.flags.length ? ` — ${p.flags.join(', ')}` : ''}`,
          '',
          '```',
          p.text,
          '```',
          '',
        ]),
      ].join('\n'),
    );
    log(`results and plans: ${path.relative(process.cwd(), file)}`);
  } finally {
    await raw.close();
    await database.close();
  }
}

export async function runScoringBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'postgres' },
      contacts: { type: 'string', default: '1000000' },
      interactions: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const kinds: DbKind[] = values.db === 'both' ? ['postgres', 'pglite'] : [values.db as DbKind];
  const contacts = Number(values.contacts);
  const interactions = values.interactions === undefined ? contacts : Number(values.interactions);
  for (const kind of kinds) await runOne(kind, { contacts, interactions, fresh: values.fresh });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runScoringBench(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
