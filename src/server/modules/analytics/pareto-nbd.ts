import { assertFinite } from './analytics.errors.ts';
import type { Fit } from './bgnbd.ts';
import { minimize } from './optimize.ts';
import { type CompressedRfm, checkConverged, checkFitInput, compress, fitScale } from './rfm-data.ts';
import { hyp2f1, lgamma, logAddExp, logSubExp } from './special.ts';
import type { RfmColumns } from './summary.ts';

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the notation of Fader & Hardie's note 009. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * ln of the A0 term of note 009 (eqs. 22–23 before the difference): for t = t_x or T,
 * α ≥ β: ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x),
 * α < β: ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x).
 * Euler's transformation turns both into ₂F₁(1, ·; r+s+x+1; z) times powers, a series of positive terms
 * shrinking at least like zᵏ (no overflow for large x, no cancellation).
 */
function logA0Part(r: number, alpha: number, s: number, beta: number, x: number, t: number): number {
  const la = Math.log(alpha + t);
  const lb = Math.log(beta + t);
  if (alpha >= beta) {
    const z = (alpha - beta) / (alpha + t);
    return -s * lb - (r + x) * la + Math.log(hyp2f1(1, r + x, r + s + x + 1, z));
  }
  const z = (beta - alpha) / (beta + t);
  return (1 - r - x) * la - (1 + s) * lb + Math.log(hyp2f1(1, s + 1, r + s + x + 1, z));
}

/** ln A0 = ln(part(t_x) − part(T)); part decreases in t, so the difference is ≥ 0. */
const logA0 = (p: ParetoNbdParams, x: number, tx: number, T: number) =>
  logSubExp(logA0Part(p.r, p.alpha, p.s, p.beta, x, tx), logA0Part(p.r, p.alpha, p.s, p.beta, x, T));

function logLikelihood(p: ParetoNbdParams, d: CompressedRfm): number {
  const { r, alpha, s, beta } = p;
  const groupConst = new Float64Array(d.xValues.length);
  const common = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  for (let g = 0; g < d.xValues.length; g++) groupConst[g] = common + lgamma(r + (d.xValues[g] as number));
  let sum = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const T = d.T[i] as number;
    const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const second = Math.log(s / (r + s + x)) + logA0(p, x, d.tx[i] as number, T);
    sum += (d.w[i] as number) * ((groupConst[d.group[i] as number] as number) + logAddExp(first, second));
  }
  return sum;
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, data: Pick<RfmColumns, 'x' | 'tx' | 'T'>): number {
  return logLikelihood(p, compress(data));
}

/** Maximum likelihood on log-parameters, as for BG/NBD. */
export function fitParetoNbd(data: Pick<RfmColumns, 'x' | 'tx' | 'T'>): Fit<ParetoNbdParams> {
  checkFitInput(data);
  const k = fitScale(data.T);
  const scaled = compress(data, k);
  const toParams = (v: number[]) => {
    const [r, alpha, s, beta] = v.map(Math.exp) as [number, number, number, number];
    return { r, alpha, s, beta };
  };
  const best = minimize((v) => -logLikelihood(toParams(v), scaled), [0, 0, 0, 0]);
  checkConverged('Pareto/NBD', best.x);
  const sp = toParams(best.x);
  const params = { ...sp, alpha: sp.alpha / k, beta: sp.beta / k };
  const ll = logLikelihood(params, compress(data));
  assertFinite('Pareto/NBD fit', { ...params, logLikelihood: ll });
  return { params, logLikelihood: ll };
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0) (note 009, eq. 18 rearranged). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const l =
    Math.log(p.s / (p.r + p.s + x)) +
    (p.r + x) * Math.log(p.alpha + T) +
    p.s * Math.log(p.beta + T) +
    logA0(p, x, tx, T);
  return 1 / (1 + Math.exp(l));
}

/** (1 − (u/(u+t))^(s−1)) / (s−1), with its limit ln((u+t)/u) at s = 1. */
function powerTerm(s: number, u: number, t: number): number {
  const l = Math.log(u / (u + t));
  const e = (s - 1) * l;
  return Math.abs(e) < 1e-12 ? -l : -Math.expm1(e) / (s - 1);
}

/** E[Y(t) | x, t_x, T] = P(alive) (r+x)(β+T)/(α+T) (1 − ((β+T)/(β+T+t))^(s−1))/(s−1) (note 009, eq. 22). */
export function paretoNbdConditionalExpected(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  return (
    ((paretoNbdProbabilityAlive(p, x, tx, T) * ((r + x) * (beta + T))) / (alpha + T)) *
    powerTerm(s, beta + T, t)
  );
}

/** E[X(t)] = rβ/α (1 − (β/(β+t))^(s−1))/(s−1) (SMC 1987; note 009 eq. 17). */
export function paretoNbdExpected(p: ParetoNbdParams, t: number): number {
  return t > 0 ? ((p.r * p.beta) / p.alpha) * powerTerm(p.s, p.beta, t) : 0;
}
