import type { RfmSegmentName } from '../../../shared/analytics.ts';
import { analyticsError } from './analytics.errors.ts';

/**
 * RFM scores and segments (docs/ANALYTICS.md, "RFM").
 * - `recencyDays`: days since the last purchase (smaller is better);
 * - `frequency`: number of purchases; `monetary`: total spend (any unit, may be negative after returns).
 * Only ranks matter, so any finite numbers are accepted (a future-dated order gives a negative recency);
 * NaN or ±Infinity is a 422 `analytics_invalid_rfm`.
 */
export type RfmInput = { id: string; recencyDays: number; frequency: number; monetary: number };
export type RfmScore = { id: string; r: number; f: number; m: number; segment: RfmSegmentName };

/**
 * Quintile scores 1–5 by rank, 5 the best (most recent, most frequent, highest spend):
 * score = 1 + ⌊5 · (rows strictly worse) / n⌋. Equal values always get the same score; each score holds
 * about n/5 rows when the values are distinct; n < 5 works (a single row scores 1). One sort per dimension
 * (four order statistics of it decide every score): O(n log n).
 */
export function rfmScores(rows: RfmInput[]): RfmScore[] {
  const n = rows.length;
  if (n === 0) return [];
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as RfmInput;
    const { recencyDays: r, frequency: f, monetary: m } = row;
    if (!Number.isFinite(r) || !Number.isFinite(f) || !Number.isFinite(m)) {
      throw analyticsError(
        'invalid_rfm',
        `Customer ${row.id}: recency, frequency and monetary must be finite numbers.`,
      );
    }
    // Recency is negated so that "larger is better" holds in all three dimensions (+0 for −0).
    recency[i] = -r + 0;
    frequency[i] = f;
    monetary[i] = m;
  }
  const rScore = scores(recency);
  const fScore = scores(frequency);
  const mScore = scores(monetary);
  const out: RfmScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rScore[i] as number;
    const f = fScore[i] as number;
    const m = mScore[i] as number;
    out[i] = {
      id: (rows[i] as RfmInput).id,
      r,
      f,
      m,
      segment: segmentOf[(r - 1) * 25 + (f - 1) * 5 + m - 1] as RfmSegmentName,
    };
  }
  return out;
}

/**
 * 1 + ⌊5 · (values strictly smaller) / n⌋ per value (larger is better). With lo = #{values < v}:
 * ⌊5 lo / n⌋ ≥ k ⟺ lo ≥ t_k = ⌈k n / 5⌉ ⟺ sorted[t_k − 1] < v, so four thresholds of one sort give every score.
 */
function scores(values: Float64Array): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const t1 = sorted[Math.ceil(n / 5) - 1] as number;
  const t2 = sorted[Math.ceil((2 * n) / 5) - 1] as number;
  const t3 = sorted[Math.ceil((3 * n) / 5) - 1] as number;
  const t4 = sorted[Math.ceil((4 * n) / 5) - 1] as number;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    out[i] = v > t2 ? (v > t4 ? 5 : v > t3 ? 4 : 3) : v > t1 ? 2 : 1;
  }
  return out;
}

/**
 * The segment table, first match wins, on R and FM = (F + M) / 2 (Putler's eleven segments; the ranges are
 * Putler's made disjoint so that each of the 125 (r, f, m) cells has exactly one segment and every segment
 * is reachable — docs/ANALYTICS.md lists both).
 */
export const rfmSegmentTable: readonly {
  segment: RfmSegmentName;
  r: readonly [number, number];
  fm: readonly [number, number];
}[] = [
  { segment: 'champions', r: [4, 5], fm: [4, 5] },
  { segment: 'loyal_customers', r: [2, 5], fm: [3, 5] },
  { segment: 'potential_loyalists', r: [3, 5], fm: [1.5, 3] },
  { segment: 'new_customers', r: [4, 5], fm: [1, 1] },
  { segment: 'promising', r: [3, 4], fm: [1, 1] },
  { segment: 'need_attention', r: [2, 3], fm: [2, 3] },
  { segment: 'about_to_sleep', r: [2, 3], fm: [1, 2] },
  { segment: 'cant_lose_them', r: [1, 1], fm: [4, 5] },
  { segment: 'at_risk', r: [1, 2], fm: [2.5, 5] },
  { segment: 'lost', r: [1, 1], fm: [1, 1] },
  { segment: 'hibernating', r: [1, 2], fm: [1, 2] },
];

/** The segment of integer scores 1–5 (other values are rounded and clamped to 1–5). */
export function rfmSegment(r: number, f: number, m: number): RfmSegmentName {
  const clamp = (v: number) => (Number.isFinite(v) ? Math.min(5, Math.max(1, Math.round(v))) : 1);
  const rr = clamp(r);
  const fm = (clamp(f) + clamp(m)) / 2;
  for (const row of rfmSegmentTable) {
    if (rr >= row.r[0] && rr <= row.r[1] && fm >= row.fm[0] && fm <= row.fm[1]) return row.segment;
  }
  return 'hibernating'; // unreachable: the table covers all 125 cells (tested)
}

/** The segment of each (r, f, m) cell, index (r−1)·25 + (f−1)·5 + (m−1). */
const segmentOf: RfmSegmentName[] = Array.from({ length: 125 }, (_, i) =>
  rfmSegment(1 + Math.floor(i / 25), 1 + (Math.floor(i / 5) % 5), 1 + (i % 5)),
);
