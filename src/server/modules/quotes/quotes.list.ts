import { type SQL, sql } from 'drizzle-orm';
import type { ListQuery } from '../../../shared/filters.ts';
import { quoteFields } from '../../../shared/quotes.ts';
import type { EntitySpec, FieldSpec, SortKey, SqlCast } from '../../db/list-query.ts';
import { likeEscape } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { countList, pageOf, planList } from '../records/index.ts';
import { quotes as t } from './quotes.schema.ts';
import { type QuoteRow, today, toListItem, withNames } from './quotes.service.ts';

const f = (name: string, expr: FieldSpec['expr'], cast: SqlCast, nullable: boolean): FieldSpec => ({
  meta: quoteFields[name]!,
  expr,
  cast,
  nullable,
});

/**
 * A status as the API shows it: a sent quote past its validity is `expired` even before the sweep marks it
 * (`on` is today's date by the app's clock), so `status=sent` and `status=expired` agree with what is read.
 */
function statusIs(value: string, on: string): SQL {
  if (value === 'expired')
    return sql`(${t.status} = 'expired' or (${t.status} = 'sent' and ${t.validUntil} < ${on}::date))`;
  if (value === 'sent')
    return sql`(${t.status} = 'sent' and (${t.validUntil} is null or ${t.validUntil} >= ${on}::date))`;
  return sql`${t.status} = ${value}`;
}

const statusField = (on: string): FieldSpec => ({
  ...f('status', sql`${t.status}`, 'text', false),
  filter: (op, value) => {
    if (op === 'eq') return statusIs(String(value), on);
    if (op === 'neq') return sql`not ${statusIs(String(value), on)}`;
    if (op === 'in')
      return sql`(${sql.join(
        (value as string[]).map((v) => statusIs(v, on)),
        sql` or `,
      )})`;
    return undefined;
  },
});

export const quoteSpec = (on: string): EntitySpec => ({
  fields: {
    number: f('number', sql`${t.number}`, 'text', false),
    status: statusField(on),
    contactId: f('contactId', sql`${t.contactId}`, 'uuid', true),
    companyId: f('companyId', sql`${t.companyId}`, 'uuid', true),
    dealId: f('dealId', sql`${t.dealId}`, 'uuid', true),
    ownerId: f('ownerId', sql`${t.ownerId}`, 'uuid', true),
    currency: f('currency', sql`${t.currency}`, 'text', false),
    validUntil: f('validUntil', sql`${t.validUntil}`, 'date', true),
    gross: f('gross', sql`${t.gross}`, 'numeric', false),
    createdAt: { ...f('createdAt', sql`${t.createdAt}`, 'timestamptz', false), descIndexed: true },
    updatedAt: f('updatedAt', sql`${t.updatedAt}`, 'timestamptz', false),
  },
  id: sql`${t.id}`,
});

/** Newest first: the order of the `(…, created_at desc, id desc)` indexes (all, per status, contact, company). */
export const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${t.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

/** `q` is not full-text here: a number prefix (`Q-2026-00`) or a word of the title. */
function searchSql(q: string | undefined) {
  if (!q) return undefined;
  const term = likeEscape(q.trim());
  return sql`(${t.number} ilike ${`${term}%`} or ${t.title} ilike ${`%${term}%`})`;
}

const listPart = (q: ListQuery): ListQuery => ({ ...q, q: undefined });

export async function quoteListStatement(ctx: Ctx, query: ListQuery) {
  const plan = await planList(ctx.db, quoteSpec(today(ctx)), listPart(query), t, newestFirst);
  const search = searchSql(query.q);
  const where = search ? sql`${plan.where} and ${search}` : plan.where;
  return {
    plan,
    statement: withNames(ctx.db, plan.sortCols)
      .where(where)
      .orderBy(plan.order)
      .limit(plan.limit + 1),
  };
}

export async function listQuotes(ctx: Ctx, query: ListQuery) {
  const { plan, statement } = await quoteListStatement(ctx, query);
  const rows = (await statement) as unknown as (QuoteRow & Record<string, unknown>)[];
  const { page, nextCursor } = pageOf(rows, plan, (r) => r.id);
  const on = today(ctx);
  return { data: page.map((r) => toListItem(r, on)), nextCursor };
}

export async function countQuotes(ctx: Ctx, query: ListQuery) {
  return countList(ctx.db, quoteSpec(today(ctx)), listPart(query), t, newestFirst, searchSql(query.q));
}
