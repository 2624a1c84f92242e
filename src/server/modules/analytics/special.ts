/** Special functions the models need: log-gamma, the Gauss hypergeometric series, log-sum-exp. */

// Lanczos approximation, g = 7, n = 9: ~15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (reflection for x < 0.5). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const y = x - 1;
  let s = LANCZOS[0] as number;
  for (let i = 1; i < 9; i++) s += (LANCZOS[i] as number) / (y + i);
  const t = y + 7.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ln(e^a + e^b) without overflow; either may be -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a ≥ b (−Infinity when equal). */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  const d = b - a;
  return d >= 0 ? Number.NEGATIVE_INFINITY : a + Math.log(-Math.expm1(d));
}

const MAX_TERMS = 200_000;

/**
 * ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1. Callers first apply Euler's transformation
 * ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) so that the numerator parameters are small and the
 * series converges at a rate close to z (see bgnbd.ts and pareto-nbd.ts). Terms are summed until they no
 * longer change the sum in the 16th digit.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z === 0) return 1;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
  }
  return sum;
}
