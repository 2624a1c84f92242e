import { notifications } from '@mantine/notifications';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  AnalyticsSettings,
  CustomerScoreResponse,
  CustomerValueDto,
  ScoreSubject,
  ScoreSummary,
  ScoringRunDto,
  UpdateAnalyticsSettingsInput,
} from '../../../shared/analytics.ts';
import { ApiError, api } from '../../lib/api.ts';
import { recordKeys } from '../records/record-types.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

/** Query keys: everything under `analytics`, so a finished run refreshes the dashboard and every score. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  settings: ['analytics', 'settings'] as const,
  latestRun: ['analytics', 'runs', 'latest'] as const,
  customerValue: (subject: ScoreSubject) => ['analytics', 'customer-value', subject] as const,
  scores: (kind: ScoreSubject, id: string) => ['analytics', 'scores', kind, id] as const,
  summary: (kind: ScoreSubject, id: string) => ['analytics', 'summary', kind, id] as const,
};

export const isActive = (run: ScoringRunDto | null | undefined) =>
  run?.status === 'queued' || run?.status === 'running';

export function useAnalyticsSettings() {
  return useQuery({
    queryKey: analyticsKeys.settings,
    queryFn: ({ signal }) => api<AnalyticsSettings>('/analytics/settings', { signal }),
    staleTime: 60_000,
  });
}

export function useSaveAnalyticsSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAnalyticsSettingsInput) =>
      api<AnalyticsSettings>('/analytics/settings', { method: 'PUT', body }),
    onSuccess: (saved) => qc.setQueryData(analyticsKeys.settings, saved),
  });
}

/** Everything a finished run changes: scores, the dashboard, and the lists that filter or show scores. */
function refreshAfterRun(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: analyticsKeys.all, predicate: (q) => q.queryKey[1] !== 'runs' });
  void qc.invalidateQueries({ queryKey: recordKeys.lists('contact') });
  void qc.invalidateQueries({ queryKey: recordKeys.lists('company') });
}

/**
 * The latest scoring run. While one is queued or running it is polled by its id every two seconds (so
 * this works whether `runs/latest` names unfinished runs or not); when it ends, scores and dashboard reload.
 */
export function useLatestRun() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: analyticsKeys.latestRun,
    queryFn: async ({ signal }) => {
      const before = qc.getQueryData<{ run: ScoringRunDto | null }>(analyticsKeys.latestRun)?.run;
      const next = isActive(before)
        ? { run: await api<ScoringRunDto>(`/analytics/runs/${before!.id}`, { signal }) }
        : await api<{ run: ScoringRunDto | null }>('/analytics/runs/latest', { signal });
      if (isActive(before) && !isActive(next.run)) refreshAfterRun(qc);
      return next;
    },
    refetchInterval: (q) => (isActive(q.state.data?.run) ? 2000 : false),
  });
}

/** "Compute now": queues a run (or joins the one already queued or running) and starts polling it. */
export function useComputeNow() {
  const qc = useQueryClient();
  const { t } = useTranslation('analytics');
  const message = useErrorMessage();
  return useMutation({
    mutationFn: () => api<ScoringRunDto>('/analytics/runs', { method: 'POST' }),
    onSuccess: (run) => {
      qc.setQueryData(analyticsKeys.latestRun, { run });
      notifications.show({ color: 'teal', message: t('run.started') });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'run_running') {
        void qc.invalidateQueries({ queryKey: analyticsKeys.latestRun });
        notifications.show({ color: 'blue', message: t('run.running') });
        return;
      }
      notifications.show({ color: 'red', message: message(err) });
    },
  });
}

export function useCustomerValue(subject: ScoreSubject) {
  return useQuery({
    queryKey: analyticsKeys.customerValue(subject),
    queryFn: ({ signal }) =>
      api<CustomerValueDto>(`/analytics/customer-value?subject=${subject}`, { signal }),
    placeholderData: (prev) => prev,
  });
}

/** A contact's or company's latest scores (the card on its page). */
export function useCustomerScore(kind: ScoreSubject, id: string, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.scores(kind, id),
    queryFn: ({ signal }) =>
      api<CustomerScoreResponse>(`/${kind === 'contact' ? 'contacts' : 'companies'}/${id}/scores`, {
        signal,
      }),
    staleTime: 60_000,
    enabled,
  });
}

type Waiting = { resolve: (v: ScoreSummary | null) => void; reject: (e: unknown) => void };
const waiting: Record<ScoreSubject, Map<string, Waiting[]>> = { contact: new Map(), company: new Map() };
let flushScheduled = false;
/** Ids per request: the server takes up to 200. */
const SUMMARY_BATCH = 200;

/** Sends the ids asked for since the last flush, 200 a request, and answers every waiting row. */
async function flushSummaries() {
  flushScheduled = false;
  for (const kind of ['contact', 'company'] as const) {
    const asked = waiting[kind];
    if (!asked.size) continue;
    const ids = [...asked.keys()];
    const callers = new Map(asked);
    asked.clear();
    for (let i = 0; i < ids.length; i += SUMMARY_BATCH) {
      const part = ids.slice(i, i + SUMMARY_BATCH);
      try {
        const { data } = await api<{ data: ScoreSummary[] }>(
          `/analytics/scores?subject=${kind}&ids=${part.join(',')}`,
        );
        const byId = new Map(data.map((d) => [d.subjectId, d]));
        for (const id of part) for (const w of callers.get(id) ?? []) w.resolve(byId.get(id) ?? null);
      } catch (err) {
        for (const id of part) for (const w of callers.get(id) ?? []) w.reject(err);
      }
    }
  }
}

/** One row's score summary, read together with every other row asked for in the same tick (one request). */
function loadSummary(kind: ScoreSubject, id: string): Promise<ScoreSummary | null> {
  return new Promise((resolve, reject) => {
    const list = waiting[kind].get(id) ?? [];
    list.push({ resolve, reject });
    waiting[kind].set(id, list);
    if (!flushScheduled) {
      flushScheduled = true;
      setTimeout(() => void flushSummaries(), 10);
    }
  });
}

/**
 * The score summary of a list row (segment, band, P(alive), CLV): the rows in view are read in one request
 * (`GET /analytics/scores?ids=…`), not one a row.
 */
export function useScoreSummary(kind: ScoreSubject, id: string) {
  return useQuery({
    queryKey: analyticsKeys.summary(kind, id),
    queryFn: () => loadSummary(kind, id),
    staleTime: 60_000,
  });
}
