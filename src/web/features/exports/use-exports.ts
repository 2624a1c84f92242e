import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExportColumnDto, ExportDto, ExportEntity } from '../../../shared/exports.ts';
import { api, qs } from '../../lib/api.ts';

const keys = {
  all: ['exports'] as const,
  one: (id: string) => ['exports', id] as const,
  columns: (entity: ExportEntity, lng: string) => ['exports', 'columns', entity, lng] as const,
};

const active = (e: ExportDto | undefined) => e?.status === 'queued' || e?.status === 'running';

/** The columns an entity exports, headed in the UI language. */
export function useExportColumns(entity: ExportEntity, lng: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.columns(entity, lng),
    queryFn: ({ signal }) =>
      api<{ data: ExportColumnDto[] }>(`/exports/columns${qs({ entity, language: lng })}`, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** One export, polled every second while it runs. */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: keys.one(id ?? ''),
    queryFn: ({ signal }) => api<ExportDto>(`/exports/${id}`, { signal }),
    enabled: Boolean(id),
    refetchInterval: (q) => (active(q.state.data) ? 1000 : false),
  });
}

/** The caller's recent exports, polled while one of them runs. */
export function useExports() {
  return useQuery({
    queryKey: keys.all,
    queryFn: ({ signal }) => api<{ data: ExportDto[] }>('/exports', { signal }),
    refetchInterval: (q) => (q.state.data?.data.some(active) ? 2000 : false),
  });
}

export function useStartExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      entity: ExportEntity;
      format: ExportDto['format'];
      query: Record<string, string | string[]>;
      columns?: string[];
      language: string;
      timeZone: string;
    }) => api<ExportDto>('/exports', { method: 'POST', body }),
    onSuccess: (e) => {
      client.setQueryData(keys.one(e.id), e);
      void client.invalidateQueries({ queryKey: keys.all, exact: true });
    },
  });
}

export function useCancelExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ExportDto>(`/exports/${id}/cancel`, { method: 'POST', body: {} }),
    onSuccess: (e) => client.setQueryData(keys.one(e.id), e),
  });
}

/** Where a finished export downloads from (an attachment; the browser keeps the page). */
export const downloadUrl = (e: ExportDto) => (e.file ? `/api/v1/files/${e.file.id}/content` : null);

/** The browser's time zone, so exported date-times read as the list shows them. */
export const browserTimeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};
