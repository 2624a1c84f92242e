import { useEffect, useState } from 'react';
import { type FilterCondition, type FilterNode, type FilterOp, filterOps } from '../../../shared/filters.ts';
import type { ViewDefinition } from '../../../shared/views.ts';
import type { EntityKind } from './record-types.ts';

/** One row of the filter builder; `value` is already in the API's form (ids, ISO dates, minor units). */
export type Condition = { id: string; field: string; op: FilterOp; value?: unknown };

/** What a list shows: the same shape a saved view stores, plus the builder's draft rows. */
export type ListState = {
  q: string;
  conditions: Condition[];
  /** A filter tree the builder cannot show as rows (or/not from the API); ANDed with the rows. */
  advanced: FilterNode | null;
  sort: string | null;
  columns: string[];
  viewId: string | null;
};

export const noValueOps: readonly FilterOp[] = ['isEmpty', 'isNotEmpty'];
export const listOps: readonly FilterOp[] = ['in', 'hasAny', 'hasAll'];

let seq = 0;
export const conditionId = () => `c${Date.now().toString(36)}${(seq++).toString(36)}`;

export function isComplete(c: Condition): boolean {
  if (!c.field) return false;
  if (noValueOps.includes(c.op)) return true;
  if (listOps.includes(c.op)) return Array.isArray(c.value) && c.value.length > 0;
  return c.value !== undefined && c.value !== null && c.value !== '';
}

function toCondition(c: Condition): FilterCondition {
  return noValueOps.includes(c.op)
    ? { field: c.field, op: c.op }
    : { field: c.field, op: c.op, value: c.value };
}

export function toFilterTree(conditions: Condition[], advanced: FilterNode | null): FilterNode | null {
  const parts: FilterNode[] = [
    ...(advanced ? [advanced] : []),
    ...conditions.filter(isComplete).map(toCondition),
  ];
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { and: parts };
}

const isCondition = (n: FilterNode): n is FilterCondition => 'field' in n;

/** A saved tree back into builder rows; anything that is not a flat AND of conditions stays "advanced". */
export function fromFilterTree(node: FilterNode | null): {
  conditions: Condition[];
  advanced: FilterNode | null;
} {
  if (!node) return { conditions: [], advanced: null };
  if (isCondition(node)) return { conditions: [{ id: conditionId(), ...node }], advanced: null };
  if ('and' in node) {
    const flat = node.and.filter(isCondition);
    const rest = node.and.filter((n) => !isCondition(n));
    return {
      conditions: flat.map((c) => ({ id: conditionId(), ...c })),
      advanced: rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { and: rest },
    };
  }
  return { conditions: [], advanced: node };
}

export function toDefinition(s: ListState): ViewDefinition {
  return {
    filter: toFilterTree(s.conditions, s.advanced),
    sort: s.sort,
    columns: s.columns,
    q: s.q.trim() || null,
  };
}

export function fromDefinition(
  d: ViewDefinition,
  viewId: string | null,
  fallbackColumns: string[],
): ListState {
  const { conditions, advanced } = fromFilterTree(d.filter);
  return {
    q: d.q ?? '',
    conditions,
    advanced,
    sort: d.sort,
    columns: d.columns.length ? d.columns : fallbackColumns,
    viewId,
  };
}

/** Two definitions mean the same list (used to tell whether a view was modified). */
export const sameDefinition = (a: ViewDefinition, b: ViewDefinition) =>
  JSON.stringify([a.filter, a.sort, a.columns, a.q ?? null]) ===
  JSON.stringify([b.filter, b.sort, b.columns, b.q ?? null]);

const storageKey = (kind: EntityKind) => `rapport.list.${kind}`;

function load(kind: EntityKind, defaults: ListState): ListState {
  try {
    const raw = localStorage.getItem(storageKey(kind));
    if (!raw) return defaults;
    const s = JSON.parse(raw) as Partial<ListState>;
    return {
      q: typeof s.q === 'string' ? s.q : '',
      conditions: Array.isArray(s.conditions)
        ? s.conditions.filter((c) => c && typeof c.field === 'string' && typeof c.op === 'string')
        : [],
      advanced: s.advanced ?? null,
      sort: typeof s.sort === 'string' ? s.sort : null,
      columns:
        Array.isArray(s.columns) && s.columns.length
          ? s.columns.filter((c) => typeof c === 'string')
          : defaults.columns,
      viewId: typeof s.viewId === 'string' ? s.viewId : null,
    };
  } catch {
    return defaults;
  }
}

/** The list's state, remembered per entity in this browser so a user comes back to the same list. */
export function usePersistentListState(kind: EntityKind, defaultColumns: string[]) {
  const defaults: ListState = {
    q: '',
    conditions: [],
    advanced: null,
    sort: null,
    columns: defaultColumns,
    viewId: null,
  };
  const [state, setState] = useState<ListState>(() => load(kind, defaults));
  useEffect(() => {
    try {
      localStorage.setItem(storageKey(kind), JSON.stringify(state));
    } catch {
      // storage full or disabled: the list still works, it just is not remembered
    }
  }, [kind, state]);
  return [state, setState, defaults] as const;
}

const localDayStart = (ymd: string, addDays = 0) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(y!, m! - 1, d! + addDays).toISOString();
};

/**
 * A date picked for a date-time field (created, updated) means that whole day in the user's time zone:
 * "after 22 Nov" starts at the next local midnight, "on or before 22 Nov" ends there. Saved views keep
 * the picked date; only the request carries the exact instants.
 */
export function forRequest(c: Condition, isDatetime: boolean): Condition {
  if (!isDatetime || typeof c.value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.value)) return c;
  switch (c.op) {
    case 'gt':
      return { ...c, op: 'gte', value: localDayStart(c.value, 1) };
    case 'gte':
      return { ...c, value: localDayStart(c.value) };
    case 'lt':
      return { ...c, value: localDayStart(c.value) };
    case 'lte':
      return { ...c, op: 'lt', value: localDayStart(c.value, 1) };
    default:
      return c;
  }
}

/**
 * The `filter` search parameter a link can open a list with (`/contacts?filter=[{"field":…}]`, e.g. from the
 * Customer value dashboard): conditions that replace the list's own; null when absent or not conditions.
 * The router parses JSON search values, so it arrives as an array or, typed by hand, as a string.
 */
export function conditionsFromSearch(value: unknown): Condition[] | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(v) || v.length === 0) return null;
  const ok = v.every(
    (c) =>
      c &&
      typeof c === 'object' &&
      typeof c.field === 'string' &&
      (filterOps as readonly string[]).includes(c.op),
  );
  if (!ok) return null;
  return (v as FilterCondition[]).map((c) => ({
    id: conditionId(),
    field: c.field,
    op: c.op,
    value: c.value,
  }));
}

/** The search part of a link to a list filtered by these conditions (see `conditionsFromSearch`). */
export const filteredListSearch = (conditions: FilterCondition[]) => ({ filter: conditions });
