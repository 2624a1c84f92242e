import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api.ts';
import { type EntityKind, entities, recordKeys } from './record-types.ts';

/** A user-facing sentence for an API failure, in the UI language where the case is known. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    if (!(err instanceof ApiError)) return t('errors.network');
    if (err.status === 412) return t('errors.conflict');
    if (err.status === 403) return t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    if (err.status === 0) return t('errors.network');
    return err.message;
  };
}

/** Delete (to the recycle bin), restore and erase for good, with notifications and cache refresh. */
export function useRecordActions(kind: EntityKind) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useErrorMessage();
  const base = `/${entities[kind].plural}`;
  const refresh = () => qc.invalidateQueries({ queryKey: recordKeys.all(kind) });
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', title: t('states.error'), message: message(err) });

  const restore = useMutation({
    mutationFn: (id: string) => api<unknown>(`${base}/${id}/restore`, { method: 'POST' }),
    onSuccess: () => {
      void refresh();
      notifications.show({ color: 'teal', message: t('states.restored') });
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api<void>(`${base}/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } }),
    onSuccess: () => {
      void refresh();
      notifications.show({ color: 'teal', message: t('states.deleted') });
    },
    onError: (err) => {
      // a stale version: show the latest one so the user sees what changed before deleting
      if (err instanceof ApiError && err.status === 412) void refresh();
      fail(err);
    },
  });
  const erase = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api<void>(`${base}/${id}/erase`, { method: 'POST', body: { reason } }),
    onSuccess: (_, v) => {
      qc.removeQueries({ queryKey: recordKeys.detail(kind, v.id) });
      qc.removeQueries({ queryKey: recordKeys.history(kind, v.id) });
      void qc.invalidateQueries({ queryKey: recordKeys.lists(kind) });
      notifications.show({ color: 'teal', message: t('states.erased') });
    },
    onError: fail,
  });
  return { restore, remove, erase };
}
