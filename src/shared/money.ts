import { z } from 'zod';

/**
 * Money math for quotes, orders and invoices: amounts are integers in the currency's minor units, quantities
 * and rates are decimal strings, and nothing passes through a floating-point number. Exact rationals in
 * BigInt, rounded once per line (half away from zero, "commercial" rounding) and once per tax rate, as the
 * European e-invoicing norm EN 16931 computes the VAT breakdown (tax = taxable amount of the rate × rate).
 */

/** ISO 4217 minor units of the currencies Rapport offers (JPY 0, EUR 2, KWD 3, …). */
export const currencyMinorUnits = {
  EUR: 2,
  DKK: 2,
  SEK: 2,
  NOK: 2,
  GBP: 2,
  CHF: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  BGN: 2,
  USD: 2,
  CAD: 2,
  AUD: 2,
  ISK: 0,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  TND: 3,
} as const;
export type Currency = keyof typeof currencyMinorUnits;
export const currencies = Object.keys(currencyMinorUnits) as [Currency, ...Currency[]];
export const currency = z.enum(currencies);

export function minorUnits(code: string): number {
  const units = (currencyMinorUnits as Record<string, number>)[code];
  if (units === undefined) throw new Error(`unknown currency ${code}`);
  return units;
}

/** The largest amount accepted anywhere (10^13 minor units: 100 billion euros), far inside 2^53. */
export const maxAmount = 10_000_000_000_000;
/** An amount in minor units: a safe integer, e.g. 1999 = €19.99, 1999 = ¥1,999. */
export const amount = z.number().int().min(-maxAmount).max(maxAmount);
export const nonNegativeAmount = z.number().int().min(0).max(maxAmount);

/** A decimal string: optional sign, digits, an optional fraction of up to `scale` digits ("1.5", "25", "5.5"). */
export const decimalString = (opts: { scale: number; min?: string; max?: string; label: string }) => {
  const pattern = new RegExp(`^-?\\d{1,12}(\\.\\d{1,${opts.scale}})?$`);
  return z
    .string()
    .trim()
    .regex(pattern, {
      message: `${opts.label} must be a decimal number with at most ${opts.scale} decimals, e.g. "1.5"`,
      abort: true,
    })
    .refine((v) => !pattern.test(v) || opts.min === undefined || compareDecimal(v, opts.min) >= 0, {
      message: `${opts.label} must be at least ${opts.min}`,
    })
    .refine((v) => !pattern.test(v) || opts.max === undefined || compareDecimal(v, opts.max) <= 0, {
      message: `${opts.label} must be at most ${opts.max}`,
    })
    .transform(normalizeDecimal);
};

/** Quantity: up to 4 decimals (hours, kilograms), positive, or negative on a credit line. */
export const quantity = decimalString({ scale: 4, min: '-1000000000', max: '1000000000', label: 'Quantity' });
/** A tax rate in percent ("25", "5.5", "0"). */
export const taxRate = decimalString({ scale: 3, min: '0', max: '100', label: 'Tax rate' });
/** A discount in percent of the line ("10", "12.5"). */
export const discountPercent = decimalString({ scale: 4, min: '0', max: '100', label: 'Discount' });

/** A decimal as an integer numerator over 10^scale. */
interface Decimal {
  units: bigint;
  scale: number;
}

export function parseDecimal(value: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`not a decimal: ${value}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`);
  return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

/** "1.50" → "1.5", "007" → "7", "-0" → "0". */
export function normalizeDecimal(value: string): string {
  const { units, scale } = parseDecimal(value);
  return formatDecimal(units, scale);
}

function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  if (scale === 0) fraction = '';
  whole = whole.replace(/^0+(?=\d)/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const l = x.units * 10n ** BigInt(scale - x.scale);
  const r = y.units * 10n ** BigInt(scale - y.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Adds decimal strings exactly ("0.1" + "0.2" = "0.3"). */
export function addDecimal(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const sum = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  return formatDecimal(sum, scale);
}

export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, b.startsWith('-') ? b.slice(1) : `-${b}`);
}

