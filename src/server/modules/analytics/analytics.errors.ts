import { AppError } from '../../http/errors.ts';

/**
 * Bad analytics input (no customers, no repeat purchases, a negative amount, a horizon of 0…) or a fit that
 * did not reach a finite optimum. A 422 problem over the API; the CLI prints the detail and exits with 1.
 */
export const analyticsError = (code: string, detail: string) =>
  new AppError(`analytics_${code}`, { status: 422, detail });

/** Throws unless every value is a finite number, so NaN or Infinity never leaves the library. */
export function assertFinite(what: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isFinite(v)) throw analyticsError('not_finite', `${what}: ${k} is not a finite number.`);
  }
}
