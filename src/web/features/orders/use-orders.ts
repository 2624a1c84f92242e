import { notifications } from '@mantine/notifications';
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ListCount } from '../../../shared/common.ts';
import type { OrderDto, OrderStatus, OrderSummary } from '../../../shared/orders.ts';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

type Page = { data: OrderSummary[]; nextCursor: string | null };

/** The list's filters, as the URL and the API take them. */
export type OrderFilters = {
  status?: OrderStatus;
  channel?: string;
  q?: string;
  from?: string;
  to?: string;
};

export const orderKeys = {
  all: ['orders'] as const,
  list: (filters: OrderFilters) => ['orders', 'list', filters] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  record: (kind: 'contact' | 'company', id: string) => ['orders', 'record', kind, id] as const,
};

/** The list request of these filters (the list page's export sends the same). */
export const listParams = (f: OrderFilters) => ({
  status: f.status,
  channel: f.channel,
  q: f.q,
  'orderedAt[gte]': f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
  'orderedAt[lt]': f.to
    ? new Date(new Date(`${f.to}T00:00:00`).getTime() + 86_400_000).toISOString()
    : undefined,
});

/** Orders newest first, page by page. */
export function useOrderList(filters: OrderFilters) {
  return useInfiniteQuery({
    queryKey: orderKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page>(`/orders${qs({ ...listParams(filters), limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => api<OrderDto>(`/orders/${id}`, { signal }),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });
}

/** A customer's latest orders and how many there are (the card on contact and company pages). */
export function useRecordOrders(kind: 'contact' | 'company', id: string) {
  const filter = { [kind === 'contact' ? 'contactId' : 'companyId']: id };
  const latest = useQuery({
    queryKey: orderKeys.record(kind, id),
    queryFn: ({ signal }) => api<Page>(`/orders${qs({ ...filter, limit: 5 })}`, { signal }),
  });
  const count = useQuery({
    queryKey: [...orderKeys.record(kind, id), 'count'],
    queryFn: ({ signal }) => api<ListCount>(`/orders/count${qs(filter)}`, { signal }),
    enabled: Boolean(latest.data?.nextCursor),
  });
  return { latest, count: count.data?.count ?? latest.data?.data.length ?? 0 };
}

export { useDefaultCurrency } from '../sales/use-sales-settings.ts';

export function putOrder(qc: QueryClient, order: OrderDto) {
  qc.setQueryData(orderKeys.detail(order.id), order);
  void qc.invalidateQueries({ queryKey: ['orders', 'list'] });
  void qc.invalidateQueries({ queryKey: ['orders', 'record'] });
  void qc.invalidateQueries({ predicate: (q) => q.queryKey[1] === 'timeline' });
}

/** One step of the status machine, with If-Match; a stale version reloads the order and says so. */
export function useChangeStatus() {
  const qc = useQueryClient();
  const { t } = useTranslation('orders');
  const message = useErrorMessage();
  return useMutation({
    mutationFn: ({ order, status }: { order: OrderDto; status: OrderStatus }) =>
      api<OrderDto>(`/orders/${order.id}/status`, {
        method: 'POST',
        body: { status },
        headers: { 'if-match': `"${order.version}"` },
      }),
    onSuccess: (order) => {
      putOrder(qc, order);
      notifications.show({
        color: 'green',
        message: t('changed', { number: order.number, status: t(`status.${order.status}`) }),
      });
    },
    onError: (err, { order }) => {
      if (err instanceof ApiError && err.status === 412) {
        void qc.invalidateQueries({ queryKey: orderKeys.detail(order.id) });
        notifications.show({ color: 'yellow', message: t('stale') });
      } else notifications.show({ color: 'red', message: message(err) });
    },
  });
}
