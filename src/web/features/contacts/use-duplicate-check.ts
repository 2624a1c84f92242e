import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { Duplicate } from '../records/use-record-form.ts';

const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(s);

/** Live contacts already using one of the typed e-mail addresses (checked as the user pauses typing). */
export function useDuplicateCheck(addresses: string[], excludeId?: string): Duplicate[] {
  const valid = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter(looksLikeEmail))].slice(0, 5);
  const [debounced] = useDebouncedValue(valid.join('\n'), 400);
  const list = debounced ? debounced.split('\n') : [];
  const results = useQueries({
    queries: list.map((email) => ({
      queryKey: ['contacts', 'duplicates', email],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<{ data: Duplicate[] }>(`/contacts/duplicates?email=${encodeURIComponent(email)}`, { signal }),
      staleTime: 10_000,
    })),
  });
  const seen = new Set<string>();
  const out: Duplicate[] = [];
  for (const r of results) {
    for (const d of r.data?.data ?? []) {
      if (d.id === excludeId || seen.has(d.id)) continue;
      seen.add(d.id);
      out.push(d);
    }
  }
  return out;
}
