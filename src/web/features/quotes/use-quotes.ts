import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateQuoteInput,
  PublicQuoteDto,
  QuoteDto,
  QuoteListItem,
  QuoteStatus,
  QuoteTemplateDto,
  QuoteTemplateInput,
  QuoteVersionDto,
  SendQuoteInput,
  UpdateQuoteInput,
} from '../../../shared/quotes.ts';
import { api, qs } from '../../lib/api.ts';

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (filters: { status?: QuoteStatus | null; q?: string; contactId?: string; companyId?: string }) =>
    ['quotes', 'list', filters] as const,
  one: (id: string) => ['quotes', 'one', id] as const,
  versions: (id: string) => ['quotes', 'versions', id] as const,
  version: (id: string, n: number) => ['quotes', 'version', id, n] as const,
  record: (kind: 'contact' | 'company', id: string) => ['quotes', 'record', kind, id] as const,
  templates: ['quote-templates'] as const,
  public: (token: string) => ['public-quote', token] as const,
};

export function useQuoteList(filters: {
  status?: QuoteStatus | null;
  q?: string;
  contactId?: string;
  companyId?: string;
}) {
  return useInfiniteQuery({
    queryKey: quoteKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<{ data: QuoteListItem[]; nextCursor: string | null }>(
        `/quotes${qs({ limit: 50, cursor: pageParam, status: filters.status ?? undefined, q: filters.q, contactId: filters.contactId, companyId: filters.companyId })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A customer's five newest quotes, and how many there are (counted only when there are more than five). */
export function useRecordQuotes(kind: 'contact' | 'company', id: string) {
  const filter = { [kind === 'contact' ? 'contactId' : 'companyId']: id };
  const latest = useQuery({
    queryKey: quoteKeys.record(kind, id),
    queryFn: ({ signal }) =>
      api<{ data: QuoteListItem[]; nextCursor: string | null }>(`/quotes${qs({ ...filter, limit: 5 })}`, {
        signal,
      }),
  });
  const count = useQuery({
    queryKey: [...quoteKeys.record(kind, id), 'count'],
    queryFn: ({ signal }) => api<{ count: number }>(`/quotes/count${qs(filter)}`, { signal }),
    enabled: Boolean(latest.data?.nextCursor),
  });
  return { latest, count: count.data?.count ?? latest.data?.data.length ?? 0 };
}

export const useQuote = (id: string) =>
  useQuery({
    queryKey: quoteKeys.one(id),
    queryFn: ({ signal }) => api<QuoteDto>(`/quotes/${id}`, { signal }),
    // A mail just queued leaves within seconds: look again until it has gone (or failed).
    refetchInterval: (q) => (q.state.data?.mail?.status === 'queued' ? 2_000 : false),
  });

export const useQuoteVersions = (id: string) =>
  useQuery({
    queryKey: quoteKeys.versions(id),
    queryFn: ({ signal }) =>
      api<{ data: Omit<QuoteVersionDto, 'lines' | 'taxBreakdown' | 'terms'>[] }>(`/quotes/${id}/versions`, {
        signal,
      }),
  });

export const useQuoteVersion = (id: string, n: number | null) =>
  useQuery({
    queryKey: quoteKeys.version(id, n ?? 0),
    queryFn: ({ signal }) => api<QuoteVersionDto>(`/quotes/${id}/versions/${n}`, { signal }),
    enabled: n !== null,
  });

export const useQuoteTemplates = () =>
  useQuery({
    queryKey: quoteKeys.templates,
    queryFn: ({ signal }) => api<{ data: QuoteTemplateDto[] }>('/quote-templates', { signal }),
    staleTime: 60_000,
  });

/** Creates (no id) or changes (with If-Match) a template; deletes one. Managers only. */
export function useSaveQuoteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string | null; version?: number; body: QuoteTemplateInput }) =>
      id
        ? api<QuoteTemplateDto>(`/quote-templates/${id}`, {
            method: 'PATCH',
            headers: { 'if-match': `"${version}"` },
            body,
          })
        : api<QuoteTemplateDto>('/quote-templates', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: quoteKeys.templates }),
  });
}

export function useDeleteQuoteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/quote-templates/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: quoteKeys.templates }),
  });
}

export { useMailStatus } from '../sales/send-document-modal.tsx';

export function useCreateQuote() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateQuoteInput) => api<QuoteDto>('/quotes', { method: 'POST', body }),
    onSuccess: (q) => {
      client.setQueryData(quoteKeys.one(q.id), q);
      void client.invalidateQueries({ queryKey: ['quotes', 'list'] });
      void client.invalidateQueries({ queryKey: ['quotes', 'record'] });
      void client.invalidateQueries({ queryKey: ['quotes', 'record'] });
    },
  });
}

/** Every change to a quote answers the quote: it replaces the cached one, and the lists refresh. */
export function useQuoteAction(id: string) {
  const client = useQueryClient();
  const done = (q: QuoteDto) => {
    client.setQueryData(quoteKeys.one(id), q);
    void client.invalidateQueries({ queryKey: ['quotes', 'list'] });
    void client.invalidateQueries({ queryKey: ['quotes', 'record'] });
    void client.invalidateQueries({ queryKey: quoteKeys.versions(id) });
  };
  return {
    update: useMutation({
      mutationFn: ({ body, version }: { body: UpdateQuoteInput; version: number }) =>
        api<QuoteDto>(`/quotes/${id}`, { method: 'PATCH', body, headers: { 'if-match': `"${version}"` } }),
      onSuccess: done,
    }),
    send: useMutation({
      mutationFn: (body: SendQuoteInput) => api<QuoteDto>(`/quotes/${id}/send`, { method: 'POST', body }),
      onSuccess: done,
    }),
    revise: useMutation({
      mutationFn: (version: number) =>
        api<QuoteDto>(`/quotes/${id}/revise`, { method: 'POST', headers: { 'if-match': `"${version}"` } }),
      onSuccess: done,
    }),
    accept: useMutation({
      mutationFn: (body: { name?: string }) =>
        api<QuoteDto>(`/quotes/${id}/accept`, { method: 'POST', body }),
      onSuccess: done,
    }),
    decline: useMutation({
      mutationFn: (body: { name?: string; reason?: string | null }) =>
        api<QuoteDto>(`/quotes/${id}/decline`, { method: 'POST', body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (version: number) =>
        api<void>(`/quotes/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } }),
      onSuccess: () => {
        void client.invalidateQueries({ queryKey: ['quotes', 'list'] });
        void client.invalidateQueries({ queryKey: ['quotes', 'record'] });
      },
    }),
  };
}

export const usePublicQuote = (token: string) =>
  useQuery({
    queryKey: quoteKeys.public(token),
    queryFn: ({ signal }) => api<PublicQuoteDto>(`/public/quotes/${encodeURIComponent(token)}`, { signal }),
    retry: false,
  });

export const statusColors: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'teal',
  declined: 'red',
  expired: 'orange',
};
