import type { ColdStart, LoadResult } from './app.ts';
import type { CaseResult } from './cases.ts';
import type { DbKind } from './generate.ts';
import { ms } from './measure.ts';

/** The results as markdown: tables, the targets met or missed, and the query plans. */
export type Plan = { label: string; sql: string; params: unknown[]; plan: string };

export type BenchReport = {
  kind: DbKind;
  date: string;
  server: string;
  contacts: number;
  /** Interactions in the database (0 when not generated). */
  interactions: number;
  companies: number;
  n: number;
  loadedMs: number | null;
  cases: CaseResult[];
  load: LoadResult;
  /** GET /api/health under the same load: what the framework and the machine allow without the database. */
  ceiling: LoadResult;
  connections: number;
  duration: number;
  cold: ColdStart[];
  plans: Plan[];
  /** 1-minute load average at the start and at the end: the machine is shared, so say how busy it was. */
  loadAvg: [number, number];
};

const fmt = (n: number) => n.toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The targets of bench/README.md; PGlite may be 3× slower in latency and has its own throughput floor. */
export function targets(kind: DbKind) {
  const f = kind === 'pglite' ? 3 : 1;
  return {
    listP95: 15 * f,
    searchP95: 30 * f,
    timelineP95: 10 * f,
    /** Issue 4: a 50-line quote created and totalled, the revenue card, the weighted forecast. */
    quoteP95: 20 * f,
    revenueP95: 10 * f,
    forecastP95: 200 * f,
    ingestPerSecond: 20_000,
    ratio: 1.5,
    rps: kind === 'pglite' ? 1_500 : 5_000,
    startMs: 5_000,
  };
}

type Check = { what: string; value: string; target: string; ok: boolean };

