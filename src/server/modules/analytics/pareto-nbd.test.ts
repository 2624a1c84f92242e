import { describe, expect, it } from 'vitest';
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.ts';
import { parseSummaryCsv } from './readers.ts';
import { toColumns } from './summary.ts';
import { readDataset, sameDigits } from './test-data.ts';

const cdnow = toColumns(parseSummaryCsv(readDataset('cdnow_customers_summary.csv')));

describe('Pareto/NBD on the CDNOW sample', () => {
  const started = performance.now();
  const fit = fitParetoNbd(cdnow);
  const elapsed = performance.now() - started;

  it('finds the published parameters and log-likelihood', () => {
    // Fader, Hardie & Lee (2005), Marketing Science 24(2), §5, the Pareto/NBD fitted to the same data for
    // comparison: r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0 (also Fader & Hardie, "A Note on
    // Implementing the Pareto/NBD Model in MATLAB", brucehardie.com/notes/008). The parameters are asserted by
    // lifetimes, lifetimes/tests/test_estimation.py, TestParetoNBDFitter.test_params_out_is_close_to_Hardie_paper.
    const published = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const k of ['r', 'alpha', 's', 'beta'] as const) {
      expect(sameDigits(fit.params[k], published[k]), `${k} = ${fit.params[k]}`).toBe(true);
    }
    expect(sameDigits(fit.logLikelihood, -9595.0)).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 1);
  });

  it('fits in under a second', () => {
    expect(elapsed).toBeLessThan(1000);
  });

  it('gives the conditional expectation and P(alive) of the BTYD walkthrough', () => {
    // BTYD vignette "Buy 'Til You Die – A Walkthrough" (McCarthy & Wadsworth), Pareto/NBD section (p. 8):
    // a customer with x = 26, t_x = 30.86, T = 31 makes 25.46 purchases in the next 52 weeks and
    // P(alive) = 0.9979 with (r, α, s, β) = (0.5534, 10.5802, 0.6061, 11.6562). Asserted by lifetimes,
    // test_estimation.py, TestParetoNBDFitter.test_conditional_expectation_returns_same_value_as_R_BTYD
    // and test_conditional_probability_alive.
    expect(Math.abs(paretoNbdConditionalExpected(fit.params, 52, 26, 30.86, 31) - 25.46)).toBeLessThan(0.01);
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    expect(Math.abs(paretoNbdProbabilityAlive(btyd, 26, 30.86, 31) - 0.9979)).toBeLessThan(0.001);
  });

  it('gives the population expectations of BTYD', () => {
    // lifetimes test_estimation.py, TestParetoNBDFitter.test_expectation_returns_same_value_as_R_BTYD
    // (BTYD's pnbd.Expectation for t = 0…9, asserted there with atol 0.01).
    const expected = [
      0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159, 0.35181024,
      0.38909211,
    ];
    expected.forEach((v, t) => {
      expect(Math.abs(paretoNbdExpected(fit.params, t) - v)).toBeLessThan(0.01);
    });
  });

  it('keeps P(alive) a probability where the series are hard (lifetimes’ overflow case)', () => {
    // lifetimes test_estimation.py, test_conditional_probability_alive_overflow_error.
    const p = { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.82 };
    for (const [x, tx, T] of [
      [40, 5, 6],
      [50, 1, 37],
      [50, 4, 37],
    ] as const) {
      const v = paretoNbdProbabilityAlive(p, x, tx, T);
      expect(Number.isFinite(v) && v >= 0 && v <= 1).toBe(true);
    }
  });
});
