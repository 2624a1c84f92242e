import { sql } from 'drizzle-orm';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import { refreshJourneys } from '../src/server/modules/journey/index.ts';
import { silent } from './app.ts';
import { benchConfig, type DbKind } from './generate.ts';

/**
 * Interactions for the benchmark, generated inside the database (INSERT … SELECT over generate_series, in
 * chunks of a million so progress shows): `heavy` contacts get 10,000 each — the timeline target's worst
 * case — and the rest are spread over all contacts with a skew (a quarter of the contacts get most of them),
 * over the last three years, on every channel and touchpoint. The heavy contacts are tagged `bench-heavy`.
 */
export const HEAVY_CONTACTS = 20;
export const PER_HEAVY = 10_000;
const CHUNK = 1_000_000;

export async function countInteractions(database: Database): Promise<number> {
  return rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from interactions`),
  )[0]!.n;
}

export async function prepareInteractions(
  kind: DbKind,
  opts: { interactions: number; log: (m: string) => void },
): Promise<{ interactions: number; loadedMs: number | null }> {
  const database = await openDatabase(benchConfig(kind).database);
  try {
    await database.migrate();
    const have = await countInteractions(database);
    if (have >= opts.interactions) {
      opts.log(`${kind}: reusing ${have.toLocaleString('en-US')} interactions.`);
      return { interactions: have, loadedMs: null };
    }
    const started = performance.now();
    const db = database.db;
    await db.execute(sql`drop table if exists bench_contact_ids`);
    await db.execute(sql`create unlogged table bench_contact_ids as
      select (row_number() over (order by id))::int as n, id, company_id from contacts where deleted_at is null`);
    await db.execute(sql`create unique index on bench_contact_ids (n)`);
    const [{ total } = { total: 0 }] = rowsOf<{ total: number }>(
      await db.execute(sql`select count(*)::int as total from bench_contact_ids`),
    );
    const owners = rowsOf<{ id: string }>(
      await db.execute(sql`select id from users where active = 1 limit 8`),
    ).map((u) => u.id);
    const values = (raw: string) => {
      const n = `(${raw})::bigint`;
      return sql`
      (array['email','phone','sms','chat','social','web','shop','letter','meeting','portal'])[1 + (${sql.raw(n)} * 7) % 10],
      case when ${sql.raw(n)} % 3 = 0 then 'in' else 'out' end,
      (array['sales','marketing','service','shop','accounting','after_sales','web'])[1 + (${sql.raw(n)} * 13) % 7],
      now() - make_interval(secs => ((${sql.raw(n)} * 7919) % (3 * 365 * 86400))::double precision),
      'Benchmark interaction ' || ${sql.raw(n)},
      (${sql.param(owners)}::uuid[])[1 + (${sql.raw(n)} % ${Math.max(1, owners.length)})::int],
      'bench'`;
    };
    // A bulk load: the per-statement triggers (last interaction, journeys) are off while it runs, and their
    // work is done once, set-based, at the end — as an import would.
    await db.execute(sql`alter table interactions disable trigger user`);
    if (have === 0) {
      // The heavy contacts first: 10,000 interactions each.
      await db.execute(sql`update contacts set tags = array_append(tags, 'bench-heavy')
        where id in (select id from bench_contact_ids where n <= ${HEAVY_CONTACTS}) and not 'bench-heavy' = any(tags)`);
      await db.execute(sql`insert into interactions
          (channel, direction, touchpoint, occurred_at, subject, user_id, source, contact_id, company_id)
        select ${values('g')}, c.id, c.company_id
        from bench_contact_ids c, generate_series(1, ${PER_HEAVY}) g
        where c.n <= ${HEAVY_CONTACTS}`);
    }
    let done = await countInteractions(database);
    while (done < opts.interactions) {
      const size = Math.min(CHUNK, opts.interactions - done);
      // power(random, 3): low row numbers (a quarter of the contacts) get most interactions.
      await db.execute(sql`insert into interactions
          (channel, direction, touchpoint, occurred_at, subject, user_id, source, contact_id, company_id)
        select ${values(`(s.g + ${done})`)}, c.id, c.company_id
        from (select g, 1 + floor(power(random(), 3) * ${total})::int as n from generate_series(1, ${size}) g) s
        join bench_contact_ids c on c.n = s.n`);
      done += size;
      opts.log(
        `  interactions: ${done.toLocaleString('en-US')}/${opts.interactions.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    await db.execute(sql`drop table if exists bench_contact_ids`);
    await db.execute(sql`alter table interactions enable trigger user`);
    await db.execute(sql`update contacts c set touch_due_at = m.at + make_interval(days => c.stay_in_touch_days)
      from (select contact_id, max(occurred_at) as at from interactions
            where contact_id is not null and deleted_at is null group by contact_id) m
      where c.id = m.contact_id and c.stay_in_touch_days is not null`);
    await db.execute(sql`insert into journey_dirty (contact_id)
      select distinct contact_id from interactions
      where contact_id is not null and touchpoint is not null and deleted_at is null
      on conflict do nothing`);
    await db.execute(sql`vacuum analyze interactions`);
    const ms = performance.now() - started;
    opts.log(`${kind}: ${done.toLocaleString('en-US')} interactions in ${(ms / 1000).toFixed(0)} s`);
    return { interactions: done, loadedMs: ms };
  } finally {
    await database.close();
  }
}

/**
 * What the relationship cases need: a stay-in-touch cadence on every tenth contact (30 or 90 days), and
 * every contact's journey computed (the journey sweep's queue drained, as a running server would have).
 */
export async function prepareRelationships(
  kind: DbKind,
  log: (m: string) => void,
): Promise<{ journeys: number; journeyMs: number }> {
  const database = await openDatabase(benchConfig(kind).database);
  try {
    await database.migrate();
    const db = database.db;
    const [{ n: withCadence } = { n: 0 }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from contacts where stay_in_touch_days is not null`),
    );
    if (!withCadence) {
      const started = performance.now();
      await db.execute(sql`update contacts set stay_in_touch_days = case when hashtext(id::text) % 2 = 0 then 30 else 90 end
        where hashtext(id::text) % 10 = 0 and deleted_at is null`);
      await db.execute(sql`vacuum analyze contacts`);
      log(
        `${kind}: stay-in-touch cadence on every tenth contact (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    const ctx = systemCtx(database, benchConfig(kind), silent);
    const started = performance.now();
    let journeys = 0;
    for (;;) {
      const n = await refreshJourneys(ctx, 60_000);
      journeys += n;
      if (n === 0) break;
      log(
        `  journeys computed: ${journeys.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    if (journeys) await db.execute(sql`vacuum analyze contact_journeys`);
    return { journeys, journeyMs: performance.now() - started };
  } finally {
    await database.close();
  }
}
