import { notifications } from '@mantine/notifications';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  BoardDto,
  DealDetailDto,
  DealDto,
  ForecastDto,
  MoveDealInput,
  PipelineDto,
} from '../../../shared/deals.ts';
import type { HistoryEntry } from '../../../shared/history.ts';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { stageLabel } from './stage-label.ts';

export type DealPage = { data: DealDto[]; nextCursor: string | null };

export const dealKeys = {
  all: ['deals'] as const,
  pipelines: ['deals', 'pipelines'] as const,
  board: (pipelineId: string | null, mine: boolean) => ['deals', 'board', pipelineId, mine] as const,
  list: (params: Record<string, unknown>) => ['deals', 'list', params] as const,
  detail: (id: string) => ['deals', 'detail', id] as const,
  history: (id: string) => ['deals', 'history', id] as const,
  forecast: (params: Record<string, unknown>) => ['deals', 'forecast', params] as const,
  record: (kind: 'contact' | 'company', id: string) => ['deals', 'record', kind, id] as const,
};

export function usePipelines() {
  return useQuery({
    queryKey: dealKeys.pipelines,
    queryFn: ({ signal }) => api<{ data: PipelineDto[] }>('/pipelines', { signal }),
    staleTime: 60_000,
  });
}

export function useBoard(pipelineId: string | null, mine: boolean) {
  return useQuery({
    queryKey: dealKeys.board(pipelineId, mine),
    queryFn: ({ signal }) =>
      api<BoardDto>(`/deals/board${qs({ pipelineId, ownerId: mine ? 'me' : undefined })}`, { signal }),
    enabled: pipelineId !== null,
    refetchInterval: 60_000,
  });
}

export function useDeal(id: string) {
  return useQuery({
    queryKey: dealKeys.detail(id),
    queryFn: ({ signal }) => api<DealDetailDto>(`/deals/${id}`, { signal }),
    staleTime: 0,
  });
}

export function useDealHistory(id: string) {
  return useQuery({
    queryKey: dealKeys.history(id),
    queryFn: ({ signal }) =>
      api<{ data: HistoryEntry[]; nextCursor: string | null }>(`/deals/${id}/history?limit=100`, { signal }),
  });
}

export function useForecast(params: { from: string; to: string; pipelineId?: string | null; mine: boolean }) {
  return useQuery({
    queryKey: dealKeys.forecast(params),
    queryFn: ({ signal }) =>
      api<ForecastDto>(
        `/deals/forecast${qs({
          from: params.from,
          to: params.to,
          pipelineId: params.pipelineId,
          ownerId: params.mine ? 'me' : undefined,
        })}`,
        { signal },
      ),
  });
}

/** After any change: the board, lists, cards, the deal and the customers' timelines. */
export function refreshDeals(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: dealKeys.all });
  void qc.invalidateQueries({ queryKey: ['contacts', 'timeline'] });
  void qc.invalidateQueries({ queryKey: ['companies', 'timeline'] });
}

/** Σ round(amount × p / 100) for one deal, half up, in integers (as the server does it). */
const weightOf = (amount: number, probability: number) => Math.floor((amount * probability + 50) / 100);

function adjust(list: { currency: string; amount: number }[], currency: string, by: number) {
  const found = list.some((m) => m.currency === currency);
  const next = found
    ? list.map((m) => (m.currency === currency ? { ...m, amount: m.amount + by } : m))
    : [...list, { currency, amount: by }];
  return next.filter((m) => !(m.currency === currency && m.amount === 0));
}

/** The board after a move, as the server will have it (the card placed, counts and sums moved with it). */
export function movedBoard(board: BoardDto, deal: DealDto, move: MoveDealInput): BoardDto {
  const target = board.columns.find((c) => c.stage.id === move.stageId);
  if (!target) return board;
  const kind = target.stage.kind;
  const moved: DealDto = {
    ...deal,
    stageId: move.stageId,
    status: kind,
    closeReason: kind === 'open' ? null : (move.closeReason ?? deal.closeReason),
    stageChangedAt: deal.stageId === move.stageId ? deal.stageChangedAt : new Date().toISOString(),
  };
  return {
    ...board,
    columns: board.columns.map((c) => {
      let col = c;
      if (c.stage.id === deal.stageId) {
        col = {
          ...col,
          deals: col.deals.filter((d) => d.id !== deal.id),
          count: col.count - 1,
          sums: adjust(col.sums, deal.currency, -deal.amount),
          weighted: adjust(col.weighted, deal.currency, -weightOf(deal.amount, c.stage.probability)),
        };
      }
      if (c.stage.id === move.stageId) {
        const cards = col.deals.filter((d) => d.id !== deal.id);
        let at = cards.length;
        if (move.beforeId)
          at = Math.max(
            0,
            cards.findIndex((d) => d.id === move.beforeId),
          );
        if (move.afterId) at = cards.findIndex((d) => d.id === move.afterId) + 1;
        cards.splice(at, 0, moved);
        col = {
          ...col,
          deals: cards,
          count: col.count + 1,
          sums: adjust(col.sums, deal.currency, deal.amount),
          weighted: adjust(col.weighted, deal.currency, weightOf(deal.amount, c.stage.probability)),
        };
      }
      return col;
    }),
  };
}

/**
 * A move on the board, optimistic: the card lands at once; the server gets it with the version it was
 * made on. A refusal (412: someone changed the deal meanwhile) puts the board back and says why.
 */
export function useMoveDeal() {
  const { t, i18n } = useTranslation('deals');
  const qc = useQueryClient();
  const message = useErrorMessage();
  return useMutation({
    mutationFn: ({ deal, move }: { deal: DealDto; move: MoveDealInput; boardKey?: readonly unknown[] }) =>
      api<DealDetailDto>(`/deals/${deal.id}/move`, {
        method: 'POST',
        headers: { 'if-match': `"${deal.version}"` },
        body: move,
      }),
    onMutate: async ({ deal, move, boardKey }) => {
      if (!boardKey) return { previous: undefined };
      await qc.cancelQueries({ queryKey: boardKey });
      const previous = qc.getQueryData<BoardDto>(boardKey);
      if (previous) qc.setQueryData(boardKey, movedBoard(previous, deal, move));
      return { previous };
    },
    onSuccess: (saved, { deal, boardKey }) => {
      if (boardKey)
        qc.setQueryData<BoardDto>(boardKey, (b) =>
          b
            ? {
                ...b,
                columns: b.columns.map((c) => ({
                  ...c,
                  deals: c.deals.map((d) => (d.id === saved.id ? { ...d, ...saved } : d)),
                })),
              }
            : b,
        );
      qc.setQueryData(dealKeys.detail(saved.id), saved);
      if (saved.stageId !== deal.stageId) {
        const stage = qc
          .getQueryData<{ data: PipelineDto[] }>(dealKeys.pipelines)
          ?.data.flatMap((p) => p.stages)
          .find((s) => s.id === saved.stageId);
        notifications.show({
          color: 'teal',
          message: t('moved', { stage: stageLabel(stage?.labels, i18n.language) }),
        });
      }
    },
    onError: (err, { boardKey }, context) => {
      if (boardKey && context?.previous) qc.setQueryData(boardKey, context.previous);
      notifications.show({
        color: 'red',
        message: err instanceof ApiError && err.status === 412 ? t('conflict') : message(err),
      });
    },
    onSettled: () => refreshDeals(qc),
  });
}
