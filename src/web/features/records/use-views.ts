import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedViewDto, ViewDefinition } from '../../../shared/views.ts';
import { api } from '../../lib/api.ts';
import type { EntityKind } from './record-types.ts';

const viewsKey = (entity: EntityKind) => ['views', entity] as const;

/** Saved list views: your own and the ones others shared. */
export function useViews(entity: EntityKind) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: viewsKey(entity),
    queryFn: ({ signal }) => api<{ data: SavedViewDto[] }>(`/views?entity=${entity}`, { signal }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: viewsKey(entity) });
  const create = useMutation({
    mutationFn: (v: { name: string; shared: boolean; definition: ViewDefinition }) =>
      api<SavedViewDto>('/views', { method: 'POST', body: { entity, ...v } }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      name?: string;
      shared?: boolean;
      definition?: ViewDefinition;
    }) => api<SavedViewDto>(`/views/${id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/views/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { views: list.data?.data ?? [], isPending: list.isPending, create, update, remove };
}
