import { describe, expect, it } from 'vitest';
import {
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdProbabilityAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.ts';
import { parseSummaryCsv } from './readers.ts';
import { toColumns } from './summary.ts';
import { readDataset, sameDigits } from './test-data.ts';

const cdnow = toColumns(parseSummaryCsv(readDataset('cdnow_customers_summary.csv')));
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD on the CDNOW sample', () => {
  const started = performance.now();
  const fit = fitBgNbd(cdnow);
  const elapsed = performance.now() - started;

  it('finds the published parameters and log-likelihood', () => {
    // Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), §5
    // (empirical analysis of the 2,357 CDNOW customers, weeks 1–39): r = 0.243, α = 4.414, a = 0.793,
    // b = 2.426, LL = −9582.4. The same parameters are asserted by lifetimes,
    // CamDavidsonPilon/lifetimes lifetimes/tests/test_estimation.py, TestBetaGeoFitter.test_params_out_is_close_to_Hardie_paper.
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(sameDigits(fit.params[k], published[k]), `${k} = ${fit.params[k]}`).toBe(true);
    }
    expect(sameDigits(fit.logLikelihood, -9582.4)).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('fits in under a second', () => {
    expect(elapsed).toBeLessThan(1000);
  });

  it('gives the conditional expectation of Hardie’s spreadsheet', () => {
    // lifetimes test_estimation.py, TestBetaGeoFitter.test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet:
    // x = 2, t_x = 30.43, T = 38.86, t = 39 → 1.226 (Hardie's BG/NBD Excel note 004).
    expect(bgnbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('gives the population expectations of Hardie’s spreadsheet', () => {
    // lifetimes test_estimation.py, TestBetaGeoFitter.test_expectation_returns_same_value_Hardie_excel_sheet.
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => {
      expect(bgnbdExpected(fit.params, t)).toBeCloseTo(expected[i] as number, 3);
    });
  });

  it('gives P(alive) = 1 without repeat purchases and a probability otherwise', () => {
    // lifetimes test_estimation.py, test_conditional_probability_alive_returns_1_if_no_repeat_purchases.
    expect(bgnbdProbabilityAlive(fit.params, 0, 1, 1)).toBe(1);
    for (let x = 0; x < 100; x += 10) {
      for (let tx = 0; tx < 100; tx += 10) {
        for (let T = tx; T < 100; T += 10) {
          const p = bgnbdProbabilityAlive(fit.params, x, tx, T);
          expect(p >= 0 && p <= 1).toBe(true);
        }
      }
    }
  });
});

describe('BG/NBD P(X(t) = x)', () => {
  it('equals BTYD’s values', () => {
    // lifetimes test_estimation.py, TestBetaGeoFitter.test_probability_of_n_purchases_up_to_time_same_as_R_BTYD
    // (values from BTYD's bgnbd.pmf, https://cran.r-project.org/web/packages/BTYD/BTYD.pdf).
    expect(bgnbdProbabilityOfPurchases(published, 2, 10)).toBeCloseTo(1.07869e-7, 10);
    expect(bgnbdProbabilityOfPurchases(published, 39, 0)).toBeCloseTo(0.5737864, 6);
    const pmf = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    pmf.forEach((v, i) => {
      expect(bgnbdProbabilityOfPurchases(published, 30, 11 + i)).toBeCloseTo(v, 8);
    });
  });

  it('sums to 1 over x', () => {
    let total = 0;
    for (let n = 0; n < 400; n++) total += bgnbdProbabilityOfPurchases(published, 39, n);
    expect(total).toBeCloseTo(1, 6);
  });
});

describe('BG/NBD with almost no spread in the drop-out probability (a, b in the millions)', () => {
  // A fit on a small CRM's orders: a/(a+b) ≈ 0.24 with a, b ≈ 5.8e6, 1.8e7 (the beta is nearly a point mass).
  const p = { r: 4.011, alpha: 30.677, a: 5_816_967.3, b: 18_074_063.4 };
  it('E[Y(t) | …] and E[X(t)] are finite and equal the limit of a fixed drop-out probability', () => {
    // With a point-mass drop-out probability the same expectations follow with a, b scaled down by 10³
    // (still a tight beta): the two must agree closely, and both must be finite and increasing in t.
    const q = { ...p, a: p.a / 1000, b: p.b / 1000 };
    let before = 0;
    for (const t of [4.345, 52.14, 156.42]) {
      const e = bgnbdConditionalExpected(p, t, 7, 30, 57.14);
      expect(Number.isFinite(e)).toBe(true);
      expect(e).toBeGreaterThan(before);
      expect(e).toBeCloseTo(bgnbdConditionalExpected(q, t, 7, 30, 57.14), 2);
      before = e;
      expect(bgnbdExpected(p, t)).toBeCloseTo(bgnbdExpected(q, t), 2);
    }
  });
});
