import type { ChurnBand } from '../../../shared/analytics.ts';
import { currencyMinorUnits } from '../../../shared/money.ts';
import { formatMoney } from '../../lib/format.ts';

/** Formatting of scores: a missing, NaN or infinite number is shown as "—", never as NaN or Infinity. */
export const isFiniteNumber = (n: number | null | undefined): n is number =>
  typeof n === 'number' && Number.isFinite(n);

export const DASH = '—';

/** A share as a percentage; a small positive one that would round to 0 reads "< 1 %", not "0 %". */
export function formatPercent(n: number | null | undefined, lng: string, digits = 0): string {
  if (!isFiniteNumber(n)) return DASH;
  const fmt = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: digits });
  const step = 10 ** -(digits + 2);
  return n > 0 && n < step / 2 ? `< ${fmt.format(step)}` : fmt.format(n);
}

/** A number with up to `digits` decimals; a small positive one that would round to 0 reads "< 0.1". */
export function formatDecimal(n: number | null | undefined, lng: string, digits = 1): string {
  if (!isFiniteNumber(n)) return DASH;
  const fmt = new Intl.NumberFormat(lng, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const step = 10 ** -digits;
  return n > 0 && n < step / 2 && digits > 0 ? `< ${fmt.format(step)}` : fmt.format(n);
}

export function formatAmount(amount: number | null | undefined, currency: string, lng: string): string {
  if (!isFiniteNumber(amount)) return DASH;
  return formatMoney({ amount: Math.round(amount), currency }, lng);
}

const minorDigits = (currency: string) => (currencyMinorUnits as Record<string, number>)[currency] ?? 2;

/** Short money for chart axes and buckets: "€1.2K", "12 k€" — whole units, compact notation. */
export function formatCompactMoney(amount: number, currency: string, lng: string): string {
  if (!isFiniteNumber(amount)) return DASH;
  const major = amount / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(lng, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: Math.abs(major) < 1000 ? 0 : 1,
    }).format(major);
  } catch {
    return `${Math.round(major)} ${currency}`;
  }
}

export const bandColor: Record<ChurnBand, string> = { low: 'teal', medium: 'yellow', high: 'red' };

export { lowBandFrom } from '../../../shared/analytics.ts';

/**
 * The share of revenue the top `share` of customers bring, read off the concentration curve (points sorted
 * by the share of customers, from (0, 0) to (1, 1)) by linear interpolation; null without a usable curve.
 */
export function revenueShareAt(
  points: { customers: number; revenue: number }[],
  share: number,
): number | null {
  const pts = points
    .filter((p) => isFiniteNumber(p.customers) && isFiniteNumber(p.revenue))
    .sort((a, b) => a.customers - b.customers);
  if (pts.length < 2) return null;
  const first = pts[0]!;
  if (share <= first.customers) return first.revenue;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (share <= b.customers) {
      const span = b.customers - a.customers;
      const v = span > 0 ? a.revenue + ((share - a.customers) / span) * (b.revenue - a.revenue) : b.revenue;
      return Math.min(1, Math.max(0, v));
    }
  }
  return Math.min(1, Math.max(0, pts[pts.length - 1]!.revenue));
}