/** numerator / denominator rounded to an integer, halves away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** Converts a BigInt result back to a number, refusing anything outside the accepted range. */
function toAmount(value: bigint): number {
  if (value > BigInt(maxAmount) || value < -BigInt(maxAmount)) throw new RangeError('amount out of range');
  return Number(value);
}

export interface PricedLine {
  quantity: string;
  /** Per unit, in minor units. */
  unitPrice: number;
  discountPercent?: string | null;
  /** Off the whole line, in minor units. */
  discountAmount?: number | null;
  taxRate: string;
}

/**
 * A line's net amount: quantity × unit price, less the percentage discount, rounded once to minor units,
 * less the discount amount. Minor units are already integers, so the currency only matters for the caller.
 */
export function lineNet(line: PricedLine): number {
  const q = parseDecimal(line.quantity);
  const p = parseDecimal(line.discountPercent ?? '0');
  const hundred = 100n * 10n ** BigInt(p.scale);
  const numerator = q.units * BigInt(line.unitPrice) * (hundred - p.units);
  const denominator = 10n ** BigInt(q.scale) * hundred;
  return toAmount(divideRounded(numerator, denominator) - BigInt(line.discountAmount ?? 0));
}

/** The gross-before-discount of a line, rounded once (for showing the discount given). */
export function lineListAmount(line: Pick<PricedLine, 'quantity' | 'unitPrice'>): number {
  const q = parseDecimal(line.quantity);
  return toAmount(divideRounded(q.units * BigInt(line.unitPrice), 10n ** BigInt(q.scale)));
}

/** Tax of a taxable amount at a rate in percent, rounded once. */
export function taxOf(net: number, rate: string): number {
  const r = parseDecimal(rate);
  return toAmount(divideRounded(BigInt(net) * r.units, 100n * 10n ** BigInt(r.scale)));
}

export const totals = z.object({ net: amount, tax: amount, gross: amount });
export type Totals = z.infer<typeof totals>;
export const taxBreakdownEntry = z.object({ rate: z.string(), net: amount, tax: amount });
export type TaxBreakdownEntry = z.infer<typeof taxBreakdownEntry>;

export interface DocumentTotals {
  lines: { net: number }[];
  totals: Totals;
  /** One entry per tax rate, highest rate first. */
  taxBreakdown: TaxBreakdownEntry[];
}

/** Totals of a document: each line's net, then per tax rate the sum of nets and its tax (EN 16931 BG-23). */
export function computeTotals(lines: PricedLine[]): DocumentTotals {
  const nets = lines.map((line) => lineNet(line));
  const byRate = new Map<string, number>();
  lines.forEach((line, i) => {
    const rate = normalizeDecimal(line.taxRate);
    byRate.set(rate, (byRate.get(rate) ?? 0) + (nets[i] ?? 0));
  });
  const taxBreakdown = [...byRate.entries()]
    .sort(([a], [b]) => compareDecimal(b, a))
    .map(([rate, net]) => ({ rate, net, tax: taxOf(net, rate) }));
  const net = taxBreakdown.reduce((s, e) => s + e.net, 0);
  const tax = taxBreakdown.reduce((s, e) => s + e.tax, 0);
  return { lines: nets.map((n) => ({ net: n })), totals: { net, tax, gross: net + tax }, taxBreakdown };
}

/** An amount in minor units as a plain decimal string in major units: (1999, 'EUR') → "19.99". */
export function toMajorString(minor: number, code: string): string {
  const scale = minorUnits(code);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** A major-units decimal string as minor units ("19.99", 'EUR') → 1999; more decimals than the currency has → null. */
export function parseMajor(value: string, code: string): number | null {
  const match = /^\s*(-?)(\d{1,13})(?:[.,](\d+))?\s*$/.exec(value);
  if (!match) return null;
  const scale = minorUnits(code);
  const fraction = match[3] ?? '';
  if (fraction.length > scale) return null;
  const minor = BigInt(`${match[2]}${fraction.padEnd(scale, '0')}`);
  if (minor > BigInt(maxAmount)) return null;
  return Number(match[1] === '-' ? -minor : minor);
}
