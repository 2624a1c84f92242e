import { analyticsError } from './analytics.errors.ts';

/** One purchase: a customer id, a calendar date (YYYY-MM-DD, time of day ignored) and an amount. */
export interface Transaction {
  id: string;
  date: string;
  amount: number;
}

/**
 * The BTYD customer summary. `frequency` = repeat purchases (x), `recency` = time of the last purchase
 * since the first (t_x), `T` = age at the calibration end, all in the chosen time unit;
 * `monetaryValue` = mean amount of the repeat purchases (0 without any).
 */
export interface CustomerSummary {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

export type TimeUnit = 'days' | 'weeks';
export const timeUnits = ['days', 'weeks'] as const;
const DAYS_PER_UNIT: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** The model inputs as columns (fast over a million customers). */
export interface RfmColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  m: Float64Array;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD…` date (UTC calendar day); throws on anything else. */
export function dayNumber(date: string, where = 'date'): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(date.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  const back = Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
  if (!m || back !== `${m[1]}-${m[2]}-${m[3]}`) {
    throw analyticsError('invalid_date', `${where}: "${date}" is not a date (YYYY-MM-DD).`);
  }
  return ms / DAY_MS;
}

/**
 * Builds the summary from a transaction log with the conventions of BTYD (`dc.ElogToCbsCbt`) and lifetimes
 * (`summary_data_from_transaction_data(freq='D', freq_multiplier=7)` for weeks):
 * - purchases on the same calendar day are collapsed into one (their amounts added);
 * - purchases after the calibration end are left out, and so are customers whose first purchase is after it;
 * - times are counted in days and divided by 7 for weeks (so T = 38.86 weeks for a first purchase on
 *   1997-01-01 and a calibration end of 1997-09-30);
 * - the input may be in any order (it is sorted per customer).
 * The calibration end defaults to the last purchase date. A negative amount is an error; a zero amount
 * (a free item, as in CDNOW) is a purchase that adds 0 to the monetary value.
 */
export function summarize(
  transactions: readonly Transaction[],
  opts: { unit: TimeUnit; calibrationEnd?: string },
): CustomerSummary[] {
  if (transactions.length === 0) throw analyticsError('no_transactions', 'There are no transactions.');
  const perDay = new Map<string, Map<number, number>>();
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const [i, t] of transactions.entries()) {
    if (!(Number.isFinite(t.amount) && t.amount >= 0)) {
      // Returns and credits are not purchases: net them into the order before.
      throw analyticsError(
        'invalid_amount',
        `Transaction ${i + 1} (customer ${t.id}): the amount must be a number ≥ 0, not ${t.amount}.`,
      );
    }
    const day = dayNumber(t.date, `Transaction ${i + 1}`);
    lastDay = Math.max(lastDay, day);
    let days = perDay.get(t.id);
    if (!days) {
      days = new Map();
      perDay.set(t.id, days);
    }
    days.set(day, (days.get(day) ?? 0) + t.amount);
  }
  const end = opts.calibrationEnd === undefined ? lastDay : dayNumber(opts.calibrationEnd, 'calibration end');
  const scale = DAYS_PER_UNIT[opts.unit];
  const out: CustomerSummary[] = [];
  for (const [id, days] of perDay) {
    const kept = [...days.entries()].filter(([d]) => d <= end).sort((a, b) => a[0] - b[0]);
    const first = kept[0];
    const last = kept[kept.length - 1];
    if (!first || !last) continue;
    const repeats = kept.slice(1);
    const spent = repeats.reduce((s, [, amount]) => s + amount, 0);
    out.push({
      id,
      frequency: repeats.length,
      recency: (last[0] - first[0]) / scale,
      T: (end - first[0]) / scale,
      monetaryValue: repeats.length ? spent / repeats.length : 0,
    });
  }
  if (out.length === 0) {
    throw analyticsError('no_transactions', 'No transaction is on or before the calibration end.');
  }
  return out;
}

/** Checks a summary (0 ≤ recency ≤ T, whole non-negative frequency) and returns it as columns. */
export function toColumns(rows: readonly CustomerSummary[]): RfmColumns {
  if (rows.length === 0) throw analyticsError('no_customers', 'There are no customers.');
  const n = rows.length;
  const cols: RfmColumns = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    m: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as CustomerSummary;
    const ok =
      Number.isInteger(r.frequency) &&
      r.frequency >= 0 &&
      Number.isFinite(r.recency) &&
      Number.isFinite(r.T) &&
      r.recency >= 0 &&
      r.recency <= r.T &&
      r.T >= 0 &&
      Number.isFinite(r.monetaryValue) &&
      r.monetaryValue >= 0 &&
      (r.frequency > 0 || r.recency === 0);
    if (!ok) {
      throw analyticsError(
        'invalid_summary',
        `Customer ${r.id}: frequency must be a whole number ≥ 0, 0 ≤ recency ≤ T (recency 0 without repeat purchases), monetary value ≥ 0.`,
      );
    }
    cols.x[i] = r.frequency;
    cols.tx[i] = r.recency;
    cols.T[i] = r.T;
    cols.m[i] = r.monetaryValue;
  }
  return cols;
}
