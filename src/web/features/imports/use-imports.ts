import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  CreateImportInput,
  ImportDto,
  ImportEntity,
  ImportStatus,
  importError,
  importList,
  importTarget,
  savedMappingDto,
  savedMappingInput,
  UpdateImportInput,
} from '../../../shared/imports.ts';
import { ApiError, api, qs } from '../../lib/api.ts';
import { sessionKey } from '../../lib/session.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

export type ImportTarget = z.infer<typeof importTarget>;
export type SavedMapping = z.infer<typeof savedMappingDto>;
export type ImportSummaryRow = z.infer<typeof importList>['data'][number];
export type ImportErrorRow = z.infer<typeof importError>;
type ErrorPage = { data: ImportErrorRow[]; nextCursor: string | null };

/** The server is working on these: the wizard polls every second until the status settles. */
export const busyStatuses: readonly ImportStatus[] = ['dry_running', 'queued', 'running', 'undoing'];
export const isBusy = (s: ImportStatus) => busyStatuses.includes(s);

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  errors: (id: string, dryRun: boolean, stamp: string) => ['imports', 'errors', id, dryRun, stamp] as const,
  targets: (entity: ImportEntity) => ['imports', 'targets', entity] as const,
  mappings: (entity: ImportEntity) => ['imports', 'mappings', entity] as const,
};

/** The error report of a run (or of the dry run) as CSV; a plain link works with the cookie session. */
export const errorReportHref = (id: string, dryRun: boolean) =>
  `/api/v1/imports/${id}/errors.csv${qs({ dryRun: dryRun ? 'true' : 'false' })}`;

/** Recent imports, newest first; polls while one of them is still working. */
export function useImportList() {
  const query = useInfiniteQuery({
    queryKey: importKeys.list,
    queryFn: ({ pageParam, signal }) =>
      api<z.infer<typeof importList>>(`/imports${qs({ limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((i) => isBusy(i.status))) ? 2000 : false,
  });
  // An undo started from the list: the same reading again once it ends.
  const busy = query.data?.pages.flatMap((p) =>
    p.data.filter((i) => isBusy(i.status) && i.status !== 'dry_running').map((i) => i.id),
  );
  useRecordsChangedBy(busy?.length ? 'running' : busy ? 'done' : undefined);
  return query;
}

/** One import; polled every second while the server works on it (dry run, run, undo). */
export function useImport(id: string) {
  const query = useQuery({
    queryKey: importKeys.detail(id),
    queryFn: ({ signal }) => api<ImportDto>(`/imports/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data && isBusy(q.state.data.status) ? 1000 : false),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });
  useRecordsChangedBy(query.data?.status);
  return query;
}

/**
 * When a run or an undo ends, the lists and records it changed are read again: contacts, companies, deals,
 * products, orders, the timelines, and what those imports create along the way (the customers of orders,
 * the companies of contacts). Everything but the imports themselves and the session is marked stale.
 */
function useRecordsChangedBy(status: ImportStatus | undefined) {
  const qc = useQueryClient();
  const before = useRef(status);
  useEffect(() => {
    const was = before.current;
    before.current = status;
    const wrote = was === 'queued' || was === 'running' || was === 'undoing';
    if (wrote && status && !isBusy(status))
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== importKeys.all[0] && q.queryKey[0] !== sessionKey[0],
      });
  }, [status, qc]);
}

/** The fields a column can fill, in the user's language. */
export function useImportTargets(entity: ImportEntity) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: importKeys.targets(entity),
    queryFn: ({ signal }) =>
      api<{ data: ImportTarget[] }>(`/imports/targets${qs({ entity })}`, { signal }).then((r) => r.data),
    // Labels in the UI's language, which may differ from the profile's the server wrote `label` in.
    select: (data) =>
      data.map((x) => ({ ...x, label: x.labels[i18n.language as keyof typeof x.labels] ?? x.label })),
    staleTime: 60_000,
  });
}

/** The rows a run (or the dry run) could not take, page by page (keyset). */
export function useImportErrors(id: string, dryRun: boolean, enabled: boolean, stamp: string) {
  return useInfiniteQuery({
    queryKey: importKeys.errors(id, dryRun, stamp),
    queryFn: ({ pageParam, signal }) =>
      api<ErrorPage>(
        `/imports/${id}/errors${qs({ dryRun: dryRun ? 'true' : 'false', limit: 50, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useSavedMappings(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.mappings(entity),
    queryFn: ({ signal }) =>
      api<{ data: SavedMapping[] }>(`/import-mappings${qs({ entity })}`, { signal }).then((r) => r.data),
  });
}

export function useSaveMapping() {
  const qc = useQueryClient();
  const { t } = useTranslation('imports');
  return useMutation({
    mutationFn: (input: z.infer<typeof savedMappingInput>) =>
      api<SavedMapping>('/import-mappings', { method: 'POST', body: input }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: importKeys.mappings(m.entity) });
      notifications.show({ color: 'teal', message: t('mapping.saved', { name: m.name }) });
    },
  });
}

export function useCreateImport() {
  return useMutation({
    mutationFn: (input: CreateImportInput) => api<ImportDto>('/imports', { method: 'POST', body: input }),
  });
}

function useOnImportFailure(id: string) {
  const qc = useQueryClient();
  const { t } = useTranslation('imports');
  const message = useErrorMessage();
  return (err: unknown) => {
    if (err instanceof ApiError && err.status === 412) {
      void qc.invalidateQueries({ queryKey: importKeys.detail(id) });
      notifications.show({ color: 'yellow', message: t('stale') });
    } else notifications.show({ color: 'red', title: t('failed'), message: message(err) });
  };
}

function usePutImport(id: string) {
  const qc = useQueryClient();
  return (dto: ImportDto | undefined) => {
    if (dto?.id) qc.setQueryData(importKeys.detail(id), dto);
    else void qc.invalidateQueries({ queryKey: importKeys.detail(id) });
    void qc.invalidateQueries({ queryKey: importKeys.list });
  };
}

/**
 * Changes reader, mapping, settings or decisions with If-Match; the answer replaces the cached import (the
 * wizard always shows the server's view). A stale version (412) reloads the import and says so.
 */
export function useUpdateImport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateImportInput) =>
      api<ImportDto>(`/imports/${id}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': `"${qc.getQueryData<ImportDto>(importKeys.detail(id))?.version ?? 0}"` },
      }),
    onSuccess: usePutImport(id),
    onError: useOnImportFailure(id),
  });
}

export type ImportAction = 'dry-run' | 'start' | 'cancel' | 'undo';

/** Dry run, start, cancel or undo: the server answers 202 with the import, then the wizard polls it. */
export function useImportAction(id: string, action: ImportAction) {
  const qc = useQueryClient();
  const put = usePutImport(id);
  return useMutation({
    mutationFn: () => api<ImportDto | undefined>(`/imports/${id}/${action}`, { method: 'POST' }),
    onSuccess: (dto) => {
      put(dto);
      void qc.invalidateQueries({ queryKey: ['imports', 'errors', id] });
    },
    onError: useOnImportFailure(id),
  });
}
