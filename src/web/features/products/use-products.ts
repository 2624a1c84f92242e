import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { HistoryEntry } from '../../../shared/history.ts';
import type {
  CreatePriceListInput,
  CreateProductInput,
  CreateTaxRateInput,
  PriceListDetail,
  PriceListDto,
  PriceListItemsInput,
  ProductDto,
  ProductList,
  TaxCategory,
  TaxRateDto,
  UpdatePriceListInput,
  UpdateProductInput,
  UpdateTaxRateInput,
} from '../../../shared/products.ts';
import type { SalesSettings, UpdateSalesSettingsInput } from '../../../shared/sales-settings.ts';
import { api, qs } from '../../lib/api.ts';
import { salesSettingsKey } from '../sales/use-sales-settings.ts';

export type ProductStatusView = 'active' | 'archived' | 'all';

export const productKeys = {
  all: ['products'] as const,
  list: (params: Record<string, unknown>) => ['products', 'list', params] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  history: (id: string) => ['products', 'history', id] as const,
  taxRates: ['tax-rates'] as const,
  priceLists: ['price-lists'] as const,
  priceList: (id: string) => ['price-lists', id] as const,
  salesSettings: salesSettingsKey,
};

/** The catalogue page by page; `q` searches as you type (the last page stays shown while the next loads). */
export function useProductList(params: {
  q?: string;
  status: ProductStatusView;
  taxCategory?: TaxCategory | null;
}) {
  const query = {
    q: params.q || undefined,
    status: params.status,
    taxCategory: params.taxCategory ?? undefined,
  };
  return useInfiniteQuery({
    queryKey: productKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      api<ProductList>(`/products${qs({ ...query, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A few products matching what is typed (pickers). */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: productKeys.list({ q, picker: true }),
    queryFn: ({ signal }) => api<ProductList>(`/products${qs({ q: q || undefined, limit: 10 })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProduct(id: string) {
  return useQuery({
    queryKey: productKeys.detail(id),
    queryFn: ({ signal }) => api<ProductDto>(`/products/${id}?includeDeleted=true`, { signal }),
    staleTime: 0,
  });
}

export function useProductHistory(id: string) {
  return useInfiniteQuery({
    queryKey: productKeys.history(id),
    queryFn: ({ pageParam, signal }) =>
      api<{ data: HistoryEntry[]; nextCursor: string | null }>(
        `/products/${id}/history${qs({ limit: 25, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useRefresh(...keys: (readonly unknown[])[]) {
  const qc = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useSaveProduct() {
  const refresh = useRefresh(productKeys.all, productKeys.priceLists);
  return useMutation({
    mutationFn: (
      input:
        | { create: CreateProductInput; key: string }
        | { id: string; version: number; patch: UpdateProductInput },
    ) =>
      'create' in input
        ? api<ProductDto>('/products', {
            method: 'POST',
            body: input.create,
            headers: { 'idempotency-key': input.key },
          })
        : api<ProductDto>(`/products/${input.id}`, {
            method: 'PATCH',
            body: input.patch,
            headers: { 'if-match': `"${input.version}"` },
          }),
    onSuccess: refresh,
  });
}

/** Archive, unarchive, delete (to the recycle bin) and restore, each with the version it was shown at. */
export function useProductAction() {
  const refresh = useRefresh(productKeys.all, productKeys.priceLists);
  return useMutation({
    mutationFn: ({
      product,
      action,
    }: {
      product: ProductDto;
      action: 'archive' | 'unarchive' | 'delete' | 'restore';
    }) =>
      action === 'delete'
        ? api<ProductDto | undefined>(`/products/${product.id}`, {
            method: 'DELETE',
            headers: { 'if-match': `"${product.version}"` },
          })
        : api<ProductDto>(`/products/${product.id}/${action}`, {
            method: 'POST',
            headers: action === 'restore' ? {} : { 'if-match': `"${product.version}"` },
          }),
    onSuccess: refresh,
  });
}

/* ---------- tax rates ---------- */

export const useTaxRates = () =>
  useQuery({
    queryKey: productKeys.taxRates,
    queryFn: ({ signal }) => api<{ data: TaxRateDto[] }>('/tax-rates', { signal }),
    select: (r) => r.data,
  });

export function useSaveTaxRate() {
  const refresh = useRefresh(productKeys.taxRates);
  return useMutation({
    mutationFn: (
      input: { create: CreateTaxRateInput } | { id: string; version: number; patch: UpdateTaxRateInput },
    ) =>
      'create' in input
        ? api<TaxRateDto>('/tax-rates', { method: 'POST', body: input.create })
        : api<TaxRateDto>(`/tax-rates/${input.id}`, {
            method: 'PATCH',
            body: input.patch,
            headers: { 'if-match': `"${input.version}"` },
          }),
    onSuccess: refresh,
  });
}

export function useDeleteTaxRate() {
  const refresh = useRefresh(productKeys.taxRates);
  return useMutation({
    mutationFn: (rate: TaxRateDto) =>
      api<void>(`/tax-rates/${rate.id}`, { method: 'DELETE', headers: { 'if-match': `"${rate.version}"` } }),
    onSuccess: refresh,
  });
}

/* ---------- price lists ---------- */

export const usePriceLists = () =>
  useQuery({
    queryKey: productKeys.priceLists,
    queryFn: ({ signal }) => api<{ data: PriceListDto[] }>('/price-lists', { signal }),
    select: (r) => r.data,
  });

export const usePriceList = (id: string | null) =>
  useQuery({
    queryKey: productKeys.priceList(id ?? ''),
    queryFn: ({ signal }) => api<PriceListDetail>(`/price-lists/${id}`, { signal }),
    enabled: Boolean(id),
    staleTime: 0,
  });

/** Creates a list with its items, or changes one: its fields (if changed), then all its items, each with If-Match. */
export function useSavePriceList() {
  const refresh = useRefresh(productKeys.priceLists);
  return useMutation({
    mutationFn: async (
      input:
        | { create: CreatePriceListInput }
        | { id: string; version: number; patch: UpdatePriceListInput; items: PriceListItemsInput['items'] },
    ) => {
      if ('create' in input)
        return api<PriceListDetail>('/price-lists', { method: 'POST', body: input.create });
      let version = input.version;
      if (Object.keys(input.patch).length) {
        const changed = await api<PriceListDetail>(`/price-lists/${input.id}`, {
          method: 'PATCH',
          body: input.patch,
          headers: { 'if-match': `"${version}"` },
        });
        version = changed.version;
      }
      return api<PriceListDetail>(`/price-lists/${input.id}/items`, {
        method: 'PUT',
        body: { items: input.items },
        headers: { 'if-match': `"${version}"` },
      });
    },
    onSuccess: refresh,
  });
}

export function useDeletePriceList() {
  const refresh = useRefresh(productKeys.priceLists);
  return useMutation({
    mutationFn: (list: PriceListDto) =>
      api<void>(`/price-lists/${list.id}`, {
        method: 'DELETE',
        headers: { 'if-match': `"${list.version}"` },
      }),
    onSuccess: refresh,
  });
}

/* ---------- seller settings ---------- */

export { useSalesSettings } from '../sales/use-sales-settings.ts';

export function useSaveSalesSettings() {
  const refresh = useRefresh(productKeys.salesSettings);
  return useMutation({
    mutationFn: (patch: UpdateSalesSettingsInput) =>
      api<SalesSettings>('/settings/sales', { method: 'PATCH', body: patch }),
    onSuccess: refresh,
  });
}
