import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ListCount } from '../../../shared/common.ts';
import type { FilterNode } from '../../../shared/filters.ts';
import { api, qs } from '../../lib/api.ts';
import { type EntityKind, entities, recordKeys } from './record-types.ts';

export const PAGE_SIZE = 50;

export type ListParams = {
  q?: string;
  filter?: FilterNode | null;
  sort?: string | null;
  deleted?: 'only' | 'include';
};

/** Keyset-paginated list: each page asks for the rows after the previous page's `nextCursor`. */
export function useRecordList<T>(
  kind: EntityKind,
  params: ListParams,
  opts: { enabled?: boolean; limit?: number } = {},
) {
  const limit = opts.limit ?? PAGE_SIZE;
  const key = {
    q: params.q?.trim() || null,
    filter: params.filter ?? null,
    sort: params.sort ?? null,
    deleted: params.deleted ?? null,
    limit,
  };
  return useInfiniteQuery({
    queryKey: recordKeys.list(kind, key),
    queryFn: ({ pageParam, signal }) =>
      api<{ data: T[]; nextCursor: string | null }>(
        `/${entities[kind].plural}${qs({
          q: key.q,
          sort: key.sort,
          filter: key.filter ? JSON.stringify(key.filter) : undefined,
          deleted: key.deleted,
          limit,
          cursor: pageParam,
        })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/**
 * The list's total for its header ("1,234 contacts"): exact up to 10,000, the database's estimate beyond.
 * Fetched beside the first page, not before it; lives under the list keys, so writes that refresh lists
 * refresh it too.
 */
export function useRecordCount(kind: EntityKind, params: ListParams) {
  const key = {
    q: params.q?.trim() || null,
    filter: params.filter ?? null,
    deleted: params.deleted ?? null,
  };
  return useQuery({
    queryKey: [...recordKeys.lists(kind), 'count', key],
    queryFn: ({ signal }) =>
      api<ListCount>(
        `/${entities[kind].plural}/count${qs({
          q: key.q,
          filter: key.filter ? JSON.stringify(key.filter) : undefined,
          deleted: key.deleted,
        })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** An estimate shown to two significant digits: 987,654 → 990,000. */
export function roundEstimate(n: number): number {
  if (n < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / step) * step;
}
