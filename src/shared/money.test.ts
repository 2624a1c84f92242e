import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  computeTotals,
  divideRounded,
  lineNet,
  normalizeDecimal,
  parseMajor,
  quantity,
  taxOf,
  toMajorString,
} from './money.ts';

describe('money', () => {
  it('rounds halves away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(-4n, 3n)).toBe(-1n);
  });

  it('computes a line once, with decimal quantity and percentage discount', () => {
    // 2.5 h × €80.00 = €200.00, less 12.5 % = €175.00
    expect(lineNet({ quantity: '2.5', unitPrice: 8000, discountPercent: '12.5', taxRate: '25' })).toBe(17500);
    // 3 × €0.333 is not a price; 3 × 33 cents at 10 % off = 89.1 → 89 cents
    expect(lineNet({ quantity: '3', unitPrice: 33, discountPercent: '10', taxRate: '20' })).toBe(89);
    // 0.125 kg × ¥1,000 = ¥125 (JPY has no minor unit; the integer is yen)
    expect(lineNet({ quantity: '0.125', unitPrice: 1000, taxRate: '10' })).toBe(125);
    // a discount amount is taken off after the percentage
    expect(
      lineNet({ quantity: '1', unitPrice: 10000, discountPercent: '10', discountAmount: 500, taxRate: '19' }),
    ).toBe(8500);
  });

  it('computes tax per rate on the sum of the nets, not per line (EN 16931)', () => {
    // three lines of €0.10 at 25 %: per line 2.5 → 3 cents each = 9; on the sum 30 × 25 % = 7.5 → 8
    const result = computeTotals([
      { quantity: '1', unitPrice: 10, taxRate: '25' },
      { quantity: '1', unitPrice: 10, taxRate: '25' },
      { quantity: '1', unitPrice: 10, taxRate: '25.000' },
    ]);
    expect(result.taxBreakdown).toEqual([{ rate: '25', net: 30, tax: 8 }]);
    expect(result.totals).toEqual({ net: 30, tax: 8, gross: 38 });
  });

  it('breaks tax down per rate, highest first (FR 20 / 5.5, DE 19 / 7)', () => {
    const fr = computeTotals([
      { quantity: '2', unitPrice: 1999, taxRate: '5.5' },
      { quantity: '1', unitPrice: 4999, taxRate: '20' },
    ]);
    expect(fr.taxBreakdown).toEqual([
      { rate: '20', net: 4999, tax: 1000 },
      { rate: '5.5', net: 3998, tax: 220 },
    ]);
    expect(fr.totals).toEqual({ net: 8997, tax: 1220, gross: 10217 });
  });

  it('handles KWD with three decimals', () => {
    expect(toMajorString(1234, 'KWD')).toBe('1.234');
    expect(parseMajor('1.234', 'KWD')).toBe(1234);
    expect(parseMajor('1.2345', 'KWD')).toBeNull();
    expect(toMajorString(1234, 'JPY')).toBe('1234');
    expect(parseMajor('12.5', 'JPY')).toBeNull();
    expect(toMajorString(-5, 'EUR')).toBe('-0.05');
  });

  it('normalizes and adds decimals exactly', () => {
    expect(normalizeDecimal('001.500')).toBe('1.5');
    expect(normalizeDecimal('-0.0')).toBe('0');
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(quantity.parse(' 2.50 ')).toBe('2.5');
    expect(quantity.safeParse('1e3').success).toBe(false);
    expect(quantity.safeParse('1.23456').success).toBe(false);
  });

  it('totals are the exact sums of their parts for any lines (property)', () => {
    const line = fc.record({
      quantity: fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => (n / 1000).toFixed(3)),
      unitPrice: fc.integer({ min: 0, max: 100_000_000 }),
      discountPercent: fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
      taxRate: fc.constantFrom('0', '5.5', '7', '10', '19', '20', '25'),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const result = computeTotals(lines);
        const sum = result.lines.reduce((s, l) => s + l.net, 0);
        expect(result.totals.net).toBe(sum);
        expect(result.totals.gross).toBe(result.totals.net + result.totals.tax);
        for (const entry of result.taxBreakdown) expect(entry.tax).toBe(taxOf(entry.net, entry.rate));
        for (const value of [result.totals.net, result.totals.tax, result.totals.gross])
          expect(Number.isInteger(value)).toBe(true);
      }),
    );
  });

  it('a line is within half a minor unit of the exact product (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 1_000_000 }), (q, price) => {
        const qty = (q / 100).toFixed(2);
        const exact = (BigInt(q) * BigInt(price) * 2n) / 100n; // twice the exact value, floored
        const net = BigInt(lineNet({ quantity: qty, unitPrice: price, taxRate: '0' }));
        const diff = net * 2n - exact;
        expect(diff >= -1n && diff <= 2n).toBe(true);
      }),
    );
  });
});
