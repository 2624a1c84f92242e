import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type EntityKind, entities, recordKeys } from './record-types.ts';

/** One record, including a deleted one (its page then shows the recycle-bin banner). */
export function useRecord<D>(kind: EntityKind, id: string | null | undefined) {
  return useQuery({
    queryKey: recordKeys.detail(kind, id ?? ''),
    queryFn: ({ signal }) => api<D>(`/${entities[kind].plural}/${id}?includeDeleted=true`, { signal }),
    enabled: Boolean(id),
  });
}
