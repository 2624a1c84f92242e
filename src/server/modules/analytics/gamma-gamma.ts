import { analyticsError, assertFinite } from './analytics.errors.ts';
import type { Fit } from './bgnbd.ts';
import { minimize } from './optimize.ts';
import { lgamma } from './special.ts';
import type { RfmColumns } from './summary.ts';

/** Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4); Fader & Hardie note 025). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/**
 * Σ ln f(z̄ | x) over customers with x > 0 and z̄ > 0, where z̄ is the mean of x repeat purchases:
 * f = Γ(px+q)/(Γ(px)Γ(q)) v^q z̄^(px−1) x^(px) / (v + x z̄)^(px+q) (note 025, eq. 3; lifetimes' likelihood).
 */
function logLikelihood(
  par: GammaGammaParams,
  x: Float64Array,
  lx: Float64Array,
  m: Float64Array,
  lm: Float64Array,
) {
  const { p, q, v } = par;
  const cache = new Map<number, number>();
  const base = -lgamma(q) + q * Math.log(v);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    let c = cache.get(xi);
    if (c === undefined) {
      c = base + lgamma(p * xi + q) - lgamma(p * xi);
      cache.set(xi, c);
    }
    sum +=
      c +
      (p * xi - 1) * (lm[i] as number) +
      p * xi * (lx[i] as number) -
      (p * xi + q) * Math.log(v + xi * (m[i] as number));
  }
  return sum;
}

/** The customers the spend model is fitted to: x > 0 and a positive mean spend (zero-value purchases left out). */
function spenders(data: Pick<RfmColumns, 'x' | 'm'>) {
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    if ((data.x[i] as number) > 0 && (data.m[i] as number) > 0) {
      xs.push(data.x[i] as number);
      ms.push(data.m[i] as number);
    }
  }
  const x = Float64Array.from(xs);
  const m = Float64Array.from(ms);
  return { x, m, lx: x.map(Math.log), lm: m.map(Math.log) };
}

export function gammaGammaLogLikelihood(par: GammaGammaParams, data: Pick<RfmColumns, 'x' | 'm'>): number {
  const d = spenders(data);
  return logLikelihood(par, d.x, d.lx, d.m, d.lm);
}

export function fitGammaGamma(data: Pick<RfmColumns, 'x' | 'm'>): Fit<GammaGammaParams> {
  const d = spenders(data);
  if (d.x.length < 2) {
    throw analyticsError(
      'no_repeat_purchases',
      'The spend model needs at least 2 customers with a repeat purchase of a positive amount.',
    );
  }
  // Start near the method-of-moments scale of the spend so that the simplex starts in the right region.
  const mean = d.m.reduce((s, v) => s + v, 0) / d.m.length;
  const toParams = (w: number[]) => {
    const [p, q, v] = w.map(Math.exp) as [number, number, number];
    return { p, q, v };
  };
  const best = minimize((w) => -logLikelihood(toParams(w), d.x, d.lx, d.m, d.lm), [0, 0, Math.log(mean)]);
  if (best.x.some((w) => Math.abs(w) > 25)) {
    throw analyticsError('fit_did_not_converge', 'The Gamma-Gamma fit did not converge on these spends.');
  }
  const params = toParams(best.x);
  const ll = -best.value;
  assertFinite('Gamma-Gamma fit', { ...params, logLikelihood: ll });
  return { params, logLikelihood: ll };
}

/**
 * E[Z | x, z̄] = (q−1)/(px+q−1) · pv/(q−1) + px/(px+q−1) · z̄ = p(v + x z̄)/(px + q − 1) (note 025 eq. 5).
 * A customer without repeat purchases gets the population mean pv/(q−1). Needs q > 1 (the mean exists).
 */
export function gammaGammaExpectedValue(par: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = par;
  if (!(q > 1)) {
    throw analyticsError('no_mean_spend', 'The fitted spend distribution has no mean (q ≤ 1).');
  }
  return x > 0 ? (p * (v + x * m)) / (p * x + q - 1) : (p * v) / (q - 1);
}
