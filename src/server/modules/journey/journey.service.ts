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
import { refreshJourneys } from './journey.refresh.ts';

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
 * The customer-journey flow, from the kept journeys (`contact_journeys`, see journey.refresh.ts): the
 * contacts in scope whose journey began in the period (their first interaction with a touchpoint), the
 * transitions between their first steps (repeats collapsed, cut at the first purchase, FLOW_STEPS steps)
 * counted in SQL, and how many of them purchased before the period's end. One range of
 * `contact_journeys_started_idx` joined to contacts for the filters; no interaction is read.
 */
export async function journeyFlow(ctx: Ctx, q: FlowQuery): Promise<FlowDto> {
  const to = q.to ? new Date(q.to) : ctx.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000);
  const filters: SQL[] = [];
  if (q.lifecycleStage) filters.push(sql`c.lifecycle_stage = ${q.lifecycleStage}`);
  if (q.tag) filters.push(sql`${q.tag} = any(c.tags)`);
  if (q.ownerId) filters.push(sql`c.owner_id = ${q.ownerId}`);
  const where = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  const toIso = to.toISOString();
  // Journeys changed since the last sweep are brought up to date first (bounded: the sweep does the rest).
  await refreshJourneys(ctx, 500);
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
        select j.nodes, j.purchased_at from contact_journeys j join contacts c on c.id = j.contact_id
        where c.deleted_at is null
          and j.started_at >= ${from.toISOString()}::timestamptz and j.started_at < ${toIso}::timestamptz${where}
      ),
      totals as (
        select count(*)::int as contacts,
               count(*) filter (where purchased_at < ${toIso}::timestamptz)::int as purchased
        from scope
      )
      select k::int as step, nodes[k] as src, nodes[k + 1] as dst, count(*)::int as n,
             (select contacts from totals) as contacts, (select purchased from totals) as purchased
      from scope cross join lateral generate_series(1, least(cardinality(nodes) - 1, ${FLOW_STEPS})) k
      where nodes[k] <> 'purchase'
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
