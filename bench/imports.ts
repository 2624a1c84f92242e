import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { faker } from '@faker-js/faker';
import pg from 'pg';
import { loadConfig, testEnv } from '../src/server/config.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import { importFromCli } from '../src/server/modules/imports/index.ts';
import { silent } from './app.ts';
import { repoRoot } from './generate.ts';
import { openRaw } from './raw.ts';

/**
 * `npx tsx bench/imports.ts [--db postgres|pglite|both] [--rows 1000000]`: rows per second importing a
 * contact CSV into an empty database — duplicate detection off (`match: none`) and on (by e-mail) —
 * beside the raw SQL that loads the same file (COPY into a staging table, one INSERT … SELECT into
 * contacts), with the importing process's peak memory. Each run gets a fresh database.
 */
type Kind = 'pglite' | 'postgres';
const log = (m: string) => console.log(m);

function writeCsv(file: string, rows: number) {
  faker.seed(42);
  const out = fs.openSync(file, 'w');
  const countries = ['DK', 'DE', 'FR', 'SE', 'NL', 'BE', 'AT', 'CH', 'NO', 'GB'];
  // B2B lists: about 20 people a company.
  const companies = Array.from(
    { length: Math.max(1, Math.ceil(rows / 20)) },
    (_, i) => `${faker.company.name().replace(/[,"]/g, '')} ${i}`,
  );
  let buf = 'First name,Last name,Email,Phone,Company,City,Country,Tags\n';
  for (let i = 0; i < rows; i++) {
    const first = faker.person.firstName().replace(/,/g, '');
    const last = faker.person.lastName().replace(/,/g, '');
    const country = countries[i % countries.length]!;
    buf += `${first},${last},${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example.org,+45 ${20_000_000 + i},${companies[i % companies.length]},${faker.location.city().replace(/,/g, '')},${country},import-bench\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

async function freshDatabase(
  kind: Kind,
  name: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const base = {
    NODE_ENV: 'production',
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_MAINTENANCE_MINUTES: '0',
    RAPPORT_JOB_POLL_SECONDS: '0',
  };
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rapport-${name}-`));
    return {
      env: { ...base, RAPPORT_DATA_DIR: dir },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = new pg.Client({ connectionString: testEnv.databaseUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(testEnv.databaseUrl());
  u.pathname = `/${name}`;
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), `rapport-${name}-files-`));
  return {
    env: { ...base, DATABASE_URL: u.toString(), RAPPORT_FILES_DIR: filesDir },
    drop: async () => {
      const a = new pg.Client({ connectionString: testEnv.databaseUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** Peak resident memory of this process while `fn` runs (sampled every 100 ms). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const result = await fn();
    return { result, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1_048_576) };
  } finally {
    clearInterval(t);
  }
}

/**
 * The import as a user runs it: `rapport import` in its own process (what the server's import job does,
 * without the benchmark's data generator in the same heap), with that process's peak RSS (VmHWM, sampled
 * from /proc every 200 ms). The time includes the process's start (~2 s).
 */
async function importRun(kind: Kind, file: string, rows: number, match: 'none' | 'email') {
  const { env, drop } = await freshDatabase(kind, `rapport_bench_import_${match}`);
  try {
    // The schema first, so the timing is the import's.
    const config = loadConfig(env);
    const database: Database = await openDatabase(config.database);
    await database.migrate();
    await database.close();
    const start = performance.now();
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/rapport.mjs'),
        'import',
        file,
        '--entity',
        'contacts',
        '--match',
        match,
        '--default-country',
        'DK',
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-10_000);
    });
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-10_000);
    });
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited between samples
      }
    }, 200);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(sample);
    const secs = (performance.now() - start) / 1000;
    if (code !== 0) throw new Error(`rapport import exited with ${code}: ${err}`);
    const summary = JSON.parse(out.trim().split('\n').at(-1)!) as { created: number };
    if (summary.created !== rows) throw new Error(`import created ${summary.created} of ${rows}`);
    return { secs, rate: rows / secs, peakMb: Math.round(peakKb / 1024) };
  } finally {
    await drop();
  }
}

