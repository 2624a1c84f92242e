import { analyticsError, assertFinite } from './analytics.errors.ts';
import { minimize } from './optimize.ts';
import { type CompressedRfm, checkConverged, checkFitInput, compress, fitScale } from './rfm-data.ts';
import { hyp2f1, lgamma, logAddExp } from './special.ts';
import type { RfmColumns } from './summary.ts';

/** BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing Science 24(2)). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface Fit<P> {
  params: P;
  logLikelihood: number;
}

const lbeta = (x: number, y: number) => lgamma(x) + lgamma(y) - lgamma(x + y);

/**
 * Total log-likelihood (FHL 2005 eq. 6) written in log space as in Fader & Hardie's note 027 ("Overcoming the
 * BG/NBD model's #NUM! error problem"): ln L = A1 + A2 + ln(e^A3 + δ(x>0) e^A4).
 */
function logLikelihood(p: BgNbdParams, d: CompressedRfm): number {
  const { r, alpha, a, b } = p;
  const groupConst = new Float64Array(d.xValues.length);
  const groupA4 = new Float64Array(d.xValues.length);
  const common = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
  for (let g = 0; g < d.xValues.length; g++) {
    const x = d.xValues[g] as number;
    groupConst[g] = common + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
    groupA4[g] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
  }
  let sum = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const g = d.group[i] as number;
    const a3 = -(r + x) * Math.log(alpha + (d.T[i] as number));
    const a4 = x > 0 ? (groupA4[g] as number) - (r + x) * Math.log(alpha + (d.tx[i] as number)) : a4None;
    sum += (d.w[i] as number) * ((groupConst[g] as number) + logAddExp(a3, a4));
  }
  return sum;
}
const a4None = Number.NEGATIVE_INFINITY;

export function bgnbdLogLikelihood(p: BgNbdParams, data: Pick<RfmColumns, 'x' | 'tx' | 'T'>): number {
  return logLikelihood(p, compress(data));
}

/** Maximum likelihood on log-parameters (Nelder–Mead with restarts), times scaled to max T = 10 while fitting. */
export function fitBgNbd(data: Pick<RfmColumns, 'x' | 'tx' | 'T'>): Fit<BgNbdParams> {
  checkFitInput(data);
  const k = fitScale(data.T);
  const scaled = compress(data, k);
  const toParams = (v: number[]) => {
    const [r, alpha, a, b] = v.map(Math.exp) as [number, number, number, number];
    return { r, alpha, a, b };
  };
  const best = minimize((v) => -logLikelihood(toParams(v), scaled), [0, 0, 0, 0]);
  checkConverged('BG/NBD', best.x);
  const s = toParams(best.x);
  const params = { ...s, alpha: s.alpha / k };
  const ll = logLikelihood(params, compress(data));
  assertFinite('BG/NBD fit', { ...params, logLikelihood: ll });
  return { params, logLikelihood: ll };
}

/** P(alive | x, t_x, T) = 1 / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (FHL 2005 eq. 13 / lifetimes). */
export function bgnbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const l = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(l));
}

/** f(a) evaluated away from the removable singularity at a = 1 (the mean of both sides). */
const awayFromOne = (a: number, f: (a: number) => number) =>
  Math.abs(a - 1) < 1e-6 ? (f(1 - 1e-6) + f(1 + 1e-6)) / 2 : f(a);

/**
 * ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z) with z = t/(α+T+t), the factor of FHL 2005 eqs. 9–10,
 * summed in whichever of two equal forms has the smaller terms: Euler's transformation
 * (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose small numerator parameters keep the series short and free of
 * overflow for large x (the usual case, a ≈ 1), or the direct series when a is large — a fit with almost no
 * spread in the drop-out probability (a, b in the millions) makes Euler's series grow like e^(az) and cancel.
 */
function survivalFactor(p: BgNbdParams, a: number, x: number, z: number): number {
  const { r, b } = p;
  const c = a + b + x - 1;
  const euler = Math.abs(((a + b - 1 - r) * (a - 1)) / c);
  const direct = Math.abs(((r + x) * (b + x)) / c);
  return euler <= direct
    ? (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z)
    : (1 - z) ** (r + x) * hyp2f1(r + x, b + x, c, z);
}

/** E[Y(t) | x, t_x, T], FHL 2005 eq. 10 (the ₂F₁ factor as `survivalFactor`). */
export function bgnbdConditionalExpected(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { alpha, b } = p;
  const z = t / (alpha + T + t);
  const v = awayFromOne(p.a, (a) => ((a + b + x - 1) / (a - 1)) * (1 - survivalFactor(p, a, x, z)));
  return v * bgnbdProbabilityAlive(p, x, tx, T);
}

/** E[X(t)] for a new customer, FHL 2005 eq. 9 (x = 0, T = 0). */
export function bgnbdExpected(p: BgNbdParams, t: number): number {
  const { alpha, b } = p;
  const z = t / (alpha + t);
  return awayFromOne(p.a, (a) => ((a + b - 1) / (a - 1)) * (1 - survivalFactor(p, a, 0, z)));
}

/** P(X(t) = n) for a new customer, FHL 2005 eq. 8. */
export function bgnbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw analyticsError('invalid_count', 'n must be a whole number ≥ 0.');
  const { r, alpha, a, b } = p;
  const lp = Math.log(alpha / (alpha + t));
  const lq = Math.log(t / (alpha + t));
  const nbd = (j: number) => Math.exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * lp + (j ? j * lq : 0));
  let v = Math.exp(lbeta(a, b + n) - lbeta(a, b)) * nbd(n);
  if (n > 0) {
    let below = 0;
    for (let j = 0; j < n; j++) below += nbd(j);
    v += Math.exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * Math.max(0, 1 - below);
  }
  return v;
}
