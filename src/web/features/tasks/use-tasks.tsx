import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TaskDto, TaskSummary, TaskView } from '../../../shared/tasks.ts';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { isOpenStatus, todayBounds } from './task-time.ts';

type Page = { data: TaskDto[]; nextCursor: string | null };

export const taskKeys = {
  all: ['tasks'] as const,
  list: (view: TaskView, params: Record<string, unknown> = {}) => ['tasks', 'list', view, params] as const,
  summary: ['tasks', 'summary'] as const,
  detail: (id: string) => ['tasks', 'detail', id] as const,
  record: (kind: 'contact' | 'company', id: string) => ['tasks', 'record', kind, id] as const,
};

/** Whether a task belongs in a view as far as the browser can tell (after an optimistic change). */
export const fitsView = (view: TaskView, t: TaskDto) =>
  view === 'done' ? t.status === 'done' : isOpenStatus(t.status);

/** One of the task views, page by page. `today` asks for the browser's own day. */
export function useTaskList(view: TaskView) {
  const bounds = view === 'today' ? todayBounds() : null;
  return useInfiniteQuery({
    queryKey: taskKeys.list(view, bounds ?? {}),
    queryFn: ({ pageParam, signal }) =>
      api<Page>(`/tasks${qs({ view, ...bounds, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
}

/** The counts on the view tabs. */
export function useTaskSummary() {
  return useQuery({
    queryKey: taskKeys.summary,
    queryFn: ({ signal }) => api<TaskSummary>(`/tasks/summary${qs(todayBounds())}`, { signal }),
    refetchInterval: 60_000,
  });
}

/** A contact's or company's open tasks, soonest due first (the card on the record page). */
export function useRecordTasks(kind: 'contact' | 'company', id: string) {
  return useQuery({
    queryKey: taskKeys.record(kind, id),
    queryFn: ({ signal }) =>
      api<Page>(
        `/tasks${qs({ view: 'open', [kind === 'contact' ? 'contactId' : 'companyId']: id, limit: 10 })}`,
        { signal },
      ),
  });
}

export function useTask(id: string | null) {
  return useQuery({
    queryKey: taskKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<TaskDto>(`/tasks/${id}`, { signal }),
    enabled: Boolean(id),
    staleTime: 0,
  });
}

/** Replaces a task wherever it is cached (lists, pages, cards, the detail). */
export function putTask(qc: QueryClient, task: TaskDto) {
  const swap = (list: TaskDto[]) => list.map((t) => (t.id === task.id ? task : t));
  qc.setQueriesData<InfiniteData<Page> | Page | TaskDto>({ queryKey: taskKeys.all }, (old) => {
    if (!old) return old;
    if ('pages' in old) return { ...old, pages: old.pages.map((p) => ({ ...p, data: swap(p.data) })) };
    if ('data' in old) return { ...old, data: swap(old.data) };
    if ('id' in old && old.id === task.id) return task;
    return old;
  });
}

/** After any change: lists, counts, cards and the timelines that show tasks. */
export function refreshTasks(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: taskKeys.all });
  void qc.invalidateQueries({ queryKey: ['contacts', 'timeline'] });
  void qc.invalidateQueries({ queryKey: ['companies', 'timeline'] });
}

/**
 * Done / not done in one step: the lists change at once (optimistically), the server gets the change with
 * the version it was made on, and a toast offers to undo it. A conflict (412) puts the server's version back.
 */
export function useToggleDone() {
  const { t } = useTranslation('tasks');
  const qc = useQueryClient();
  const message = useErrorMessage();
  const toggle = useMutation({
    mutationFn: (task: TaskDto) =>
      api<TaskDto>(`/tasks/${task.id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${task.version}"` },
        body: { status: task.status === 'done' ? 'open' : 'done' },
      }),
    onMutate: async (task) => {
      await qc.cancelQueries({ queryKey: taskKeys.all });
      const done = task.status !== 'done';
      putTask(qc, {
        ...task,
        status: done ? 'done' : 'open',
        completedAt: done ? new Date().toISOString() : null,
      });
    },
    onSuccess: (saved) => {
      putTask(qc, saved);
      const id = `task-${saved.id}`;
      notifications.show({
        id,
        color: 'teal',
        autoClose: 6000,
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">{saved.status === 'done' ? t('completed') : t('reopened')}</Text>
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => {
                notifications.hide(id);
                toggle.mutate(saved);
              }}
            >
              {t('undo')}
            </Button>
          </Group>
        ),
      });
    },
    onError: (err, task) => {
      putTask(qc, task);
      notifications.show({ color: 'red', message: message(err) });
      if (err instanceof ApiError && err.status === 412) refreshTasks(qc);
    },
    onSettled: () => refreshTasks(qc),
  });
  return toggle;
}
