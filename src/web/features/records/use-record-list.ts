import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
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
