import { analyticsError, assertFinite } from './analytics.errors.ts';
import { type BgNbdParams, bgnbdConditionalExpected, bgnbdProbabilityAlive, fitBgNbd } from './bgnbd.ts';
import { customerLifetimeValue } from './clv.ts';
import { fitGammaGamma, type GammaGammaParams, gammaGammaExpectedValue } from './gamma-gamma.ts';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.ts';
import { type CustomerSummary, type TimeUnit, toColumns } from './summary.ts';

export const transactionModels = ['bgnbd', 'pareto'] as const;
export type TransactionModel = (typeof transactionModels)[number];

export interface CustomerScore {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  pAlive: number;
  expectedPurchases: number;
  /** null without monetary values (a summary without `monetary_value`). */
  expectedValue: number | null;
  clv: number | null;
}

export interface ScoreOptions {
  model: TransactionModel;
  horizon: number;
  unit: TimeUnit;
  monthlyDiscountRate: number;
  marginRate: number;
  /** Parameters to use instead of fitting: the model's (r, alpha, a, b | r, alpha, s, beta) and p, q, v. */
  params?: Record<string, number>;
}

const need = (params: Record<string, number>, keys: string[]) => {
  for (const k of keys) {
    if (!(typeof params[k] === 'number' && params[k] > 0)) {
      throw analyticsError('invalid_params', `The parameter ${k} must be a positive number.`);
    }
  }
  return true;
};

/** Scores every customer: P(alive), expected purchases over the horizon, expected purchase value, CLV. */
export function scoreCustomers(rows: readonly CustomerSummary[], o: ScoreOptions): CustomerScore[] {
  if (!(o.horizon > 0))
    throw analyticsError('invalid_horizon', 'The horizon must be a number of periods > 0.');
  const cols = toColumns(rows);
  const given = o.params;
  let pAlive: (x: number, tx: number, T: number) => number;
  let expected: (t: number, x: number, tx: number, T: number) => number;
  if (o.model === 'bgnbd') {
    const p: BgNbdParams =
      given && need(given, ['r', 'alpha', 'a', 'b'])
        ? { r: given.r as number, alpha: given.alpha as number, a: given.a as number, b: given.b as number }
        : fitBgNbd(cols).params;
    pAlive = (x, tx, T) => bgnbdProbabilityAlive(p, x, tx, T);
    expected = (t, x, tx, T) => bgnbdConditionalExpected(p, t, x, tx, T);
  } else {
    const p: ParetoNbdParams =
      given && need(given, ['r', 'alpha', 's', 'beta'])
        ? {
            r: given.r as number,
            alpha: given.alpha as number,
            s: given.s as number,
            beta: given.beta as number,
          }
        : fitParetoNbd(cols).params;
    pAlive = (x, tx, T) => paretoNbdProbabilityAlive(p, x, tx, T);
    expected = (t, x, tx, T) => paretoNbdConditionalExpected(p, t, x, tx, T);
  }
  const hasMoney = cols.m.some((v) => v > 0);
  let spend: GammaGammaParams | null = null;
  if (given && 'p' in given && need(given, ['p', 'q', 'v'])) {
    spend = { p: given.p as number, q: given.q as number, v: given.v as number };
  } else if (hasMoney) spend = fitGammaGamma(cols).params;
  return rows.map((r) => {
    const e = expected(o.horizon, r.frequency, r.recency, r.T);
    const value = spend ? gammaGammaExpectedValue(spend, r.frequency, r.monetaryValue) : null;
    const clv =
      value === null
        ? null
        : customerLifetimeValue({
            expectedPurchases: (t) => expected(t, r.frequency, r.recency, r.T),
            value,
            horizon: o.horizon,
            unit: o.unit,
            monthlyDiscountRate: o.monthlyDiscountRate,
            marginRate: o.marginRate,
          });
    const score = {
      id: r.id,
      frequency: r.frequency,
      recency: r.recency,
      T: r.T,
      pAlive: pAlive(r.frequency, r.recency, r.T),
      expectedPurchases: e,
      expectedValue: value,
      clv,
    };
    assertFinite(`Customer ${r.id}`, {
      pAlive: score.pAlive,
      expectedPurchases: e,
      value: value ?? 0,
      clv: clv ?? 0,
    });
    return score;
  });
}
