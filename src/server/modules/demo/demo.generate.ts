import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { copyRows } from './demo.copy.ts';
import { ensureOwners } from './demo.owners.ts';
import { companyColumns, contactColumns, createGenerator } from './demo.rows.ts';

export type DemoOptions = {
  contacts: number;
  /** Default: one company per 20 contacts. */
  companies?: number;
  /** Default 20261122; the run's seed is this plus the number of contacts already there. */
  seed?: number;
  log?: (message: string) => void;
};

export type DemoResult = { contacts: number; companies: number; owners: number; ms: number };

const fmt = (n: number) => n.toLocaleString('en-US');

/** Logs at every tenth of the way (and at the end), with the rate so far. */
function progress(label: string, total: number, started: number, log: (m: string) => void) {
  let next = Math.max(1, Math.ceil(total / 10));
  const step = next;
  return (done: number) => {
    if (done < next && done < total) return;
    next = done + step;
    const s = (performance.now() - started) / 1000;
    log(
      `  ${label}: ${fmt(done)}/${fmt(total)} (${s.toFixed(1)} s, ${fmt(Math.round(done / Math.max(s, 0.001)))}/s)`,
    );
  };
}

/**
 * `rapport demo`: realistic European companies and contacts, loaded with COPY. Repeatable: a second run
 * adds more records (new ids, e-mail addresses numbered past the first run's) instead of failing.
 */
export async function generateDemo(
  database: Database,
  config: Config,
  opts: DemoOptions,
): Promise<DemoResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const contacts = Math.max(0, Math.floor(opts.contacts));
  const companies = opts.companies ?? (contacts ? Math.max(1, Math.round(contacts / 20)) : 0);
  const [existing] = rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from contacts`),
  );
  const offset = existing?.n ?? 0;
  const owners = await ensureOwners(database, config, log);
  const t0 = performance.now();
  log(
    `Generating ${fmt(companies)} companies and ${fmt(contacts)} contacts on ${database.kind} (${owners.length} owners)…`,
  );

  const gen = createGenerator({
    seed: (opts.seed ?? 20261122) + offset,
    companies,
    owners,
    emailOffset: offset,
  });
  const t1 = performance.now();
  log(`  name and street pools ready (${((t1 - t0) / 1000).toFixed(1)} s)`);
  await copyRows(database, {
    table: 'companies',
    columns: companyColumns,
    total: companies,
    line: gen.companyLine,
  });
  log(`  companies: ${fmt(companies)} (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
  // Fresh statistics before the child table: a stale estimate can make the foreign-key checks crawl.
  await database.db.execute(sql`analyze companies`);

  const t2 = performance.now();
  await copyRows(database, {
    table: 'contacts',
    columns: contactColumns,
    total: contacts,
    line: gen.contactLine,
    progress: progress('contacts', contacts, t2, log),
  });
  const t3 = performance.now();
  await database.analyze();
  log(`  analyze (${((performance.now() - t3) / 1000).toFixed(1)} s)`);
  const ms = Math.round(performance.now() - started);
  log(`Done: ${fmt(contacts)} contacts and ${fmt(companies)} companies in ${(ms / 1000).toFixed(1)} s.`);
  return { contacts, companies, owners: owners.length, ms };
}
