import { currencyMinorUnits, toMajorString } from '../../shared/money.ts';
/** Display helpers: formatting happens only here, at the edge, in the user's language. */
export function contactName(c: {
  firstName: string;
  lastName: string;
  emails?: { address: string }[];
}): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.emails?.[0]?.address || '—';
}

export function formatDate(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  const d = value.length === 10 ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(lng, {
    dateStyle: 'medium',
    timeZone: value.length === 10 ? 'UTC' : undefined,
  }).format(d);
}

export function formatDateTime(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** Integer minor units → localized money: { amount: 1999, currency: 'EUR' } → "19,99 €" in French. */
export function formatMoney(m: { amount: number; currency: string } | null | undefined, lng: string): string {
  if (!m) return '—';
  const digits = (currencyMinorUnits as Record<string, number>)[m.currency];
  if (digits === undefined) return `${m.amount} ${m.currency}`;
  const fmt = new Intl.NumberFormat(lng, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // A decimal string, not amount / 10^digits: Intl formats strings exactly, floats may not be.
  return fmt.format(toMajorString(m.amount, m.currency) as Intl.StringNumericLiteral);
}

export function formatNumber(n: number | null | undefined, lng: string): string {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat(lng).format(n);
}

export function countryName(code: string, lng: string): string {
  try {
    return new Intl.DisplayNames([lng], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
