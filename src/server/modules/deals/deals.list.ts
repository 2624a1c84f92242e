import { type SQL, sql } from 'drizzle-orm';
import type {
  BoardDto,
  BoardQuery,
  DealListQuery,
  ForecastDto,
  ForecastQuery,
  ForecastRow,
} from '../../../shared/deals.ts';
import { BOARD_CARDS_PER_STAGE } from '../../../shared/deals.ts';
import type { ListQuery } from '../../../shared/filters.ts';
import { rowsOf } from '../../db/client.ts';
import { likeEscape } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { pageOf, planList } from '../records/index.ts';
import { users } from '../users/users.schema.ts';
import { dealSpec, newestFirst } from './deals.fields.ts';
import { deals as d, pipelineStages as s } from './deals.schema.ts';
import { type DealRow, loadDeals, toDealDto, withNames } from './deals.service.ts';
import { resolvePipeline } from './pipelines.service.ts';

const me = (ctx: Ctx, v: unknown) => (v === 'me' ? ctx.user.id : v);

/** The SELECT of one page (exported for the plan check in the tests). */
export async function dealListStatement(ctx: Ctx, query: DealListQuery) {
  const { q, ...rest } = query as ListQuery;
  if (rest.ownerId !== undefined) rest.ownerId = me(ctx, rest.ownerId);
  const plan = await planList(ctx.db, dealSpec, rest, d, newestFirst);
  // Titles are short and few per customer: a contains-match beside the other conditions.
  const where = q ? sql`${plan.where} and ${d.title} ilike ${`%${likeEscape(q)}%`}` : plan.where;
  return {
    plan,
    statement: withNames(ctx.db, plan.sortCols)
      .where(where)
      .orderBy(plan.order)
      .limit(plan.limit + 1),
  };
}

export async function listDeals(ctx: Ctx, query: DealListQuery) {
  const { plan, statement } = await dealListStatement(ctx, query);
  const rows = (await statement) as (DealRow & Record<string, unknown>)[];
  const { page, nextCursor } = pageOf(rows, plan, (r) => r.id);
  return { data: page.map(toDealDto), nextCursor };
}

/** Σ round(amount × probability / 100), each deal rounded half up, in integer arithmetic. */
const weightedSql = sql`sum((${d.amount} * ${s.probability} + 50) / 100)`;
const toInt = (v: unknown) => Number(v ?? 0);

/**
 * The board of a pipeline: per stage the count, sums per currency and weighted sums (one grouped query
 * over `deals_stage_idx`), and the first cards in rank order (one LATERAL query, a range of the same index
 * per stage), whose names come with one more query.
 */
export async function dealBoard(ctx: Ctx, query: BoardQuery): Promise<BoardDto> {
  const pipeline = await resolvePipeline(ctx, query.pipelineId);
  const stageIds = pipeline.stages.map((st) => st.id);
  const ownerId = query.ownerId ? (me(ctx, query.ownerId) as string) : null;
  const ownerCond = ownerId ? sql` and ${d.ownerId} = ${ownerId}` : sql``;
  const ids = sql.param(stageIds);
  const sums = rowsOf<{ stage_id: string; currency: string; n: number; total: string; weighted: string }>(
    await ctx.db.execute(sql`select ${d.stageId} as stage_id, ${d.currency} as currency, count(*)::int as n,
        sum(${d.amount})::text as total, ${weightedSql}::text as weighted
      from ${d} join ${s} on ${s.id} = ${d.stageId}
      where ${d.stageId} = any(${ids}::uuid[]) and ${d.deletedAt} is null${ownerCond}
      group by ${d.stageId}, ${d.currency} order by ${d.currency}`),
  );
  const cardIds = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`select c.id from unnest(${ids}::uuid[]) as st(id)
      cross join lateral (select ${d.id} as id from ${d}
        where ${d.stageId} = st.id and ${d.deletedAt} is null${ownerCond}
        order by ${d.rank}, ${d.id} limit ${BOARD_CARDS_PER_STAGE}) c`),
  ).map((r) => r.id);
  const cards = (await loadDeals(ctx.db, cardIds))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1))
    .map(toDealDto);
  return {
    pipeline,
    columns: pipeline.stages.map((stage) => {
      const mine = sums.filter((r) => r.stage_id === stage.id);
      return {
        stage,
        count: mine.reduce((n, r) => n + toInt(r.n), 0),
        sums: mine.map((r) => ({ currency: r.currency, amount: toInt(r.total) })),
        weighted: mine.map((r) => ({ currency: r.currency, amount: toInt(r.weighted) })),
        deals: cards.filter((c) => c.stageId === stage.id),
      };
    }),
  };
}

