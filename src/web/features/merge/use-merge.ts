import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  CompanyMergePreview,
  ContactMergePreview,
  DuplicateList,
  MergeDto,
  MergeEntity,
  RefreshJobDto,
} from '../../../shared/merge.ts';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

export const pathOf = (entity: MergeEntity) => (entity === 'contact' ? 'contacts' : 'companies');

export const mergeKeys = {
  duplicates: (entity: MergeEntity) => ['duplicates', entity] as const,
  merges: ['merges'] as const,
  preview: (entity: MergeEntity, keep: string, others: string) =>
    ['merge-preview', entity, keep, others] as const,
  refreshJob: (id: string) => ['duplicates-refresh', id] as const,
};

/** Candidate pairs, highest score first, page by page. */
export function useDuplicates(entity: MergeEntity) {
  return useInfiniteQuery({
    queryKey: mergeKeys.duplicates(entity),
    queryFn: ({ pageParam, signal }) =>
      api<DuplicateList>(`/duplicates${qs({ entity, limit: 25, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRecentMerges() {
  return useQuery({
    queryKey: mergeKeys.merges,
    queryFn: ({ signal }) => api<{ data: MergeDto[] }>('/merges?limit=10', { signal }),
  });
}

export type MergePreview = ContactMergePreview | CompanyMergePreview;

/** The records side by side: one other (`otherId`) or several (`otherIds`, a cluster). */
export function useMergePreview(entity: MergeEntity, keep: string, others: string[]) {
  const ids = others.join(',');
  return useQuery({
    queryKey: mergeKeys.preview(entity, keep, ids),
    queryFn: ({ signal }) =>
      api<MergePreview>(
        `/${pathOf(entity)}/${keep}/merge-preview${qs(others.length > 1 ? { otherIds: ids } : { otherId: ids })}`,
        { signal },
      ),
    enabled: Boolean(keep && others.length),
  });
}

/** A queued refresh, polled every second until it is done or failed. */
export function useRefreshJob(id: string | undefined) {
  return useQuery({
    queryKey: mergeKeys.refreshJob(id ?? ''),
    queryFn: ({ signal }) => api<RefreshJobDto>(`/duplicates/refresh/${id}`, { signal }),
    enabled: Boolean(id),
    refetchInterval: (q) =>
      q.state.data && !['queued', 'running'].includes(q.state.data.status) ? false : 1000,
  });
}

/** Refresh, dismiss, merge and undo, each invalidating what it changes and reporting errors in a toast. */
export function useMergeActions() {
  const qc = useQueryClient();
  const { t } = useTranslation('merge');
  const message = useErrorMessage();
  const fail = (err: unknown) => notifications.show({ color: 'red', message: message(err) });
  const settle = () => {
    void qc.invalidateQueries({ queryKey: ['duplicates'] });
    void qc.invalidateQueries({ queryKey: mergeKeys.merges });
  };
  // Queues the refresh; the page polls the job (409: one is already queued, which the list shows).
  const refresh = useMutation({
    mutationFn: (entity: MergeEntity) =>
      api<RefreshJobDto>('/duplicates/refresh', { method: 'POST', body: { entity } }),
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409)
        void qc.invalidateQueries({ queryKey: ['duplicates'] });
      else fail(err);
    },
  });
  const dismiss = useMutation({
    mutationFn: (body: { entity: MergeEntity; aId: string; bId: string }) =>
      api<void>('/duplicates/dismiss', { method: 'POST', body }),
    onSuccess: () => {
      settle();
      notifications.show({ message: t('dismissed') });
    },
    onError: fail,
  });
  const merge = useMutation({
    mutationFn: (v: {
      entity: MergeEntity;
      keep: string;
      version: number;
      /** One record (a pair) or several (a cluster). */
      otherIds: string[];
      fields: Record<string, string>;
    }) =>
      api<MergeDto>(`/${pathOf(v.entity)}/${v.keep}/merge`, {
        method: 'POST',
        body: {
          ...(v.otherIds.length === 1 ? { otherId: v.otherIds[0] } : { otherIds: v.otherIds }),
          fields: v.fields,
        },
        headers: { 'if-match': `"${v.version}"` },
      }),
    onSuccess: () => {
      settle();
      void qc.invalidateQueries();
    },
    onError: fail,
  });
  const undo = useMutation({
    mutationFn: (id: string) => api<MergeDto>(`/merges/${id}/undo`, { method: 'POST' }),
    onSuccess: (m) => {
      void qc.invalidateQueries();
      notifications.show({ color: 'teal', message: t('undoDone', { name: loserNames(m) }) });
    },
    onError: fail,
  });
  return { refresh, dismiss, merge, undo };
}

/** The merged records' names: "Anna Jensen", or "Bo Vinther, Bodil Winther" for a cluster. */
export const loserNames = (m: MergeDto) =>
  (m.losers.length ? m.losers : [{ name: m.loserName }]).map((l) => l.name).join(', ');