/** The raw baseline: the same CSV through COPY into a staging table and one INSERT … SELECT. */
async function rawRun(kind: Kind, file: string, rows: number) {
  const { env, drop } = await freshDatabase(kind, 'rapport_bench_import_raw');
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const start = performance.now();
    const staging = `create unlogged table staging (first text, last text, email text, phone text, company text, city text, country text, tags text)`;
    const insert = `insert into contacts (first_name, last_name, emails, phones, addresses, tags)
      select first, last, jsonb_build_array(jsonb_build_object('address', email, 'label', 'work')),
        jsonb_build_array(jsonb_build_object('number', phone, 'label', 'work')),
        jsonb_build_array(jsonb_build_object('label', 'work', 'street', '', 'postalCode', '', 'city', city, 'region', '', 'country', country)),
        array[tags] from staging`;
    if (database.kind === 'postgres') {
      const { from } = await import('pg-copy-streams');
      const { pipeline } = await import('node:stream/promises');
      const client = await database.pool!.connect();
      try {
        await client.query(staging);
        await pipeline(
          fs.createReadStream(file),
          client.query(from(`copy staging from stdin with (format csv, header true)`)),
        );
        await client.query(insert);
      } finally {
        client.release();
      }
    } else {
      const pglite = database.pglite!;
      await pglite.query(staging);
      await pglite.query(`copy staging from '/dev/blob' with (format csv, header true)`, [], {
        blob: new Blob([fs.readFileSync(file)]),
      });
      await pglite.query(insert);
    }
    const secs = (performance.now() - start) / 1000;
    return { secs, rate: rows / secs };
  } finally {
    await database.close();
    await drop();
  }
}

