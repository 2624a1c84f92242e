import { describe, expect, it } from 'vitest';
import { customerLifetimeValue } from './clv.ts';
import { fitGammaGamma, gammaGammaExpectedValue } from './gamma-gamma.ts';
import { parseSummaryCsv } from './readers.ts';
import { toColumns } from './summary.ts';
import { readDataset, sameDigits } from './test-data.ts';

const cdnow = toColumns(parseSummaryCsv(readDataset('cdnow_customers_summary_with_transactions.csv')));

describe('Gamma-Gamma on the CDNOW repeat buyers', () => {
  it('finds the published parameters', () => {
    // Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4),
    // and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", brucehardie.com/notes/025, fitted to
    // the 946 CDNOW customers with x > 0: p = 6.25, q = 3.74, γ = 15.44. Asserted by lifetimes,
    // lifetimes/tests/test_estimation.py, TestGammaGammaFitter.test_params_out_is_close_to_Hardie_paper.
    // (No published log-likelihood was found for this fit; ours is −4055.9.)
    const fit = fitGammaGamma(cdnow);
    const published = { p: 6.25, q: 3.74, v: 15.44 };
    for (const k of ['p', 'q', 'v'] as const) {
      expect(sameDigits(fit.params[k], published[k]), `${k} = ${fit.params[k]}`).toBe(true);
    }
  });

  it('gives the conditional expected values of Hardie’s spreadsheet', () => {
    // lifetimes test_estimation.py, TestGammaGammaFitter.test_conditional_expected_average_profit: the first
    // ten customers, "from Hardie spreadsheet http://brucehardie.com/notes/025/", asserted with atol 0.1.
    const params = { p: 6.25, q: 3.74, v: 15.44 };
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    expected.forEach((v, i) => {
      expect(
        Math.abs(gammaGammaExpectedValue(params, cdnow.x[i] as number, cdnow.m[i] as number) - v),
      ).toBeLessThan(0.1);
    });
  });
});

describe('customerLifetimeValue', () => {
  it('discounts the purchases expected in each month from the end of that month', () => {
    // Expected purchases growing by 1 a month, value 10, margin 0.5, 1 % a month, 3 months.
    const clv = customerLifetimeValue({
      expectedPurchases: (t) => t / 30,
      value: 10,
      horizon: 90,
      unit: 'days',
      monthlyDiscountRate: 0.01,
      marginRate: 0.5,
    });
    expect(clv).toBeCloseTo(5 / 1.01 + 5 / 1.01 ** 2 + 5 / 1.01 ** 3, 10);
  });
});
