import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { asciiFold } from '../src/server/modules/demo/demo.random.ts';
import { type ColdStart, coldStart, type Running, startApp, throughput } from './app.ts';
import { runCases } from './cases.ts';
import { benchUrl, type DbKind, prepareBenchDb, repoRoot } from './generate.ts';
import { prepareInteractions, prepareRelationships } from './interactions.ts';
import { httpClient } from './measure.ts';
import { openRaw, type Raw } from './raw.ts';
import { type BenchReport, checks, type Plan, toMarkdown } from './report.ts';
import { prepareSales } from './sales.ts';

/**
 * `npm run bench [-- --db pglite|postgres|both --contacts N --duration S --requests N --fresh]`:
 * fills the benchmark database(s), then measures the API against raw SQL. See bench/README.md.
 */
const log = (m: string) => console.log(m);

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      contacts: { type: 'string', default: '1000000' },
      interactions: { type: 'string', default: '10000000' },
      orders: { type: 'string', default: '1000000' },
      deals: { type: 'string', default: '200000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      requests: { type: 'string', default: '200' },
      'cold-starts': { type: 'string', default: '3' },
      fresh: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, v: string) => {
    const n = Number(v.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number`);
    return n;
  };
  if (!['pglite', 'postgres', 'both'].includes(values.db))
    throw new Error('--db expects pglite, postgres or both');
  return {
    kinds: (values.db === 'both' ? ['postgres', 'pglite'] : [values.db]) as DbKind[],
    contacts: int('contacts', values.contacts),
    interactions: int('interactions', values.interactions),
    orders: int('orders', values.orders),
    deals: int('deals', values.deals),
    duration: int('duration', values.duration),
    connections: int('connections', values.connections),
    requests: int('requests', values.requests),
    coldStarts: int('cold-starts', values['cold-starts']),
    fresh: values.fresh,
  };
}

/** A deterministic sample of a few thousand rows, whatever the table size. */
export async function sampleRows(raw: Raw, limit: number, seed: number) {
  const [{ n } = { n: 0 }] = (await raw.query('select count(*)::int as n from contacts')) as { n: number }[];
  const pct = Math.min(100, ((limit * 2) / Math.max(1, n)) * 100).toFixed(4);
  return raw.query(
    `select id, first_name, last_name from contacts tablesample bernoulli (${pct}) repeatable (${seed}) where deleted_at is null limit ${limit}`,
  ) as Promise<{ id: string; first_name: string; last_name: string }[]>;
}

/** What people type: accent-free surnames, full names, a dropped letter, a first name and the start of a surname. */
export function searchTerms(rows: { first_name: string; last_name: string }[]): string[] {
  const terms: string[] = [];
  for (const r of rows) {
    const first = asciiFold(r.first_name).split(' ')[0]!;
    const last = asciiFold(r.last_name);
    const typo =
      last.length >= 6
        ? last.slice(0, Math.floor(last.length / 2)) + last.slice(Math.floor(last.length / 2) + 1)
        : last;
    terms.push(
      last,
      `${first} ${last}`,
      typo,
      `${r.first_name.toLowerCase().split(' ')[0]} ${r.last_name.toLowerCase().slice(0, 3)}`,
    );
  }
  return terms.filter((t) => t.replace(/\s/g, '').length >= 3);
}

async function explainAll(run: Running, raw: Raw, requests: [string, string][]): Promise<Plan[]> {
  const http = httpClient(run.base, { authorization: `Bearer ${run.key}` });
  const plans: Plan[] = [];
  for (const [label, url] of requests) {
    run.capture(label);
    await http('GET', url);
    run.capture(null);
    const statements = run.captured.get(label) ?? [];
    for (const [i, q] of statements.entries()) {
      const rows = await raw.query(`explain (analyze, buffers) ${q.text}`, q.params);
      const name = statements.length > 1 ? `${label} — statement ${i + 1} of ${statements.length}` : label;
      plans.push({
        label: name,
        sql: q.text,
        params: q.params,
        plan: rows.map((r) => String(Object.values(r)[0])).join('\n'),
      });
    }
  }
  return plans;
}

async function benchOne(kind: DbKind, o: ReturnType<typeof options>): Promise<BenchReport> {
  const prepared = await prepareBenchDb(kind, { contacts: o.contacts, fresh: o.fresh, log });
  const interactions = o.interactions
    ? await prepareInteractions(kind, { interactions: o.interactions, log })
    : { interactions: 0, loadedMs: null };
  const relationships = o.interactions ? await prepareRelationships(kind, log) : null;
  if (relationships?.journeys)
    log(
      `${kind}: ${relationships.journeys.toLocaleString('en-US')} journeys computed in ${(relationships.journeyMs / 1000).toFixed(1)} s`,
    );
  if (o.orders || o.deals) await prepareSales(kind, { orders: o.orders, deals: o.deals, log });
  const cold: ColdStart[] = [];
  for (let i = 0; i < o.coldStarts; i++) cold.push(await coldStart(kind));
  if (cold.length)
    log(
      `  cold start: ${cold.map((c) => `${Math.round(c.process)} ms`).join(', ')} (process start → listening)`,
    );

  const loadBefore = os.loadavg()[0]!;
  const run = await startApp(kind);
  const raw = await openRaw(run.database, kind === 'postgres' ? benchUrl() : undefined);
  try {
    const [server] = await raw.query('select version() as v');
    const [companies] = await raw.query('select count(*)::int as n from companies');
    const ids = (await sampleRows(raw, 2000, 11)).map((r) => r.id);
    const terms = searchTerms(await sampleRows(raw, 60, 7));
    log(`${kind}: measuring on ${run.base} (${ids.length} ids, ${terms.length} search terms)…`);
    const runTag = Date.now().toString(36);
    const [heavy] = await raw.query(
      `select id from contacts where 'bench-heavy' = any(tags) order by id limit 1`,
    );
    // A contact tagged heavy: 10,000 interactions when they were generated (and 500 orders).
    const heavyId = o.interactions && heavy ? String(heavy.id) : null;
    const http = httpClient(run.base, { authorization: `Bearer ${run.key}` });
    const cases = await runCases(
      http,
      raw,
      { ids, terms, adminId: run.adminId, runTag, heavyId },
      o.requests,
      20,
      log,
    );
    log(`  throughput: ${o.connections} connections for ${o.duration} s…`);
    const load = await throughput(run.base, run.key, ids, o.connections, o.duration);
    log(`  GET by id: ${Math.round(load.rps)} req/s`);
    // The same app's ceiling on this machine right now: a route without database or auth work.
    const ceiling = await throughput(
      run.base,
      run.key,
      ids,
      o.connections,
      Math.min(5, o.duration),
      '/api/health',
    );
    log(`  GET /api/health: ${Math.round(ceiling.rps)} req/s`);
    const list = '/api/v1/contacts?lifecycleStage=customer&sort=-createdAt&limit=50';
    const cursor = JSON.parse((await http('GET', list)).body).nextCursor as string;
    const plans = await explainAll(run, raw, [
      ['list page 1', list],
      ['list page 2', `${list}&cursor=${cursor}`],
      [`search "${terms[0]}"`, `/api/v1/contacts?q=${encodeURIComponent(terms[0]!)}&limit=20`],
      [
        `search "${terms[2]}" (a letter dropped)`,
        `/api/v1/contacts?q=${encodeURIComponent(terms[2]!)}&limit=20`,
      ],
      [`search "${terms[1]}"`, `/api/v1/contacts?q=${encodeURIComponent(terms[1]!)}&limit=20`],
      ...(heavyId
        ? ([
            ['timeline page 1 (10k interactions)', `/api/v1/contacts/${heavyId}/timeline?limit=30`],
            ['journey flow (12 months)', '/api/v1/journey/flow'],
            ['relationship (10k interactions)', `/api/v1/contacts/${heavyId}/relationship`],
          ] as [string, string][])
        : []),
    ]);
    return {
      kind,
      date: new Date().toISOString().slice(0, 10),
      server: String(server!.v).split(',')[0]!,
      contacts: prepared.contacts,
      interactions: interactions.interactions,
      companies: Number(companies!.n),
      n: o.requests,
      loadedMs: prepared.loadedMs,
      cases,
      load,
      ceiling,
      connections: o.connections,
      duration: o.duration,
      cold,
      plans,
      loadAvg: [loadBefore, os.loadavg()[0]!],
    };
  } finally {
    await raw.close();
    await run.app.close();
    await run.database.close();
  }
}

export async function runBench(argv: string[]): Promise<void> {
  const o = options(argv);
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  for (const kind of o.kinds) {
    const report = await benchOne(kind, o);
    const md = toMarkdown(report);
    const file = path.join(dir, `${report.date}-${kind}.md`);
    fs.writeFileSync(file, `${md}\n`);
    console.log(
      `\n${md.split('\n## Query plans')[0]}\nFull results with query plans: ${path.relative(process.cwd(), file)}\n`,
    );
    const missed = checks(report).filter((c) => !c.ok);
    if (missed.length)
      console.log(`${kind}: ${missed.length} target(s) missed: ${missed.map((c) => c.what).join('; ')}`);
  }
}

// Also runnable on its own: `npx tsx bench/run.ts --db postgres`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBench(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
