import type { LeadFactor } from '../../../shared/leads.ts';

/**
 * The learned lead score: an L2-regularised logistic regression over standardised features, fitted by Newton's
 * method (a few dozen features at most, so the Hessian is tiny), evaluated by the AUC on a hold-out. Pure
 * functions, no database: the training service feeds it rows.
 */

export type FittedModel = {
  features: string[];
  mean: number[];
  std: number[];
  coef: number[];
  intercept: number;
};

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Means and standard deviations per column (a constant column gets std 1, so it contributes nothing). */
export function standardisation(x: number[][], d: number) {
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / x.length;
  for (const row of x) for (let j = 0; j < d; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / x.length;
  return { mean, std: std.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

/** Fits the model; `lambda` is the L2 penalty on the (standardised) coefficients, never on the intercept. */
export function fitLogistic(
  features: string[],
  x: number[][],
  y: number[],
  opts: { lambda?: number; iterations?: number } = {},
): FittedModel {
  const d = features.length;
  const lambda = opts.lambda ?? 1;
  const { mean, std } = standardisation(x, d);
  const z = x.map((row) => [1, ...row.map((v, j) => (v - mean[j]!) / std[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < (opts.iterations ?? 50); it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < z.length; i++) {
      const row = z[i]!;
      let s = 0;
      for (let j = 0; j <= d; j++) s += w[j]! * row[j]!;
      const p = sigmoid(s);
      const r = p - y[i]!;
      const v = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j <= d; j++) {
        grad[j]! += r * row[j]!;
        const hj = hess[j]!;
        for (let k = j; k <= d; k++) hj[k]! += v * row[j]! * row[k]!;
      }
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 1; j <= d; j++) {
      grad[j]! += lambda * w[j]!;
      hess[j]![j]! += lambda;
    }
    const step = solve(hess, grad);
    let moved = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! -= step[j]!;
      moved = Math.max(moved, Math.abs(step[j]!));
    }
    if (moved < 1e-8) break;
  }
  return { features, mean, std, intercept: w[0]!, coef: w.slice(1) };
}

/** The probability of a win and each feature's contribution to the log-odds (relative to the average lead). */
export function predict(model: FittedModel, row: number[]): { probability: number; contributions: number[] } {
  let s = model.intercept;
  const contributions = model.coef.map((c, j) => {
    const v = (c * ((row[j] ?? 0) - model.mean[j]!)) / model.std[j]!;
    s += v;
    return v;
  });
  return { probability: sigmoid(s), contributions };
}

/** The largest contributions, largest first, rounded for display (tiny ones are left out). */
export function topFactors(model: FittedModel, row: number[], contributions: number[], n = 3): LeadFactor[] {
  return contributions
    .map((c, j) => ({ feature: model.features[j]!, value: row[j] ?? 0, contribution: c }))
    .filter((f) => Math.abs(f.contribution) >= 0.05)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, n)
    .map((f) => ({
      feature: f.feature,
      value: Math.round(f.value * 1000) / 1000,
      contribution: Math.round(f.contribution * 1000) / 1000,
    }));
}

/** Area under the ROC curve by ranks (ties share their rank); null when one class is missing. */
export function auc(scores: number[], labels: number[]): number | null {
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  if (!pos || !neg) return null;
  const order = scores.map((s, i) => ({ s, l: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.s === order[i]!.s) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (order[k]!.l === 1) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