export function checks(r: BenchReport): Check[] {
  const t = targets(r.kind);
  const out: Check[] = [];
  for (const c of r.cases) {
    if (!c.api) continue;
    if (c.name.startsWith('list'))
      out.push({
        what: `${c.name} p95`,
        value: `${ms(c.api.p95)} ms`,
        target: `≤ ${t.listP95} ms`,
        ok: c.api.p95 <= t.listP95,
      });
    if (c.name.startsWith('search'))
      out.push({
        what: `${c.name} p95`,
        value: `${ms(c.api.p95)} ms`,
        target: `≤ ${t.searchP95} ms`,
        ok: c.api.p95 <= t.searchP95,
      });
    if (c.name.startsWith('timeline page 1'))
      out.push({
        what: `${c.name} p95`,
        value: `${ms(c.api.p95)} ms`,
        target: `≤ ${t.timelineP95} ms`,
        ok: c.api.p95 <= t.timelineP95,
      });
    for (const [prefix, limit] of [
      ['quote with 50 lines', t.quoteP95],
      ['revenue card (', t.revenueP95],
      ['weighted forecast', t.forecastP95],
    ] as const)
      if (c.name.startsWith(prefix))
        out.push({
          what: `${c.name} p95`,
          value: `${ms(c.api.p95)} ms`,
          target: `≤ ${limit} ms`,
          ok: c.api.p95 <= limit,
        });
    if (c.name.startsWith('ingest batch')) {
      const perSecond = Math.round(1000 / (c.api.p50 / 1000));
      out.push({
        what: 'batch ingest (1,000 per request, p50)',
        value: `${fmt(perSecond)} interactions/s`,
        target: `≥ ${fmt(t.ingestPerSecond)}/s`,
        ok: perSecond >= t.ingestPerSecond,
      });
    }
    const ratio = c.api.p50 / c.raw.p50;
    out.push({
      what: `${c.name}: API/raw (p50)`,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${t.ratio}×`,
      ok: ratio <= t.ratio,
    });
  }
  out.push({
    what: 'GET by id throughput',
    value: `${fmt(Math.round(r.load.rps))} req/s`,
    target: `≥ ${fmt(t.rps)} req/s`,
    ok: r.load.rps >= t.rps && r.load.errors === 0,
  });
  if (r.cold.length) {
    const total = median(r.cold.map((c) => c.process));
    out.push({
      what: 'cold start (process start → listening)',
      value: `${ms(total)} ms`,
      target: `≤ ${fmt(t.startMs)} ms`,
      ok: total <= t.startMs,
    });
  }
  return out;
}

export function toMarkdown(r: BenchReport): string {
  const lines: string[] = [];
  lines.push(`# Rapport benchmark — ${r.kind}, ${fmt(r.contacts)} contacts`, '');
  lines.push(`- Date: ${r.date}; machine: 2 cores, 24 GB; Node ${process.version}; ${r.server}`);
  lines.push(
    `- Machine load average (1 min) at start / end: ${r.loadAvg[0].toFixed(2)} / ${r.loadAvg[1].toFixed(2)} (2 cores: above ~2, other work was competing for the CPU)`,
  );
  lines.push(
    `- Dataset: ${fmt(r.contacts)} contacts, ${fmt(r.companies)} companies (\`rapport demo\` data), ${fmt(r.interactions)} interactions (bench/interactions.ts)${r.loadedMs ? `; loaded in ${(r.loadedMs / 1000).toFixed(1)} s this run` : ''}`,
  );
  lines.push(
    `- Latency: ${r.n} sequential requests per case after a warm-up, over HTTP (keep-alive) with an API key; raw SQL = the same statements by hand on ${r.kind === 'postgres' ? 'a pg client' : 'the PGlite instance'}`,
    '',
  );
  lines.push(
    '| case | API p50 | API p95 | API p99 | raw p50 | raw p95 | raw p99 | API/raw p50 | API/raw p95 |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.cases) {
    const a = c.api;
    lines.push(
      `| ${c.name} | ${a ? ms(a.p50) : '–'} | ${a ? ms(a.p95) : '–'} | ${a ? ms(a.p99) : '–'} | ${ms(c.raw.p50)} | ${ms(c.raw.p95)} | ${ms(c.raw.p99)} | ${a ? `${(a.p50 / c.raw.p50).toFixed(2)}×` : '–'} | ${a ? `${(a.p95 / c.raw.p95).toFixed(2)}×` : '–'} |`,
    );
  }
  const short = r.cases.filter((c) => (c.api && c.api.n < r.n) || c.raw.n < r.n);
  if (short.length)
    lines.push(
      '',
      `Stopped early by the 60 s per-case budget: ${short.map((c) => `${c.name} (API n=${c.api?.n ?? '–'}, raw n=${c.raw.n})`).join('; ')}.`,
    );
  lines.push('', '(milliseconds)', '', '## Throughput', '');
  lines.push(
    `GET /api/v1/contacts/:id, ${r.connections} connections, ${r.duration} s, rotating ids (autocannon in a separate process): ` +
      `**${fmt(Math.round(r.load.rps))} req/s** (${fmt(r.load.total)} requests, latency p50 ${r.load.p50} ms, p99 ${r.load.p99} ms, errors ${r.load.errors}, non-2xx ${r.load.non2xx})`,
  );
  lines.push(
    '',
    `Ceiling for comparison, GET /api/health (no auth, no database) on the same app and machine: **${fmt(Math.round(r.ceiling.rps))} req/s** (latency p50 ${r.ceiling.p50} ms).`,
  );
  if (r.cold.length) {
    lines.push(
      '',
      '## Cold start (existing database)',
      '',
      '| run | open | migrate | buildApp | listen | in-process total | process start → listening |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const [i, c] of r.cold.entries()) {
      lines.push(
        `| ${i + 1} | ${ms(c.open)} | ${ms(c.migrate)} | ${ms(c.build)} | ${ms(c.listen)} | ${ms(c.total)} | ${ms(c.process)} |`,
      );
    }
  }
  lines.push('', '## Targets', '', '| check | measured | target | met |', '|---|---:|---:|:---:|');
  for (const c of checks(r))
    lines.push(`| ${c.what} | ${c.value} | ${c.target} | ${c.ok ? 'yes' : '**no**'} |`);
  lines.push('', '## Query plans (the SQL the API ran, EXPLAIN (ANALYZE, BUFFERS))', '');
  for (const p of r.plans) {
    const seq = /Seq Scan on contacts/.test(p.plan);
    lines.push(`### ${p.label}${seq ? ' — **sequential scan on contacts**' : ''}`, '');
    lines.push(
      '```sql',
      p.sql,
      '```',
      '',
      `Parameters: \`${JSON.stringify(p.params)}\``,
      '',
      '```',
      p.plan,
      '```',
      '',
    );
  }
  return lines.join('\n');
}
