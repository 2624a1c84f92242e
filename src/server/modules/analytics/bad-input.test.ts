import { describe, expect, it } from 'vitest';
import type { AppError } from '../../http/errors.ts';
import { fitBgNbd } from './bgnbd.ts';
import { customerLifetimeValue } from './clv.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import { fitParetoNbd } from './pareto-nbd.ts';
import { parseOrdersCsv } from './readers.ts';
import { scoreCustomers } from './score.ts';
import { type CustomerSummary, summarize, toColumns } from './summary.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect((e as AppError).status).toBe(422);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return (e as AppError).code;
  }
  return 'no error';
};
const customer = (id: string, frequency: number, recency: number, T: number): CustomerSummary => ({
  id,
  frequency,
  recency,
  T,
  monetaryValue: frequency ? 20 : 0,
});

describe('bad input', () => {
  it('refuses an empty transaction log or summary', () => {
    expect(code(() => summarize([], { unit: 'weeks' }))).toBe('analytics_no_transactions');
    expect(code(() => fitBgNbd(toColumns([])))).toBe('analytics_no_customers');
  });

  it('refuses to fit one customer', () => {
    const one = toColumns([customer('1', 3, 10, 20)]);
    expect(code(() => fitBgNbd(one))).toBe('analytics_too_few_customers');
    expect(code(() => fitParetoNbd(one))).toBe('analytics_too_few_customers');
  });

  it('refuses to fit when nobody made a repeat purchase', () => {
    const none = toColumns([customer('1', 0, 0, 20), customer('2', 0, 0, 30)]);
    expect(code(() => fitBgNbd(none))).toBe('analytics_no_repeat_purchases');
    expect(code(() => fitParetoNbd(none))).toBe('analytics_no_repeat_purchases');
    expect(code(() => fitGammaGamma(none))).toBe('analytics_no_repeat_purchases');
  });

  it('refuses negative amounts and keeps zero amounts as purchases', () => {
    const negative = parseOrdersCsv('customer_id,date,amount\na,2024-01-01,10\na,2024-01-05,-3\n');
    expect(code(() => summarize(negative, { unit: 'days' }))).toBe('analytics_invalid_amount');
    const zero = parseOrdersCsv('customer_id,date,amount\na,2024-01-01,10\na,2024-01-05,0\n');
    expect(summarize(zero, { unit: 'days' })[0]).toMatchObject({ frequency: 1, monetaryValue: 0 });
  });

  it('refuses a date that is not a date, and takes dates in any order', () => {
    const bad = parseOrdersCsv('customer_id,date,amount\na,2024-02-30,10\n');
    expect(code(() => summarize(bad, { unit: 'days' }))).toBe('analytics_invalid_date');
    const shuffled = parseOrdersCsv(
      'customer_id,date,amount\na,2024-01-09,5\na,2024-01-01,10\na,2024-01-05,7\n',
    );
    expect(summarize(shuffled, { unit: 'days' })[0]).toMatchObject({ frequency: 2, recency: 8, T: 8 });
  });

  it('refuses a summary whose recency exceeds T', () => {
    expect(code(() => toColumns([customer('1', 2, 30, 20)]))).toBe('analytics_invalid_summary');
  });

  it('refuses a horizon of 0', () => {
    const rows = [customer('1', 2, 10, 20), customer('2', 0, 0, 30)];
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(
      code(() =>
        scoreCustomers(rows, {
          model: 'bgnbd',
          horizon: 0,
          unit: 'weeks',
          monthlyDiscountRate: 0.01,
          marginRate: 1,
          params,
        }),
      ),
    ).toBe('analytics_invalid_horizon');
    expect(
      code(() =>
        customerLifetimeValue({
          expectedPurchases: () => 1,
          value: 1,
          horizon: 0,
          unit: 'weeks',
          monthlyDiscountRate: 0.01,
          marginRate: 1,
        }),
      ),
    ).toBe('analytics_invalid_horizon');
  });

  it('says so when the data cannot determine the parameters, instead of returning NaN', () => {
    // Two identical customers: the likelihood has no interior maximum.
    const twins = toColumns([customer('1', 1, 5, 10), customer('2', 1, 5, 10)]);
    for (const fitModel of [fitBgNbd, fitParetoNbd]) {
      try {
        const r = fitModel(twins);
        for (const v of [...Object.values(r.params), r.logLikelihood]) expect(Number.isFinite(v)).toBe(true);
      } catch (e) {
        expect((e as AppError).code).toBe('analytics_fit_did_not_converge');
      }
    }
  });
});