const monthStart = (m: string) => `${m}-01`;
const nextMonthStart = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};

/**
 * The weighted forecast: open deals by the month they are expected to close (through the partial
 * `deals_forecast_idx`), per owner and currency, beside the deals won in each month (UTC months; through
 * the won stages' range of `deals_stage_idx`).
 */
export async function dealForecast(ctx: Ctx, query: ForecastQuery): Promise<ForecastDto> {
  const from = monthStart(query.from);
  const to = nextMonthStart(query.to);
  const extra: SQL[] = [];
  if (query.pipelineId) extra.push(sql` and ${d.pipelineId} = ${query.pipelineId}`);
  if (query.ownerId) extra.push(sql` and ${d.ownerId} = ${me(ctx, query.ownerId) as string}`);
  const more = sql.join(extra, sql``);
  const open = rowsOf<{
    m: string;
    owner_id: string | null;
    currency: string;
    n: number;
    total: string;
    weighted: string;
  }>(
    // Grouped by the month's first day (cheap per row), formatted once per group; the open deals' columns
    // all come from `deals_forecast_idx` (an index-only scan).
    await ctx.db.execute(sql`select to_char(g.month, 'YYYY-MM') as m, g.owner_id, g.currency, g.n, g.total, g.weighted
      from (select date_trunc('month', ${d.expectedCloseOn})::date as month, ${d.ownerId} as owner_id,
          ${d.currency} as currency, count(*)::int as n, sum(${d.amount})::text as total, ${weightedSql}::text as weighted
        from ${d} join ${s} on ${s.id} = ${d.stageId}
        where ${d.deletedAt} is null and ${d.status} = 'open'
          and ${d.expectedCloseOn} >= ${from}::date and ${d.expectedCloseOn} < ${to}::date${more}
        group by 1, 2, 3) g`),
  );
  const wonStages = query.pipelineId
    ? sql`select ${s.id} from ${s} where ${s.kind} = 'won' and ${s.pipelineId} = ${query.pipelineId}`
    : sql`select ${s.id} from ${s} where ${s.kind} = 'won'`;
  const won = rowsOf<{ m: string; owner_id: string | null; currency: string; n: number; total: string }>(
    await ctx.db.execute(sql`select to_char(${d.closedAt} at time zone 'UTC', 'YYYY-MM') as m,
        ${d.ownerId} as owner_id, ${d.currency} as currency, count(*)::int as n, sum(${d.amount})::text as total
      from ${d}
      where ${d.stageId} in (${wonStages}) and ${d.deletedAt} is null and ${d.status} = 'won'
        and ${d.closedAt} >= ${from}::timestamptz and ${d.closedAt} < ${to}::timestamptz${more}
      group by 1, 2, 3`),
  );
  const rows = new Map<string, ForecastRow>();
  const row = (m: string, ownerId: string | null, currency: string) => {
    const key = `${m}|${ownerId}|${currency}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        month: m,
        ownerId,
        ownerName: null,
        currency,
        count: 0,
        total: 0,
        weighted: 0,
        wonCount: 0,
        won: 0,
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const o of open)
    Object.assign(row(o.m, o.owner_id, o.currency), {
      count: toInt(o.n),
      total: toInt(o.total),
      weighted: toInt(o.weighted),
    });
  for (const w of won)
    Object.assign(row(w.m, w.owner_id, w.currency), { wonCount: toInt(w.n), won: toInt(w.total) });
  const ownerIds = [
    ...new Set([...rows.values()].map((r) => r.ownerId).filter((x): x is string => Boolean(x))),
  ];
  const names = new Map<string, string>();
  if (ownerIds.length) {
    const found = rowsOf<{ id: string; name: string }>(
      await ctx.db.execute(sql`select ${users.id} as id, coalesce(nullif(${users.name}, ''), ${users.email}) as name
        from ${users} where ${users.id} = any(${sql.param(ownerIds)}::uuid[])`),
    );
    for (const u of found) names.set(u.id, u.name);
  }
  const data = [...rows.values()]
    .map((r) => ({ ...r, ownerName: r.ownerId ? (names.get(r.ownerId) ?? null) : null }))
    .sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        (a.ownerName ?? '').localeCompare(b.ownerName ?? '') ||
        a.currency.localeCompare(b.currency),
    );
  return { data };
}
