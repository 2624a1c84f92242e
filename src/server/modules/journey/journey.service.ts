import { type SQL, sql } from 'drizzle-orm';
import {
  FLOW_STEPS,
  type FlowDto,
  type FlowQuery,
  JOURNEY_POINTS,
  type JourneyDto,
} from '../../../shared/journey.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

/** A contact's touchpoints over time (the latest JOURNEY_POINTS) and its stage changes, from the history. */
export async function contactJourney(ctx: Ctx, contactId: string): Promise<JourneyDto> {
  const points = rowsOf<{
    id: string;
    at: string | Date;
    channel: JourneyDto['points'][number]['channel'];
    touchpoint: JourneyDto['points'][number]['touchpoint'];
    direction: 'in' | 'out';
    subject: string | null;
  }>(
    await ctx.db.execute(sql`
      select id, occurred_at as at, channel, touchpoint, direction, subject from interactions
      where contact_id = ${contactId} and deleted_at is null
      order by occurred_at desc nulls last, id desc nulls last limit ${JOURNEY_POINTS}`),
  );
  const [{ n } = { n: 0 }] =
    points.length < JOURNEY_POINTS
      ? [{ n: points.length }]
      : rowsOf<{ n: number }>(
          await ctx.db.execute(
            sql`select count(*)::int as n from interactions where contact_id = ${contactId} and deleted_at is null`,
          ),
        );
  const history = rowsOf<{ at: string | Date; changes: { field: string; old: unknown; new: unknown }[] }>(
    await ctx.db.execute(sql`
      select at, changes from record_history
      where entity = 'contact' and record_id = ${contactId}
        and (changes @> '[{"field":"lifecycleStage"}]' or changes @> '[{"field":"relationshipStage"}]')
      order by id`),
  );
  const stages: JourneyDto['stages'] = history.flatMap((h) =>
    h.changes
      .filter((c) => c.field === 'lifecycleStage' || c.field === 'relationshipStage')
      .filter((c) => c.new !== c.old)
      .map((c) => ({
        at: iso(h.at),
        field: c.field as 'lifecycleStage' | 'relationshipStage',
        from: (c.old as string | null) ?? null,
        to: (c.new as string | null) ?? null,
      })),
  );
  return {
    points: points.reverse().map((p) => ({ ...p, at: iso(p.at) })),
    total: Number(n),
    stages,
  };
}

/**
 * The customer-journey flow, computed in SQL: per contact in scope, its interactions in the period in
 * time order, consecutive repeats of a touchpoint collapsed into one step, cut at the first purchase (an
 * incoming shop interaction, until orders exist) and after FLOW_STEPS steps; then the transitions between
 * steps counted across contacts. One statement, one pass of two window functions over the period's rows.
 */
export async function journeyFlow(ctx: Ctx, q: FlowQuery): Promise<FlowDto> {
  const to = q.to ? new Date(q.to) : ctx.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000);
  const filters: SQL[] = [];
  if (q.lifecycleStage) filters.push(sql`c.lifecycle_stage = ${q.lifecycleStage}`);
  if (q.tag) filters.push(sql`${q.tag} = any(c.tags)`);
  if (q.ownerId) filters.push(sql`c.owner_id = ${q.ownerId}`);
  const where = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  const rows = rowsOf<{
    step: number;
    src: string;
    dst: string;
    n: number;
    contacts: number;
    purchased: number;
  }>(
    await ctx.db.execute(sql`
      with scope as (
        select i.contact_id, i.touchpoint, i.occurred_at, i.id,
               (i.touchpoint = 'shop' and i.direction = 'in') as purchase
        from interactions i join contacts c on c.id = i.contact_id
        where i.deleted_at is null and c.deleted_at is null and i.touchpoint is not null
          and i.occurred_at >= ${from.toISOString()}::timestamptz and i.occurred_at < ${to.toISOString()}::timestamptz${where}
      ),
      marked as (
        select contact_id, touchpoint, purchase, occurred_at, id,
               lag(touchpoint) over w as prev,
               coalesce(sum(purchase::int) over (w rows between unbounded preceding and 1 preceding), 0) as bought_before
        from scope window w as (partition by contact_id order by occurred_at, id)
      ),
      steps as (
        select contact_id, case when purchase then 'purchase' else touchpoint end as node,
               row_number() over (partition by contact_id order by occurred_at, id) as step
        from marked
        where bought_before = 0 and (purchase or prev is distinct from touchpoint)
      ),
      limited as (select * from steps where step <= ${FLOW_STEPS + 1}),
      totals as (
        select count(distinct contact_id)::int as contacts,
               count(distinct contact_id) filter (where purchase)::int as purchased
        from scope
      )
      select a.step::int as step, a.node as src, b.node as dst, count(*)::int as n,
             (select contacts from totals) as contacts, (select purchased from totals) as purchased
      from limited a join limited b on b.contact_id = a.contact_id and b.step = a.step + 1
      where a.node <> 'purchase' and a.step <= ${FLOW_STEPS}
      group by 1, 2, 3
      union all
      select 0, '', '', 0, contacts, purchased from totals
      order by 1, 4 desc`),
  );
  const totals = rows.find((r) => r.step === 0);
  return {
    links: rows
      .filter((r) => r.step > 0)
      .map((r) => ({
        from: `${r.step}:${r.src}`,
        to: r.dst === 'purchase' ? 'purchase' : `${r.step + 1}:${r.dst}`,
        contacts: r.n,
      })),
    contacts: totals?.contacts ?? 0,
    purchased: totals?.purchased ?? 0,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
