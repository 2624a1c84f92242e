/** Converts exceljs cell values to the plain strings an import sees. */

type CellLike = { value: unknown; numFmt?: string };

/** Same test exceljs uses: any date/time letter outside quotes and brackets. */
const isDateFormat = (fmt: string | undefined): boolean =>
  !!fmt && /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Dates as 'YYYY-MM-DD', or 'YYYY-MM-DDTHH:mm:ss' (no zone: Excel has none) when there is a time part. */
export const isoFromDate = (d: Date): string => {
  if (Number.isNaN(d.getTime())) return '';
  const t = new Date(Math.round(d.getTime() / 1000) * 1000); // Excel's float serials drift by milliseconds
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0) return date;
  return `${date}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
};

const fromSerial = (serial: number) => new Date(Math.round((serial - 25569) * 864e5));

/**
 * Numbers as plain decimals: 15 significant digits (what Excel itself displays, which cuts binary-float
 * noise such as 0.30000000000000004) and never exponent notation, so 4.5201234567E+11 stays 452012345670.
 */
export const plainNumber = (n: number): string => {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const s = String(Number(n.toPrecision(15)));
  return s.includes('e') ? expandExponent(s) : s;
};

const expandExponent = (s: string): string => {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '');
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
};

const richText = (v: { richText: { text: string }[] }) => v.richText.map((r) => r.text).join('');

/** Any exceljs cell value → string; formulas give their cached result, never the formula. */
export const cellText = (cell: CellLike): string => valueText(cell.value, cell.numFmt);

const valueText = (v: unknown, numFmt: string | undefined): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return isDateFormat(numFmt) ? isoFromDate(fromSerial(v)) : plainNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return isoFromDate(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return richText(o as { richText: { text: string }[] });
    if ('formula' in o || 'sharedFormula' in o) return valueText(o.result, numFmt);
    if ('hyperlink' in o) return valueText(o.text, numFmt);
    if ('text' in o) return valueText(o.text, numFmt);
    // Error cells (#N/A, #DIV/0!) hold no value worth importing.
    if ('error' in o) return '';
  }
  return String(v);
};
