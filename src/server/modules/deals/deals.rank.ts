/**
 * Fractional rank keys for the board: strings over 0-9a-z compared as base-36 fractions (and, since no key
 * ends in '0', byte-wise as text). A key strictly between any two can always be made, so moving a card
 * rewrites only that card's row.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const digit = (s: string, i: number) => (i < s.length ? DIGITS.indexOf(s[i]!) : 0);

/** A key strictly between `a` and `b` (`''` is the start, `null` the end); requires a < b. */
export function rankBetween(a: string, b: string | null): string {
  if (b !== null && !(a < b)) throw new Error(`rankBetween: ${a} is not before ${b}`);
  if (b !== null) {
    let n = 0;
    while (n < b.length && digit(a, n) === digit(b, n)) n++;
    if (n > 0) return b.slice(0, n) + rankBetween(a.slice(n), b.slice(n));
  }
  const da = digit(a, 0);
  const db = b === null ? DIGITS.length : digit(b, 0);
  if (db - da > 1) return DIGITS[Math.round((da + db) / 2)]!;
  // Neighbouring first digits: b's first digit alone is still above a when b goes on.
  if (b !== null && b.length > 1) return b[0]!;
  return DIGITS[da]! + rankBetween(a.slice(1), null);
}
