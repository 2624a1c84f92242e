import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  CompanyMergePreview,
  ContactMergePreview,
  DuplicateList,
  MergeDto,
  MergeEntity,
  RefreshResult,
} from '../../../shared/merge.ts';
import { api, qs } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

export const pathOf = (entity: MergeEntity) => (entity === 'contact' ? 'contacts' : 'companies');

export const mergeKeys = {
  duplicates: (entity: MergeEntity) => ['duplicates', entity] as const,
  merges: ['merges'] as const,
  preview: (entity: MergeEntity, keep: string, other: string) =>
    ['merge-preview', entity, keep, other] as const,
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

export function useMergePreview(entity: MergeEntity, keep: string, other: string) {
  return useQuery({
    queryKey: mergeKeys.preview(entity, keep, other),
    queryFn: ({ signal }) =>
      api<MergePreview>(`/${pathOf(entity)}/${keep}/merge-preview${qs({ otherId: other })}`, { signal }),
    enabled: Boolean(keep && other),
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
  const refresh = useMutation({
    mutationFn: (entity: MergeEntity) =>
      api<RefreshResult>('/duplicates/refresh', { method: 'POST', body: { entity } }),
    onSuccess: (r) => {
      settle();
      notifications.show({ message: t('refreshDone', { count: r.pairs }) });
    },
    onError: fail,
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
      otherId: string;
      fields: Record<string, string>;
    }) =>
      api<MergeDto>(`/${pathOf(v.entity)}/${v.keep}/merge`, {
        method: 'POST',
        body: { otherId: v.otherId, fields: v.fields },
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
      notifications.show({ color: 'teal', message: t('undoDone', { name: m.loserName }) });
    },
    onError: fail,
  });
  return { refresh, dismiss, merge, undo };
}
