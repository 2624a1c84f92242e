import type { LocalizedLabels } from '../../../shared/common.ts';

/** A stage's label in the UI language, English when it has none. */
export function stageLabel(labels: LocalizedLabels | null | undefined, lng: string): string {
  if (!labels) return '—';
  const short = lng.slice(0, 2) as keyof LocalizedLabels;
  return labels[short] || labels.en;
}

/** Days since a date (whole days, for the rotting marker). */
export function daysSince(iso: string, now = Date.now()): number {
  return Math.floor((now - Date.parse(iso)) / 86_400_000);
}

/** Initials for an owner avatar: "Søren Ødegård" → "SØ". */
export function initials(name: string | null | undefined): string {
  if (!name) return '?';
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return (
    (parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')
  ).toUpperCase();
}
