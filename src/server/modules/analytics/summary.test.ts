import { describe, expect, it } from 'vitest';
import { parseCdnow, parseOrdersCsv, parseSummaryCsv } from './readers.ts';
import { summarize } from './summary.ts';
import { readDataset } from './test-data.ts';

describe('summarize', () => {
  it('rebuilds the published CDNOW summary from the transaction file', () => {
    // cdnow_customers_summary.csv is lifetimes' copy of BTYD's cdnowSummary (calibration end 1997-09-30, weeks).
    const built = summarize(parseCdnow(readDataset('CDNOW_sample.txt')), {
      unit: 'weeks',
      calibrationEnd: '1997-09-30',
    });
    const published = parseSummaryCsv(readDataset('cdnow_customers_summary_with_transactions.csv'));
    expect(built).toHaveLength(published.length);
    const byId = new Map(built.map((c) => [c.id, c]));
    for (const p of published) {
      const c = byId.get(p.id);
      expect(c, p.id).toBeDefined();
      if (!c) continue;
      expect(c.frequency, p.id).toBe(p.frequency);
      expect(Math.abs(c.recency - p.recency), p.id).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.T - p.T), p.id).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.monetaryValue - p.monetaryValue), p.id).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('collapses purchases on the same day, ignores the file order and counts in days or weeks', () => {
    const orders = parseOrdersCsv(
      [
        'customer_id,date,amount',
        'a,2024-01-15,30',
        'a,2024-01-01,10',
        'a,2024-01-15 18:00:00,20',
        'a,2024-01-29,40',
        'b,2024-01-20,5',
        'a,2024-03-01,99',
      ].join('\n'),
    );
    const [a, b] = summarize(orders, { unit: 'days', calibrationEnd: '2024-02-01' });
    expect(a).toEqual({ id: 'a', frequency: 2, recency: 28, T: 31, monetaryValue: 45 });
    expect(b).toEqual({ id: 'b', frequency: 0, recency: 0, T: 12, monetaryValue: 0 });
    const [w] = summarize(orders, { unit: 'weeks', calibrationEnd: '2024-02-01' });
    expect(w?.recency).toBe(4);
  });
});
