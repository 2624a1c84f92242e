/** The API's `sort=-createdAt,lastName` as keys, and how a header click changes it. */
export type SortKey = { field: string; desc: boolean };

export const MAX_SORT_KEYS = 3;

export function parseSort(sort: string | null | undefined): SortKey[] {
  if (!sort) return [];
  return sort
    .split(',')
    .filter(Boolean)
    .map((p) => (p.startsWith('-') ? { field: p.slice(1), desc: true } : { field: p, desc: false }));
}

export function formatSort(keys: SortKey[]): string | null {
  return keys.length ? keys.map((k) => `${k.desc ? '-' : ''}${k.field}`).join(',') : null;
}

/**
 * A click cycles a column ascending → descending → unsorted. With `add` (Shift-click) the column is
 * added as a further key (at most three, as the API allows) instead of replacing the order.
 */
export function nextSort(sort: string | null, field: string, add: boolean): string | null {
  const keys = parseSort(sort);
  const i = keys.findIndex((k) => k.field === field);
  const current = i >= 0 ? keys[i] : undefined;
  if (!add) {
    if (!current) return formatSort([{ field, desc: false }]);
    if (!current.desc) return formatSort([{ field, desc: true }]);
    return null;
  }
  if (!current) return formatSort([...keys, { field, desc: false }].slice(-MAX_SORT_KEYS));
  if (!current.desc) return formatSort(keys.map((k, j) => (j === i ? { field, desc: true } : k)));
  return formatSort(keys.filter((_, j) => j !== i));
}
