import { sql } from 'drizzle-orm';
import { FLOW_STEPS } from '../../../shared/journey.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import type { Sweep } from '../jobs/index.ts';

/** How many of a contact's first interactions its journey is computed from. */
export const JOURNEY_WINDOW = 200;
const BATCH = 5_000;

/**
 * Recomputes the journeys of up to `BATCH` contacts from `journey_dirty`, in one transaction: the dirty rows
 * are claimed with SKIP LOCKED and deleted, so two instances never do the same contact twice and a failure
 * leaves them queued. Per contact, its first JOURNEY_WINDOW interactions with a touchpoint are read through
 * `interactions_contact_idx` (backwards, hence `nulls first`); repeats of a touchpoint collapse into one
 * step; the steps stop at the first purchase (an incoming shop interaction) or after FLOW_STEPS + 1.
 */
async function refreshBatch(ctx: Ctx): Promise<number> {
  // Most calls find nothing to do: a one-row probe, instead of planning the whole statement for nothing.
  const waiting = rowsOf(await ctx.db.execute(sql`select 1 from journey_dirty limit 1`));
  if (!waiting.length) return 0;
  return ctx.db.transaction(async (tx) => {
    const done = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with claimed as (
          delete from journey_dirty where contact_id in (
            select contact_id from journey_dirty order by contact_id limit ${BATCH} for update skip locked)
          returning contact_id
        ),
        firsts as (
          select x.contact_id, f.touchpoint, f.occurred_at, f.id,
                 (f.touchpoint = 'shop' and f.direction = 'in') as purchase,
                 count(*) over (partition by x.contact_id) as seen
          from claimed x cross join lateral (
            select i.touchpoint, i.occurred_at, i.id, i.direction from interactions i
            where i.contact_id = x.contact_id and i.deleted_at is null and i.touchpoint is not null
            order by i.occurred_at asc nulls first, i.id asc nulls first
            limit ${JOURNEY_WINDOW}) f
        ),
        marked as (
          select *, lag(touchpoint) over w as prev,
                 coalesce(sum(purchase::int) over (w rows between unbounded preceding and 1 preceding), 0) as bought_before
          from firsts window w as (partition by contact_id order by occurred_at, id)
        ),
        steps as (
          select contact_id, occurred_at, case when purchase then 'purchase' else touchpoint end as node,
                 row_number() over (partition by contact_id order by occurred_at, id) as step
          from marked where bought_before = 0 and (purchase or prev is distinct from touchpoint)
        ),
        per_contact as (
          select contact_id, min(occurred_at) filter (where purchase) as purchased_at,
                 max(seen) >= ${JOURNEY_WINDOW} as capped
          from firsts group by contact_id
        ),
        journeys as (
          select s.contact_id, min(s.occurred_at) as started_at,
                 array_agg(s.node order by s.step) filter (where s.step <= ${FLOW_STEPS + 1}) as nodes,
                 max(s.occurred_at) filter (where s.step <= ${FLOW_STEPS + 1}) as ended_at,
                 p.purchased_at, p.capped
          from steps s join per_contact p using (contact_id)
          group by s.contact_id, p.purchased_at, p.capped
        ),
        gone as (
          delete from contact_journeys j using claimed x
          where j.contact_id = x.contact_id and not exists (select 1 from journeys k where k.contact_id = x.contact_id)
        ),
        saved as (
          insert into contact_journeys (contact_id, started_at, nodes, ended_at, purchased_at, capped)
          select contact_id, started_at, nodes, ended_at, purchased_at, capped from journeys
          on conflict (contact_id) do update set started_at = excluded.started_at, nodes = excluded.nodes,
            ended_at = excluded.ended_at, purchased_at = excluded.purchased_at, capped = excluded.capped
        )
        select count(*)::int as n from claimed`),
    );
    return done[0]?.n ?? 0;
  });
}

/** Drains the journey queue for at most `maxMs` (a sweep must not hold the timer for long). */
export async function refreshJourneys(ctx: Ctx, maxMs = 2_000): Promise<number> {
  const started = performance.now();
  let total = 0;
  for (;;) {
    const n = await refreshBatch(ctx);
    total += n;
    if (n < BATCH || performance.now() - started > maxMs) return total;
  }
}

export const journeySweep: Sweep = { name: 'journeys', run: (ctx) => refreshJourneys(ctx) };
