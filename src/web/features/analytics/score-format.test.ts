import { describe, expect, it } from 'vitest';
import { conditionsFromSearch } from '../records/list-state.ts';
import { formatAmount, formatDecimal, formatPercent, lowBandFrom, revenueShareAt } from './score-format.ts';

describe('score formatting', () => {
  it('never shows NaN or Infinity: a missing or non-finite number is a dash', () => {
    for (const n of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatPercent(n, 'en')).toBe('—');
      expect(formatDecimal(n, 'de')).toBe('—');
      expect(formatAmount(n, 'EUR', 'fr')).toBe('—');
    }
    expect(formatPercent(0.823, 'en')).toBe('82%');
    expect(formatPercent(0.823, 'fr')).toMatch(/^82\s%$/u);
    expect(formatAmount(124_000, 'EUR', 'en')).toBe('€1,240.00');
    expect(formatPercent(0.0004, 'en')).toBe('< 1%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatDecimal(0.02, 'en', 1)).toBe('< 0.1');
    expect(formatDecimal(3.66, 'en', 1)).toBe('3.7');
  });

  it('puts the low band halfway from the churn threshold to 1', () => {
    expect(lowBandFrom(0.5)).toBe(0.75);
    expect(lowBandFrom(0.2)).toBeCloseTo(0.6);
  });

  it('reads the revenue share of the top customers off the concentration curve', () => {
    const curve = [
      { customers: 0, revenue: 0 },
      { customers: 0.1, revenue: 0.5 },
      { customers: 0.3, revenue: 0.7 },
      { customers: 1, revenue: 1 },
    ];
    expect(revenueShareAt(curve, 0.2)).toBeCloseTo(0.6);
    expect(revenueShareAt(curve, 0.1)).toBeCloseTo(0.5);
    expect(revenueShareAt(curve, 1)).toBe(1);
    expect(revenueShareAt([{ customers: 0, revenue: 0 }], 0.2)).toBeNull();
    expect(revenueShareAt([...curve].reverse(), 0.2)).toBeCloseTo(0.6);
  });
});

describe('list links', () => {
  it('opens a list on the conditions of a `filter` search parameter, parsed or as a string', () => {
    const tree = [{ field: 'score.churnBand', op: 'eq', value: 'high' }];
    expect(conditionsFromSearch(tree)?.map(({ id: _, ...c }) => c)).toEqual(tree);
    expect(conditionsFromSearch(JSON.stringify(tree))?.[0]?.field).toBe('score.churnBand');
  });

  it('ignores a parameter that is not a list of conditions', () => {
    expect(conditionsFromSearch(undefined)).toBeNull();
    expect(conditionsFromSearch('not json')).toBeNull();
    expect(conditionsFromSearch([{ field: 'x', op: 'drop table' }])).toBeNull();
    expect(conditionsFromSearch([])).toBeNull();
  });
});