/** A catalogue of 50 products and a web-shop export: `orders` orders of 3 lines, a customer per 3 orders. */
function writeShopFiles(dir: string, orders: number) {
  const catalogue = path.join(dir, 'catalogue.csv');
  let c = 'SKU,Name,Price,Currency\n';
  for (let i = 0; i < 50; i++) c += `SKU-${i},Product ${i},${(10 + i).toFixed(2)},EUR\n`;
  fs.writeFileSync(catalogue, c);
  const shop = path.join(dir, `orders-${orders}.csv`);
  const out = fs.openSync(shop, 'w');
  let buf = 'Order Number,Order Date,Currency,Email,First Name,Last Name,SKU,Quantity,Unit Price,Tax Rate\n';
  for (let o = 0; o < orders; o++) {
    const who = Math.floor(o / 3);
    for (let j = 0; j < 3; j++)
      buf += `${100_000 + o},2026-0${1 + (o % 9)}-1${o % 9},EUR,buyer${who}@shop.example,Buyer,${who},SKU-${(o + j * 7) % 50},${1 + ((o + j) % 3)},${(10 + ((o + j * 7) % 50)).toFixed(2)},25\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return { catalogue, shop };
}

/**
 * Orders through the import (the ingest service, an order a savepoint) beside the raw SQL that stores the
 * same orders set-based (contacts, then orders and lines from `unnest`, 1,000 orders a statement).
 */
async function ordersRun(kind: Kind, orders: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-shop-'));
  const { catalogue, shop } = writeShopFiles(dir, orders);
  const { env, drop } = await freshDatabase(kind, 'rapport_bench_import_orders');
  const config = loadConfig(env);
  const database: Database = await openDatabase(config.database);
  try {
    await database.migrate();
    const ctx = systemCtx(database, config, silent);
    const cli = (file: string, entity: 'products' | 'orders') =>
      importFromCli(database, config, silent, ctx, { file, entity }, () => {});
    await cli(catalogue, 'products');
    global.gc?.();
    const start = performance.now();
    const { result, peakMb } = await withPeakRss(() => cli(shop, 'orders'));
    const secs = (performance.now() - start) / 1000;
    if (result.summary.created !== orders)
      throw new Error(`import created ${result.summary.created} of ${orders} orders`);
    // The raw baseline on the same database: the same orders again under another source.
    const raw = await openRaw(database, kind === 'postgres' ? env.DATABASE_URL : undefined);
    const rawStart = performance.now();
    const customers = Math.ceil(orders / 3);
    const ids = (
      await raw.query(
        `insert into contacts (first_name, last_name, emails)
         select 'Raw', g::text, jsonb_build_array(jsonb_build_object('address', 'raw' || g || '@shop.example', 'label', 'work'))
         from generate_series(0, $1::int - 1) g returning id`,
        [customers],
      )
    ).map((r) => String(r.id));
    for (let from = 0; from < orders; from += 1000) {
      const n = Math.min(1000, orders - from);
      const items = Array.from({ length: n }, (_, k) => {
        const o = from + k;
        return {
          ext: String(100_000 + o),
          contact: ids[Math.floor(o / 3)]!,
          lines: [0, 1, 2].map((j) => ({
            sku: `SKU-${(o + j * 7) % 50}`,
            q: 1 + ((o + j) % 3),
            price: 1000 + ((o + j * 7) % 50) * 100,
          })),
        };
      });
      const lines = items.flatMap((it, i) => it.lines.map((l, j) => ({ i, j, ...l })));
      await raw.query(
        `with o as (
           insert into orders (number, status, channel, contact_id, currency, ordered_at, net, tax, gross, source, external_id)
           select 'SO-RAW-' || x.ext, 'new', 'web', x.contact_id, 'EUR', now(), 0, 0, 0, 'raw', x.ext
           from unnest($1::text[], $2::uuid[]) as x(ext, contact_id) returning id, external_id),
         k as (select o.id, x.i from o join unnest($1::text[], $3::int[]) as x(ext, i) on x.ext = o.external_id)
         insert into order_lines (order_id, position, product_id, sku, description, quantity, unit_price, tax_rate, net)
         select k.id, l.j + 1, p.id, p.sku, p.names->>'en', l.q, l.price, 25, (l.q * l.price)::bigint
         from unnest($4::int[], $5::int[], $6::text[], $7::numeric[], $8::bigint[]) as l(i, j, sku, q, price)
         join k on k.i = l.i join products p on lower(p.sku) = lower(l.sku) and p.deleted_at is null`,
        [
          items.map((it) => it.ext),
          items.map((it) => it.contact),
          items.map((_, i) => i),
          lines.map((l) => l.i),
          lines.map((l) => l.j),
          lines.map((l) => l.sku),
          lines.map((l) => l.q),
          lines.map((l) => l.price),
        ],
      );
    }
    const rawSecs = (performance.now() - rawStart) / 1000;
    await raw.close();
    return { secs, rate: orders / secs, peakMb, rawSecs, rawRate: orders / rawSecs };
  } finally {
    await database.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runImportBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      rows: { type: 'string', default: '1000000' },
      orders: { type: 'string', default: '0' },
    },
  });
  const kindsOf = (db: string): Kind[] => (db === 'both' ? ['postgres', 'pglite'] : [db as Kind]);
  if (Number(values.orders) > 0) {
    const orders = Number(values.orders);
    const lines = ['| database | case | time | orders/s | peak RSS |', '|---|---|---:|---:|---:|'];
    for (const kind of kindsOf(values.db!)) {
      const r = await ordersRun(kind, orders);
      lines.push(
        `| ${kind} | raw SQL: contacts, then orders and lines from unnest, 1,000 a statement | ${r.rawSecs.toFixed(1)} s | ${Math.round(r.rawRate).toLocaleString('en')} | – |`,
        `| ${kind} | import of ${orders.toLocaleString('en')} orders × 3 lines (customers created) | ${r.secs.toFixed(1)} s | ${Math.round(r.rate).toLocaleString('en')} | ${r.peakMb} MB |`,
      );
      log(lines.slice(-2).join('\n'));
    }
    log(`\n${lines.join('\n')}`);
    if (values.rows === '0') return;
  }
  const rows = Number(values.rows);
  const kinds: Kind[] = values.db === 'both' ? ['postgres', 'pglite'] : [values.db as Kind];
  const file = path.join(os.tmpdir(), `rapport-import-bench-${rows}.csv`);
  if (!fs.existsSync(file)) {
    log(`writing ${rows.toLocaleString('en')} contacts to ${file}…`);
    writeCsv(file, rows);
  }
  log(`file: ${(fs.statSync(file).size / 1_048_576).toFixed(0)} MB, ${rows.toLocaleString('en')} rows`);
  const lines = ['| database | case | time | rows/s | peak RSS |', '|---|---|---:|---:|---:|'];
  for (const kind of kinds) {
    const raw = await rawRun(kind, file, rows);
    lines.push(
      `| ${kind} | raw COPY + INSERT … SELECT | ${raw.secs.toFixed(1)} s | ${Math.round(raw.rate).toLocaleString('en')} | – |`,
    );
    log(lines.at(-1)!);
    for (const match of ['none', 'email'] as const) {
      const r = await importRun(kind, file, rows, match);
      lines.push(
        `| ${kind} | import, duplicate check ${match === 'none' ? 'off' : 'on (e-mail)'} | ${r.secs.toFixed(1)} s | ${Math.round(r.rate).toLocaleString('en')} | ${r.peakMb} MB |`,
      );
      log(lines.at(-1)!);
    }
  }
  log(`\n${lines.join('\n')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImportBench(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
