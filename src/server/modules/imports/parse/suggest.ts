import { compactKey } from './normalize.ts';
import { PRESET_MIN_HITS, type PresetName, presets } from './presets.ts';
import { SYNONYMS } from './suggest-synonyms.ts';
import type { SourceRow } from './types.ts';

export type TargetField = { key: string; label: string; aliases?: string[]; ownSynonymsOnly?: boolean };
export type ColumnSuggestion = { column: string; target: string | null; confidence: number; reason: string };

type Candidate = { column: string; target: string; confidence: number; reason: string };

const trigrams = (s: string): Set<string> => {
  const padded = `  ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
};

/** Dice coefficient of character trigrams: tolerant of typos, plurals and word order noise. */
const similarity = (a: string, b: string): number => {
  if (!a || !b) return 0;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size);
};

/** 1 − optimal-string-alignment distance / length: catches transposed letters ('Emial') trigrams miss. */
const editSimilarity = (a: string, b: string): number => {
  if (Math.abs(a.length - b.length) > 3) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return 1 - d[a.length]![b.length]! / Math.max(a.length, b.length);
};

const sameEntity = (a: string, b: string) =>
  a.toLowerCase().replace(/s$/, '') === b.toLowerCase().replace(/s$/, '');

/** The preset with the most distinctive headers present (at least PRESET_MIN_HITS), if any. */
export const detectPreset = (columns: string[], entity: string): PresetName | null => {
  const have = new Set(columns.map(compactKey));
  let best: { name: PresetName; hits: number } | null = null;
  for (const [name, preset] of Object.entries(presets) as [PresetName, (typeof presets)[PresetName]][]) {
    if (!sameEntity(preset.entity, entity)) continue;
    const hits = preset.detect.filter((h) => have.has(compactKey(h))).length;
    if (hits >= PRESET_MIN_HITS && (!best || hits > best.hits)) best = { name, hits };
  }
  return best?.name ?? null;
};

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_CHARS = /^\+?[\d\s().\-/]{6,20}$/;
const DATE_LIKE = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$/;
const DECIMAL_LIKE = /^\d+[.,]\d{1,3}$/;
/** A phone number's characters and at least 7 digits — but not a date (`2026-05-01`) or an amount. */
const PHONE_LIKE = {
  test: (v: string) =>
    PHONE_CHARS.test(v) && !DATE_LIKE.test(v) && !DECIMAL_LIKE.test(v) && v.replace(/\D/g, '').length >= 7,
};

/** Share of a column's non-empty sample values that match `re`. */
const shareMatching = (
  column: string,
  sample: SourceRow[] | undefined,
  re: { test(v: string): boolean },
): number => {
  const values = (sample ?? []).map((r) => r.values[column]?.trim() ?? '').filter(Boolean);
  return values.length === 0 ? 0 : values.filter((v) => re.test(v)).length / values.length;
};

const candidatesFor = (column: string, targets: TargetField[], sample?: SourceRow[]): Candidate[] => {
  const key = compactKey(column);
  const out: Candidate[] = [];
  const emailShare = shareMatching(column, sample, EMAIL_LIKE);
  for (const t of targets) {
    const names = [
      t.key,
      t.label,
      ...(t.aliases ?? []),
      ...(t.ownSynonymsOnly ? [] : (SYNONYMS[t.key] ?? [])),
    ];
    let best = null as Candidate | null;
    const offer = (confidence: number, reason: string) => {
      if (!best || confidence > best.confidence) best = { column, target: t.key, confidence, reason };
    };
    for (const name of names) {
      const k = compactKey(name);
      if (!k) continue;
      if (k === key) offer(name === t.key || name === t.label ? 0.95 : 0.9, `header matches "${name}"`);
      else {
        const dice = similarity(key, k);
        const edit = key.length >= 5 ? editSimilarity(key, k) : 0;
        if (dice >= 0.6 || edit >= 0.8)
          offer(0.4 + Math.max(dice, edit) * 0.35, `header resembles "${name}"`);
      }
    }
    // Values settle it: a column of e-mail addresses is an e-mail column whatever its header says.
    if (emailShare >= 0.8) {
      if (t.key === 'email')
        offer(Math.max(best?.confidence ?? 0, 0.8) + 0.05, 'values look like e-mail addresses');
      else if (t.key === 'ownerEmail' && best)
        offer(best.confidence + 0.04, 'values look like e-mail addresses');
    } else if (best && /email/i.test(t.key) && sample?.length && emailShare < 0.2)
      best = {
        ...best,
        confidence: best.confidence - 0.2,
        reason: `${best.reason}, but the values are not e-mails`,
      };
    if (best && emailShare >= 0.8 && !/email/i.test(t.key))
      best = {
        ...best,
        confidence: best.confidence - 0.3,
        reason: `${best.reason}, but the values are e-mails`,
      };
    if (best) out.push(best);
  }
  if (shareMatching(column, sample, PHONE_LIKE) >= 0.8 && !out.some((c) => c.confidence >= 0.6)) {
    const phone = targets.find((t) => t.key === 'phone');
    if (phone)
      out.push({ column, target: 'phone', confidence: 0.6, reason: 'values look like phone numbers' });
  }
  return out;
};

/**
 * Suggests a target for every column: a detected preset's mapping first, then exact header synonyms (four
 * languages), then trigram similarity at lower confidence; sample values break ties. Each target is used
 * once and each column gets one target, highest confidence first.
 */
export const suggestMapping = (
  columns: string[],
  targets: TargetField[],
  entity: string,
  sample?: SourceRow[],
): { preset: PresetName | null; suggestions: ColumnSuggestion[] } => {
  const preset = detectPreset(columns, entity);
  const targetKeys = new Set(targets.map((t) => t.key));
  const candidates: Candidate[] = [];
  if (preset) {
    const mapping = new Map(Object.entries(presets[preset].mapping).map(([h, t]) => [compactKey(h), t]));
    for (const column of columns) {
      const target = mapping.get(compactKey(column));
      if (target && targetKeys.has(target))
        candidates.push({ column, target, confidence: 1, reason: `${presets[preset].label} export column` });
    }
  }
  for (const column of columns) candidates.push(...candidatesFor(column, targets, sample));
  // Stable sort: equal confidences keep column order, so the leftmost "Email" wins over a later one.
  candidates.sort((a, b) => b.confidence - a.confidence);
  const byColumn = new Map<string, Candidate>();
  const usedTargets = new Set<string>();
  for (const c of candidates) {
    if (byColumn.has(c.column) || usedTargets.has(c.target)) continue;
    byColumn.set(c.column, c);
    usedTargets.add(c.target);
  }
  const suggestions = columns.map((column) => {
    const c = byColumn.get(column);
    return c
      ? {
          column,
          target: c.target,
          confidence: Math.round(Math.min(c.confidence, 1) * 100) / 100,
          reason: c.reason,
        }
      : { column, target: null, confidence: 0, reason: 'no matching field' };
  });
  return { preset, suggestions };
};
