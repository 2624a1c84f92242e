/**
 * Nelder–Mead minimisation with restarts. The models minimise the negative log-likelihood over the logs of
 * their (positive) parameters, so the search is unconstrained; a restart from the best point with a fresh
 * simplex guards against the simplex collapsing before the optimum (a known Nelder–Mead failure).
 */
export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  opts: { step?: number; tolerance?: number; maxEvaluations?: number } = {},
): MinimizeResult {
  const n = start.length;
  const step = opts.step ?? 0.5;
  const tol = opts.tolerance ?? 1e-10;
  const maxEval = opts.maxEvaluations ?? 5000;
  let evaluations = 0;
  const fx = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = (p[i] as number) + step;
    simplex.push(p);
  }
  const values = simplex.map(fx);
  const at = (i: number) => values[i] as number;
  while (evaluations < maxEval) {
    const order = values.map((_, i) => i).sort((i, j) => at(i) - at(j));
    const sorted = order.map((i) => simplex[i] as number[]);
    const sortedValues = order.map(at);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sorted[i] as number[];
      values[i] = sortedValues[i] as number;
    }
    const best = at(0);
    const worst = at(n);
    const spread = Math.abs(worst - best);
    let size = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) {
        size = Math.max(size, Math.abs((simplex[i] as number[])[j]! - (simplex[0] as number[])[j]!));
      }
    }
    if (spread <= tol * (Math.abs(best) + tol) && size < 1e-7) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const p = simplex[i] as number[];
      for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + p[j]! / n;
    }
    const worstP = simplex[n] as number[];
    const along = (t: number) => centroid.map((c, j) => c + t * (c - worstP[j]!));
    const reflected = along(1);
    const fr = fx(reflected);
    if (fr < best) {
      const expanded = along(2);
      const fe = fx(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < at(n - 1)) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const outside = fr < worst;
      const contracted = along(outside ? 0.5 : -0.5);
      const fc = fx(contracted);
      if (fc < (outside ? fr : worst)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        const b = simplex[0] as number[];
        for (let i = 1; i <= n; i++) {
          const p = (simplex[i] as number[]).map((v, j) => b[j]! + 0.5 * (v - b[j]!));
          simplex[i] = p;
          values[i] = fx(p);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (at(i) < at(bi)) bi = i;
  return { x: simplex[bi] as number[], value: at(bi), evaluations };
}

/** Nelder–Mead, restarted from its best point until a restart no longer improves the minimum. */
export function minimize(f: (x: number[]) => number, start: number[], maxRestarts = 6): MinimizeResult {
  let result = nelderMead(f, start);
  let evaluations = result.evaluations;
  for (let i = 0; i < maxRestarts; i++) {
    const next = nelderMead(f, result.x, { step: 0.1 });
    evaluations += next.evaluations;
    const improved = result.value - next.value;
    if (next.value <= result.value) result = next;
    if (!(improved > 1e-9 * Math.abs(result.value))) break;
  }
  return { ...result, evaluations };
}
