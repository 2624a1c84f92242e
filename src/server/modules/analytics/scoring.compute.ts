import { type AnalyticsSettings, type ChurnBand, churnBandOf } from '../../../shared/analytics.ts';
import { AppError } from '../../http/errors.ts';
import {
  type BgNbdParams,
  bgnbdConditionalExpected,
  bgnbdProbabilityAlive,
  type Fit,
  fitBgNbd,
} from './bgnbd.ts';
import { periodsPerMonth } from './clv.ts';
import { fitGammaGamma, type GammaGammaParams, gammaGammaExpectedValue } from './gamma-gamma.ts';
import type { PurchaseSummary } from './scoring.data.ts';

/** The models of one subject (contacts or companies) in one run; null where a fit was not possible. */
export type SubjectModels = {
  bgnbd: Fit<BgNbdParams> | null;
  gammaGamma: Fit<GammaGammaParams> | null;
  /** Why there are no predictions (a plain statement), null when BG/NBD fitted. */
  unfitted: string | null;
};

export type Predictions = {
  frequency: number;
  recencyWeeks: number;
  ageWeeks: number;
  /** Mean of all purchases, minor units. */
  averageValue: number;
  pAlive: number | null;
  expectedPurchases12m: number | null;
  expectedAverageValue: number | null;
  clv12: number | null;
  clv24: number | null;
  clv36: number | null;
  churnBand: ChurnBand | null;
};

/** The BTYD summary of a customer in weeks, as of `today` (days since 1970-01-01). */
export function inWeeks(s: PurchaseSummary, today: number) {
  const x = s.purchases - 1;
  return {
    x,
    tx: (s.lastDay - s.firstDay) / 7,
    T: Math.max(today - s.firstDay, s.lastDay - s.firstDay) / 7,
    // Mean of the repeat purchases (the first is left out), as the Gamma-Gamma model wants.
    m: x > 0 ? s.repeatTotal / x : 0,
  };
}

const reasonOf = (err: unknown): string => {
  if (err instanceof AppError) return err.message;
  throw err;
};

/**
 * Fits BG/NBD on every customer's (x, t_x, T) in weeks and Gamma-Gamma on the repeat buyers' mean spend.
 * A fit the data cannot support (fewer than 2 customers, nobody buying twice, no interior optimum) is not an
 * error of the run: the customers are still summarised, RFM-scored and costed, without predictions.
 */
export function fitSubject(summaries: readonly PurchaseSummary[], today: number): SubjectModels {
  const n = summaries.length;
  const cols = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    m: new Float64Array(n),
  };
  summaries.forEach((s, i) => {
    const w = inWeeks(s, today);
    cols.x[i] = w.x;
    cols.tx[i] = w.tx;
    cols.T[i] = w.T;
    cols.m[i] = Math.max(0, w.m);
  });
  let bgnbd: Fit<BgNbdParams> | null = null;
  let unfitted: string | null = null;
  try {
    bgnbd = fitBgNbd(cols);
  } catch (err) {
    unfitted = reasonOf(err);
  }
  let gammaGamma: Fit<GammaGammaParams> | null = null;
  if (bgnbd) {
    try {
      gammaGamma = fitGammaGamma(cols);
      if (!(gammaGamma.params.q > 1)) gammaGamma = null;
    } catch (err) {
      reasonOf(err);
    }
  }
  return { bgnbd, gammaGamma, unfitted };
}

const WEEKS_PER_MONTH = periodsPerMonth.weeks;
const finite = (v: number) => (Number.isFinite(v) ? v : null);
const money = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * One customer's predictions. CLV = margin × E[value] × Σ over months k of the purchases expected in month k,
 * discounted by (1 + d)^k (lifetimes' convention, docs/ANALYTICS.md); 12, 24 and 36 months from one pass.
 * Without a Gamma-Gamma fit the value of a purchase is the customer's own mean (documented fallback).
 */
export function predict(
  s: PurchaseSummary,
  today: number,
  models: SubjectModels,
  settings: Pick<AnalyticsSettings, 'churnThreshold' | 'monthlyDiscountRate'>,
  marginRate: number,
): Predictions {
  const w = inWeeks(s, today);
  const averageValue = Math.round(s.total / s.purchases);
  const base = {
    frequency: w.x,
    recencyWeeks: w.tx,
    ageWeeks: w.T,
    averageValue,
  };
  const p = models.bgnbd?.params;
  if (!p) {
    return {
      ...base,
      pAlive: null,
      expectedPurchases12m: null,
      expectedAverageValue: null,
      clv12: null,
      clv24: null,
      clv36: null,
      churnBand: null,
    };
  }
  const pAlive = finite(bgnbdProbabilityAlive(p, w.x, w.tx, w.T));
  const gg = models.gammaGamma?.params;
  const value = finite(gg ? gammaGammaExpectedValue(gg, w.x, w.m) : averageValue);
  const clv: number[] = [];
  let before = 0;
  let total = 0;
  let expected12: number | null = null;
  for (let k = 1; k <= 36; k++) {
    const upTo = bgnbdConditionalExpected(p, k * WEEKS_PER_MONTH, w.x, w.tx, w.T);
    total += (upTo - before) / (1 + settings.monthlyDiscountRate) ** k;
    before = upTo;
    if (k === 12) expected12 = finite(upTo);
    if (k % 12 === 0) clv.push(total);
  }
  const clvOf = (i: number) =>
    value === null ? null : money(finite(marginRate * value * (clv[i] ?? Number.NaN)));
  return {
    ...base,
    pAlive,
    expectedPurchases12m: expected12,
    expectedAverageValue: money(value),
    clv12: clvOf(0),
    clv24: clvOf(1),
    clv36: clvOf(2),
    churnBand: pAlive === null ? null : churnBandOf(pAlive, settings.churnThreshold),
  };
}
