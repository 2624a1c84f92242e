import { analyticsError } from './analytics.errors.ts';
import type { TimeUnit } from './summary.ts';

/** Model periods per month, as lifetimes' `customer_lifetime_value` (`freq` 'W' → 4.345, 'D' → 30). */
export const periodsPerMonth: Record<TimeUnit, number> = { weeks: 4.345, days: 30 };

export interface ClvOptions {
  /** The customer's conditional expected purchases in (0, t], t in model periods. */
  expectedPurchases: (t: number) => number;
  /** Expected value of one purchase (Gamma-Gamma conditional mean). */
  value: number;
  /** Horizon in model periods (> 0). */
  horizon: number;
  unit: TimeUnit;
  /** Monthly discount rate (lifetimes' default 0.01). */
  monthlyDiscountRate: number;
  /** Share of the purchase value that is margin (1 = the value is already a margin). */
  marginRate: number;
}

/**
 * CLV = margin × value × Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)]) / (1 + d)^(tₖ / f), with tₖ = min(k·f, horizon), f the
 * periods per month: the purchases expected in each month, discounted at the monthly rate from the end of
 * that month. For a horizon of whole months this is exactly lifetimes' `_customer_lifetime_value`
 * (there `time` is in months and `monetary_value × margin` is what the user passes); a last, partial
 * month is discounted from the horizon.
 */
export function customerLifetimeValue(o: ClvOptions): number {
  if (!(o.horizon > 0))
    throw analyticsError('invalid_horizon', 'The horizon must be a number of periods > 0.');
  if (!(o.monthlyDiscountRate > -1) || !(o.marginRate >= 0)) {
    throw analyticsError('invalid_rate', 'The discount rate must be > −1 and the margin rate ≥ 0.');
  }
  const f = periodsPerMonth[o.unit];
  const months = Math.ceil(o.horizon / f - 1e-9);
  let total = 0;
  let before = 0;
  for (let k = 1; k <= months; k++) {
    const t = Math.min(k * f, o.horizon);
    const upTo = o.expectedPurchases(t);
    total += (upTo - before) / (1 + o.monthlyDiscountRate) ** (t / f);
    before = upTo;
  }
  return o.marginRate * o.value * total;
}
