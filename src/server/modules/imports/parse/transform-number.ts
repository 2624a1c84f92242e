import { fail, ok, type Result } from './types.ts';

/** Grouping characters people and spreadsheets put in numbers: spaces (incl. NBSP, NNBSP, thin) and '. */
const GROUPING = /[\s\u00a0\u202f\u2009']/g;

/**
 * Parses a localised decimal to a canonical string ('1234.56') without ever going through a float.
 * - Both '.' and ',' present: the last one is the decimal separator ('1.234,56', '1,234.56').
 * - One kind repeated: grouping ('1.234.567').
 * - One single separator: decimal ('1,5', '2.75'), except that with a hint naming the *other* separator and
 *   exactly three digits after it, it is grouping ('1,234' with 'point' → 1234).
 * Grouping must come in threes. Parentheses or a trailing minus mean negative (accounting exports).
 * Fraction digits are kept as written (scale matters for money); leading zeros are dropped.
 */
export const parseDecimal = (raw: string, hint?: 'comma' | 'point'): Result<string> => {
  let s = raw.trim().replace(GROUPING, '');
  const bad = (): Result<string> => fail('number_invalid', { value: raw });
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (/^[-+−]/.test(s)) {
    negative = negative !== /^[-−]/.test(s);
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    negative = true;
    s = s.slice(0, -1);
  }
  if (!/^[\d.,]*\d[\d.,]*$/.test(s) && !/^[.,]\d+$/.test(s)) return bad();
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalSep: '.' | ',' | null;
  if (lastDot >= 0 && lastComma >= 0) decimalSep = lastDot > lastComma ? '.' : ',';
  else if (lastDot < 0 && lastComma < 0) decimalSep = null;
  else {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    const otherHinted = (sep === ',' && hint === 'point') || (sep === '.' && hint === 'comma');
    decimalSep = count > 1 || (otherHinted && after === 3) ? null : sep;
  }
  const point = decimalSep === null ? -1 : s.lastIndexOf(decimalSep);
  const intPart = point < 0 ? s : s.slice(0, point);
  const frac = point < 0 ? '' : s.slice(point + 1);
  if (!/^\d*$/.test(frac)) return bad();
  const groups = intPart.split(/[.,]/);
  if (groups.length > 1) {
    const sep = intPart.match(/[.,]/g)!;
    if (sep.some((c) => c !== sep[0] || c === decimalSep)) return bad();
    if (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return bad();
  }
  const digits = groups.join('').replace(/^0+(?=\d)/, '') || '0';
  const value = frac ? `${digits}.${frac}` : digits;
  const zero = !/[1-9]/.test(value);
  return ok(negative && !zero ? `-${value}` : value);
};

/** Currency signs, codes and words that surround amounts; ',-' / '.-' is the Nordic/German "no øre". */
const CURRENCY = /(?:[$€£¥₹₩₽¢]|\b(?:kr|dkk|sek|nok|eur|usd|gbp|chf|fr|sfr|isk)\b\.?|[.,]-$)/gi;

/**
 * An amount to integer minor units: '1.234,56 kr.' → 123456 (2 digits), '€1,234.56' → 123456, '1234' →
 * 123400. More fraction digits than the currency has are rejected unless they are zeros ('12.340' EUR is
 * fine): silently rounding would hide a misread grouping separator ('12.345' meant as 12345).
 */
export const parseMoneyMinor = (
  raw: string,
  minorDigits: number,
  hint?: 'comma' | 'point',
): Result<number> => {
  const stripped = raw.replace(CURRENCY, '').trim();
  const dec = parseDecimal(stripped, hint);
  if (!dec.ok) return fail('amount_invalid', { value: raw });
  const negative = dec.value.startsWith('-');
  const [int, frac = ''] = dec.value.replace('-', '').split('.');
  if (frac.length > minorDigits && /[1-9]/.test(frac.slice(minorDigits)))
    return fail('amount_decimals', { digits: minorDigits, value: raw });
  const minor = BigInt(int! + frac.slice(0, minorDigits).padEnd(minorDigits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return fail('amount_too_large', { value: raw });
  const n = Number(minor);
  return ok(negative && n !== 0 ? -n : n);
};
