import { type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  AccountRevenue,
  InvoiceDetailDto,
  InvoiceDto,
  InvoiceStatusFilter,
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
