import { analyticsError } from './analytics.errors.ts';
import type { RfmColumns } from './summary.ts';

/**
 * Customers with the same (x, t_x, T) counted once with a weight, as BTYD's `dc.compress.cbs` and
 * lifetimes' `weights` do: day-granular data repeats these triples a lot, and the likelihood is a weighted sum.
 * `groups` numbers the distinct x values so that the log-gamma terms, which depend on x only, are computed
 * once per distinct x per evaluation.
 */
export interface CompressedRfm {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  xValues: Float64Array;
  group: Int32Array;
}

export function compress(data: Pick<RfmColumns, 'x' | 'tx' | 'T'>, scale = 1): CompressedRfm {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const key = `${data.x[i]}|${data.tx[i]}|${data.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) w[at] = (w[at] as number) + 1;
    else {
      index.set(key, x.length);
      x.push(data.x[i] as number);
      tx.push((data.tx[i] as number) * scale);
      T.push((data.T[i] as number) * scale);
      w.push(1);
    }
  }
  const xValues = [...new Set(x)].sort((a, b) => a - b);
  const xIndex = new Map(xValues.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    w: Float64Array.from(w),
    xValues: Float64Array.from(xValues),
    group: Int32Array.from(x.map((v) => xIndex.get(v) as number)),
  };
}

/** The checks every transaction-model fit makes first. */
export function checkFitInput(data: Pick<RfmColumns, 'x' | 'T'>): void {
  if (data.x.length === 0)
    throw analyticsError('no_customers', 'There are no customers to fit the model to.');
  if (data.x.length < 2) {
    throw analyticsError('too_few_customers', 'A model needs the purchases of at least 2 customers.');
  }
  if (!data.x.some((v) => v > 0)) {
    throw analyticsError(
      'no_repeat_purchases',
      'Nobody has made a repeat purchase, so the purchase and drop-out rates cannot be estimated.',
    );
  }
}

/** Time scale for fitting (max T → 10, as lifetimes does) so that the starting point 1 is sensible in any unit. */
export const fitScale = (T: Float64Array) => {
  let max = 0;
  for (const t of T) max = Math.max(max, t);
  return max > 0 ? 10 / max : 1;
};

/** Log-parameters beyond ±25 mean the likelihood has no interior optimum on these data. */
export function checkConverged(model: string, logParams: number[]): void {
  if (logParams.some((v) => !Number.isFinite(v) || Math.abs(v) > 25)) {
    throw analyticsError(
      'fit_did_not_converge',
      `The ${model} fit did not converge: the data do not determine its parameters (too few or too uniform customers).`,
    );
  }
}
