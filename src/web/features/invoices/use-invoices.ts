import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  AccountRevenue,
  InvoiceDetailDto,
  InvoiceDto,
  InvoiceStatusFilter,
  SendInvoiceInput,
} from '../../../shared/invoices.ts';
import { api, qs } from '../../lib/api.ts';

type Page = { data: InvoiceDto[]; nextCursor: string | null };
export type InvoiceFilters = {
  status?: InvoiceStatusFilter;
  q?: string;
  issuedFrom?: string;
  issuedTo?: string;
  contactId?: string;
  companyId?: string;
  orderId?: string;
};

export const invoiceKeys = {
  all: ['invoices'] as const,
  list: (filters: InvoiceFilters) => ['invoices', 'list', filters] as const,
  detail: (id: string) => ['invoices', 'detail', id] as const,
  order: (orderId: string) => ['invoices', 'order', orderId] as const,
  revenue: (kind: 'contact' | 'company', id: string) => ['invoices', 'revenue', kind, id] as const,
};

export function useInvoiceList(filters: InvoiceFilters) {
  return useInfiniteQuery({
    queryKey: invoiceKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page>(`/invoices${qs({ ...filters, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInvoice(id: string) {
  return useQuery({
    queryKey: invoiceKeys.detail(id),
    queryFn: ({ signal }) => api<InvoiceDetailDto>(`/invoices/${id}`, { signal }),
    staleTime: 0,
    // A mail just queued leaves within seconds: look again until it has gone (or failed).
    refetchInterval: (q) => (q.state.data?.mail?.status === 'queued' ? 2_000 : false),
  });
}

/** An order's invoices and credit notes, newest first. */
export function useOrderInvoices(orderId: string) {
  return useQuery({
    queryKey: invoiceKeys.order(orderId),
    queryFn: ({ signal }) => api<Page>(`/invoices${qs({ orderId, limit: 100 })}`, { signal }),
  });
}

export function useRevenue(kind: 'contact' | 'company', id: string) {
  return useQuery({
    queryKey: invoiceKeys.revenue(kind, id),
    queryFn: ({ signal }) =>
      api<AccountRevenue>(`/${kind === 'contact' ? 'contacts' : 'companies'}/${id}/revenue`, { signal }),
  });
}

/** After an invoice, payment or credit note: lists, cards, the order (invoiced quantities) and timelines. */
export function refreshInvoices(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: invoiceKeys.all });
  void qc.invalidateQueries({ queryKey: ['orders'] });
  void qc.invalidateQueries({ queryKey: ['contacts', 'timeline'] });
  void qc.invalidateQueries({ queryKey: ['companies', 'timeline'] });
}

/** Sends the invoice by e-mail; the page then shows the mail's state, the timeline the logged e-mail. */
export function useSendInvoice(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SendInvoiceInput) =>
      api<InvoiceDetailDto>(`/invoices/${id}/send`, { method: 'POST', body }),
    onSuccess: (inv) => {
      qc.setQueryData(invoiceKeys.detail(id), inv);
      refreshInvoices(qc);
    },
  });
}
