import type { z } from 'zod';
import type { ExportEntity } from '../../../shared/exports.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { users } from '../users/users.schema.ts';
import type { ExportColumn, Lang, People } from './exports.columns.ts';

/**
 * How one list is exported: its own list query contract and list function (the same access rules and
 * filters as the list page), a count for progress, and its columns.
 */
export type ExportSource<T = never, Q = unknown> = {
  entity: ExportEntity;
  /** The list endpoint's query contract. */
  query: z.ZodType<Q>;
  page(
    ctx: Ctx,
    query: Q,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ data: T[]; nextCursor: string | null }>;
  count?(ctx: Ctx, query: Q): Promise<{ count: number; exact: boolean }>;
  columns(ctx: Ctx, lang: Lang, people: People): Promise<ExportColumn<T>[]>;
  /** The columns when none are chosen. */
  defaults: string[];
  /** List column ids that export as several columns (a contact's `name` is first and last name). */
  aliases?: Record<string, string[]>;
};

/** Rows read per keyset page: big enough to amortise a round trip, small enough to keep memory flat. */
export const EXPORT_PAGE = 1000;

/** The request's list query, checked by the entity's own list contract (paths under `query.`). */
export function parseListQuery<Q>(source: ExportSource<unknown, Q>, raw: Record<string, unknown>): Q {
  const { cursor: _c, limit: _l, ...rest } = raw;
  const parsed = source.query.safeParse(rest);
  if (!parsed.success)
    throw new AppError('invalid_query', {
      status: 422,
      detail: 'The list query is invalid.',
      errors: parsed.error.issues.map((i) => ({
        path: ['query', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    });
  return parsed.data;
}

/** The columns asked for (aliases expanded, unknown keys refused), or the defaults. */
export function chooseColumns<T>(
  source: ExportSource<T, unknown>,
  all: ExportColumn<T>[],
  keys: string[] | undefined,
): ExportColumn<T>[] {
  const byKey = new Map(all.map((c) => [c.key, c]));
  const wanted = (keys?.length ? keys : source.defaults).flatMap((k) => source.aliases?.[k] ?? [k]);
  const unknown = wanted.filter((k) => !byKey.has(k));
  if (unknown.length)
    throw new AppError('invalid_columns', {
      status: 422,
      detail: `Unknown columns: ${unknown.join(', ')}`,
      errors: unknown.map((k) => ({ path: 'columns', message: `Unknown column ${k}` })),
    });
  return [...new Set(wanted)].map((k) => byKey.get(k)!);
}

/** Everyone's display name, for owner and assignee columns. */
export async function loadPeople(ctx: Ctx): Promise<People> {
  const rows = await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users);
  return new Map(rows.map((u) => [u.id, u.name || u.email]));
}
