import { describe, expect, it } from 'vitest';
import { rfmSegments } from '../../../shared/analytics.ts';
import { type RfmInput, rfmScores, rfmSegment, rfmSegmentTable } from './rfm.ts';

/**
 * Segments: Putler's eleven RFM segments on R and FM = (F + M) / 2 ("RFM Analysis for Successful Customer
 * Segmentation", putler.com; the table as reproduced in public RFM notebooks: Champions R 4–5 FM 4–5,
 * Loyal 2–5 / 3–5, Potential Loyalist 3–5 / 1–3, Recent (New) 4–5 / 0–1, Promising 3–4 / 0–1, Need
 * Attention 2–3 / 2–3, About To Sleep 2–3 / 0–2, At Risk 0–2 / 2–5, Can't Lose Them 0–1 / 4–5,
 * Hibernating 1–2 / 1–2, Lost 0–2 / 0–2), made disjoint as a first-match table (docs/ANALYTICS.md).
 */
describe('rfmSegment', () => {
  const cells = [1, 2, 3, 4, 5].flatMap((r) =>
    [1, 2, 3, 4, 5].flatMap((f) => [1, 2, 3, 4, 5].map((m) => [r, f, m] as const)),
  );

  it('gives each of the 125 cells exactly one segment and reaches all eleven', () => {
    const seen = new Map<string, number>();
    for (const [r, f, m] of cells) {
      const s = rfmSegment(r, f, m);
      expect(rfmSegments).toContain(s);
      const fm = (f + m) / 2;
      const matching = rfmSegmentTable.filter(
        (row) => r >= row.r[0] && r <= row.r[1] && fm >= row.fm[0] && fm <= row.fm[1],
      );
      expect(matching.length).toBeGreaterThan(0); // covered; the first match wins
      expect(matching[0]?.segment).toBe(s);
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([...rfmSegments].sort());
    expect([...seen.values()].reduce((a, b) => a + b)).toBe(125);
  });

  it('puts the typical customers where the table says', () => {
    expect(rfmSegment(5, 5, 5)).toBe('champions');
    expect(rfmSegment(4, 4, 4)).toBe('champions');
    expect(rfmSegment(1, 1, 1)).toBe('lost');
    expect(rfmSegment(5, 1, 1)).toBe('new_customers');
    expect(rfmSegment(4, 1, 1)).toBe('new_customers');
    expect(rfmSegment(3, 1, 1)).toBe('promising');
    expect(rfmSegment(1, 5, 5)).toBe('cant_lose_them');
    expect(rfmSegment(1, 4, 4)).toBe('cant_lose_them');
    expect(rfmSegment(1, 3, 3)).toBe('at_risk');
    expect(rfmSegment(1, 2, 2)).toBe('hibernating');
    expect(rfmSegment(1, 1, 2)).toBe('hibernating');
    expect(rfmSegment(2, 2, 2)).toBe('need_attention');
    expect(rfmSegment(2, 1, 1)).toBe('about_to_sleep');
    expect(rfmSegment(3, 3, 3)).toBe('loyal_customers');
    expect(rfmSegment(2, 5, 5)).toBe('loyal_customers');
    expect(rfmSegment(5, 3, 3)).toBe('loyal_customers');
    expect(rfmSegment(5, 2, 2)).toBe('potential_loyalists');
    expect(rfmSegment(3, 2, 1)).toBe('potential_loyalists');
  });
});

describe('rfmScores', () => {
  const row = (id: string, recencyDays: number, frequency: number, monetary: number): RfmInput => ({
    id,
    recencyDays,
    frequency,
    monetary,
  });

  it('scores quintiles by rank, 5 the best, in input order', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`c${i}`, i, i + 1, 100 * (i + 1)));
    const scores = rfmScores(rows);
    expect(scores.map((s) => s.id)).toEqual(rows.map((r) => r.id));
    // c0: most recent (r 5), least frequent and smallest (f 1, m 1).
    expect(scores.map((s) => s.r)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(scores.map((s) => s.f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores.map((s) => s.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores[0]?.segment).toBe('new_customers');
    expect(scores[9]?.segment).toBe('cant_lose_them');
  });

  it('gives ties the same score and fills quintiles of about n/5', () => {
    const n = 10_000;
    const rows = Array.from({ length: n }, (_, i) =>
      row(String(i), (i * 7919) % n, 1 + (i % 37), (i * 104729) % 5000),
    );
    const scores = rfmScores(rows);
    for (const dim of ['r', 'f', 'm'] as const) {
      const sizes = [1, 2, 3, 4, 5].map((k) => scores.filter((s) => s[dim] === k).length);
      if (dim !== 'f') for (const size of sizes) expect(Math.abs(size - n / 5)).toBeLessThanOrEqual(n / 50);
      expect(sizes.reduce((a, b) => a + b)).toBe(n);
    }
    const byFrequency = new Map<number, number>();
    rows.forEach((r, i) => {
      const f = (scores[i] as { f: number }).f;
      const had = byFrequency.get(r.frequency);
      if (had !== undefined) expect(f).toBe(had);
      byFrequency.set(r.frequency, f);
    });
    // Scores never decrease with the value.
    const sorted = [...rows.keys()].sort(
      (a, b) => (rows[a] as RfmInput).monetary - (rows[b] as RfmInput).monetary,
    );
    for (let i = 1; i < n; i++) {
      expect((scores[sorted[i] as number] as { m: number }).m).toBeGreaterThanOrEqual(
        (scores[sorted[i - 1] as number] as { m: number }).m,
      );
    }
  });

  it('ties all rows when the values are equal, and works for n < 5 and no rows', () => {
    expect(rfmScores([])).toEqual([]);
    expect(rfmScores([row('a', 3, 1, 10)])).toEqual([{ id: 'a', r: 1, f: 1, m: 1, segment: 'lost' }]);
    const same = rfmScores([row('a', 3, 2, 10), row('b', 3, 2, 10), row('c', 3, 2, 10)]);
    expect(same.map((s) => [s.r, s.f, s.m])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const two = rfmScores([row('a', 1, 5, 50), row('b', 9, 1, 5)]);
    expect(two.map((s) => [s.r, s.f, s.m])).toEqual([
      [3, 3, 3],
      [1, 1, 1],
    ]);
  });

  it('rejects NaN and infinite values with a 422', () => {
    expect(() => rfmScores([row('a', Number.NaN, 1, 1)])).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_rfm', status: 422 }),
    );
    expect(() => rfmScores([row('a', 1, 1, Number.POSITIVE_INFINITY)])).toThrow(
      expect.objectContaining({ code: 'analytics_invalid_rfm' }),
    );
  });

  it('scores a million customers in well under two seconds', () => {
    const n = 1_000_000;
    const rows = Array.from({ length: n }, (_, i) =>
      row(String(i), (i * 7919) % 730, 1 + ((i * 31) % 50), Math.round(((i * 104729) % 100_000) / 7)),
    );
    const started = performance.now();
    const scores = rfmScores(rows);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(scores).toHaveLength(n);
  }, 30_000);
});
