import { type SQL, sql } from 'drizzle-orm';
import type { ListQuery } from '../../../shared/filters.ts';
import type { OrderSummary } from '../../../shared/orders.ts';
import { likeEscape } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { countList, pageOf, planList } from '../records/index.ts';
import { newestFirst, orderSpec } from './orders.fields.ts';
import { orders as o } from './orders.schema.ts';
import { type OrderRow, toOrderSummary, withNames } from './orders.service.ts';

const FULL_NUMBER = /^[A-Z]+-\d{4}-\d{4,}$/;

/**
 * `q` is an order number: a whole one is found through the unique index, the beginning of one
 * (`SO-2026-00`) filters the newest-first scan. Orders have no words to search, so `q` never reaches
 * the generic search.
 */
function numberMatch(q: string | undefined): SQL | undefined {
  const text = q?.trim().toUpperCase();
  if (!text) return undefined;
  if (FULL_NUMBER.test(text)) return sql`${o.number} = ${text}`;
  return sql`${o.number} like ${`${likeEscape(text)}%`}`;
}

/** The SELECT of one page (exported for the plan checks in the tests). */
export async function orderListStatement(ctx: Ctx, query: ListQuery) {
  const { q, ...rest } = query;
  const plan = await planList(ctx.db, orderSpec, rest, o, newestFirst);
  const byNumber = numberMatch(q);
  return {
    plan,
    statement: withNames(ctx.db, plan.sortCols)
      .where(byNumber ? sql`${plan.where} and ${byNumber}` : plan.where)
      .orderBy(plan.order)
      .limit(plan.limit + 1),
  };
}

export async function listOrders(
  ctx: Ctx,
  query: ListQuery,
): Promise<{ data: OrderSummary[]; nextCursor: string | null }> {
  const { plan, statement } = await orderListStatement(ctx, query);
  const rows = (await statement) as (OrderRow & Record<string, unknown>)[];
  const { page, nextCursor } = pageOf(rows, plan, (r) => r.id);
  return { data: page.map(toOrderSummary), nextCursor };
}

export async function countOrders(ctx: Ctx, query: ListQuery) {
  const { q, ...rest } = query;
  return countList(ctx.db, orderSpec, rest, o, newestFirst, numberMatch(q));
}
