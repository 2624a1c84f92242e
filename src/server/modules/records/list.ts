import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ListQuery } from '../../../shared/filters.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import {
  compileFilter,
  decodeCursor,
  type EntitySpec,
  encodeCursor,
  filtersFromQuery,
  keysetWhere,
  orderBy,
  resolveSort,
  type SortKey,
  sortColumns,
} from '../../db/list-query.ts';
import { AppError } from '../../http/errors.ts';
import { chooseSearch, type SearchTable, searchPlan, tierOfCursor } from './search.ts';

const reserved = new Set(['q', 'sort', 'limit', 'cursor', 'filter', 'deleted']);

/** A table a list runs on: an id, a recycle bin, and (for `?q=`) the search columns. */
export type ListTable = PgTable & {
  id: AnyPgColumn;
  deletedAt: AnyPgColumn;
  searchNames?: AnyPgColumn;
  searchVector?: AnyPgColumn;
};
const isSearchable = (t: ListTable): t is ListTable & SearchTable => Boolean(t.searchNames && t.searchVector);

export type ListPlan = {
  where: SQL;
  order: SQL;
  keys: SortKey[];
  sortCols: Record<string, SQL<string | null>>;
  limit: number;
};

/**
 * Turns a list request into the parts of one keyset query: WHERE (recycle-bin state, filters, search,
 * cursor), ORDER BY and the sort columns that make the next cursor.
 */
export async function planList(
  db: Executor,
  spec: EntitySpec,
  query: ListQuery,
  table: ListTable,
  defaultSort: SortKey[],
): Promise<ListPlan> {
  const scope: SQL[] = [];
  if (query.deleted === 'only') scope.push(sql`${table.deletedAt} is not null`);
  else if (query.deleted !== 'include') scope.push(sql`${table.deletedAt} is null`);
  for (const node of filtersFromQuery(query as Record<string, unknown>, reserved))
    scope.push(compileFilter(spec, node));
  // `deleted=include` with no filter leaves no condition: an empty WHERE would be a syntax error.
  const scopeSql = scope.length ? sql.join(scope, sql` and `) : sql`true`;
  let search: ReturnType<typeof searchPlan> = null;
  if (query.q) {
    if (!isSearchable(table))
      throw new AppError('invalid_query', {
        status: 400,
        detail: 'This list cannot be searched; filter it instead.',
        errors: [{ path: 'query.q', message: 'Not supported here' }],
      });
    const cursorTier = query.cursor ? tierOfCursor(query.cursor) : undefined;
    const terms = await chooseSearch(db, query.q, table, scopeSql, query.limit, cursorTier);
    search = searchPlan(query.q, table, scopeSql, terms);
  }
  const where = [scopeSql];
  if (search) where.push(search.where);
  const fallback =
    query.deleted === 'only'
      ? [
          {
            name: 'deletedAt',
            expr: sql`${table.deletedAt}`,
            desc: true,
            cast: 'timestamptz' as const,
            nullable: false,
          },
        ]
      : defaultSort;
  const keys = resolveSort(spec, query.sort, search ? [search.score] : fallback);
  if (query.cursor) where.push(keysetWhere(keys, spec.id, decodeCursor(query.cursor, keys)));
  return {
    where: sql.join(where, sql` and `),
    order: orderBy(keys, spec.id),
    keys,
    sortCols: sortColumns(keys),
    limit: query.limit,
  };
}

/** Cuts the N+1 rows of a keyset query to a page and its next cursor. */
export function pageOf<R extends Record<string, unknown>>(rows: R[], plan: ListPlan, idOf: (r: R) => string) {
  const page = rows.slice(0, plan.limit);
  const last = page[page.length - 1];
  return {
    page,
    nextCursor: rows.length > plan.limit && last ? encodeCursor(plan.keys, last, idOf(last)) : null,
  };
}

/** Rows counted exactly before a list's total becomes the planner's estimate. */
export const COUNT_EXACT_LIMIT = 10_000;

/**
 * How many rows a list request matches (its filters, search and recycle-bin state; cursor, sort and limit
 * ignored), for "1,234 contacts": exact up to COUNT_EXACT_LIMIT — counting stops there, so a million rows
 * cost no more than ten thousand — and beyond it PostgreSQL's estimate for the same WHERE, marked inexact.
 */
export async function countList(
  db: Executor,
  spec: EntitySpec,
  query: ListQuery,
  table: ListTable,
  defaultSort: SortKey[],
  /** A condition the module adds (a named view), beyond what the query says. */
  extra?: SQL,
): Promise<{ count: number; exact: boolean }> {
  const plan = await planList(db, spec, { ...query, cursor: undefined }, table, defaultSort);
  const where = extra ? sql`${plan.where} and ${extra}` : plan.where;
  const matching = sql`select 1 from ${table} where ${where}`;
  const [counted] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (${matching} limit ${COUNT_EXACT_LIMIT + 1}) x`),
  );
  const n = counted?.n ?? 0;
  if (n <= COUNT_EXACT_LIMIT) return { count: n, exact: true };
  const [explained] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`explain (format json) ${matching}`),
  );
  const raw = explained ? Object.values(explained)[0] : null;
  const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    | [{ Plan: { 'Plan Rows': number } }]
    | null;
  const estimate = Math.round(json?.[0]?.Plan?.['Plan Rows'] ?? 0);
  return { count: Math.max(estimate, COUNT_EXACT_LIMIT + 1), exact: false };
}
