import { useQuery } from '@tanstack/react-query';
import type { SalesSettings } from '../../../shared/sales-settings.ts';
import { api } from '../../lib/api.ts';

/** One cache entry for the seller settings, read by every sales page (and refreshed when they are saved). */
export const salesSettingsKey = ['settings', 'sales'] as const;

export const useSalesSettings = () =>
  useQuery({
    queryKey: salesSettingsKey,
    queryFn: ({ signal }) => api<SalesSettings>('/settings/sales', { signal }),
    staleTime: 60_000,
  });

/** The seller's default currency for new deals, quotes and orders (EUR until the settings have loaded). */
export function useDefaultCurrency(): string {
  return useSalesSettings().data?.defaultCurrency ?? 'EUR';
}
