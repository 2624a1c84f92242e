import { foldKey } from './normalize.ts';
import { type DateOrder, fail, ok, type Result } from './types.ts';

/** Month names in English, French, German and Danish (folded: no accents, lower case). */
const MONTHS: [string, number][] = [
  ...[
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ...[
    'janvier',
    'fevrier',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'aout',
    'septembre',
    'octobre',
    'novembre',
    'decembre',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ...[
    'januar',
    'februar',
    'marz',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'dezember',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ...[
    'januar',
    'februar',
    'marts',
    'april',
    'maj',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'december',
  ].map((m, i) => [m, i + 1] as [string, number]),
  ['jaenner', 1],
  ['janner', 1],
  ['maerz', 3],
  ['mrz', 3],
  ['sept', 9],
];

/** A month token: a full name or an unambiguous prefix of at least three letters ('mar', 'févr.', 'Okt'). */
const monthOf = (token: string): number | null => {
  const t = foldKey(token);
  if (t.length < 3) return null;
  const found = new Set(MONTHS.filter(([name]) => name === t || name.startsWith(t)).map(([, m]) => m));
  return found.size === 1 ? [...found][0]! : null;
};

const IGNORED = new Set(['le', 'den', 'der', 'the', 'of', 'am', 'on', 'd']);

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Two-digit years pivot at 70: 69 → 2069, 70 → 1970. */
const fullYear = (y: string) => (y.length <= 2 ? (Number(y) < 70 ? 2000 : 1900) + Number(y) : Number(y));

const build = (y: number, m: number, d: number, raw: string): Result<string> =>
  y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
    ? ok(`${pad(y, 4)}-${pad(m)}-${pad(d)}`)
    : fail('date_invalid', { value: raw });

/** Excel's day 1 is 1900-01-01 with its fake 1900-02-29, so serial 25569 is 1970-01-01. */
const fromSerial = (serial: number) =>
  new Date(Math.round((serial - 25569) * 864e5)).toISOString().slice(0, 10);

/**
 * Parses a date to 'YYYY-MM-DD'. Accepts ISO (a time part is dropped), compact 20260304, D.M.YYYY and
 * D.M.YY (always day first, as in German and Danish), D/M/Y or M/D/Y by `hint` (day first when there is no
 * hint, as European users expect), month names in four languages ('4. März 2026', 'Mar 4, 2026') and Excel
 * serial numbers 20000–80000 (1954–2119), which is what a date column exported without formatting holds.
 */
export const parseDate = (raw: string, hint?: DateOrder): Result<string> => {
  const s = raw.trim().replace(/[T ]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(am|pm|z|[+-]\d{2}:?\d{2})?$/i, '');
  const bad = (): Result<string> => fail('date_invalid', { value: raw });
  if (!s) return bad();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{5})(\.\d+)?$/.exec(s);
  if (m) {
    const serial = Number(s);
    return serial >= 20000 && serial <= 80000 ? ok(fromSerial(serial)) : bad();
  }
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})\.?$/.exec(s);
  if (m) {
    const [a, sep, b, y] = [Number(m[1]), m[2], Number(m[3]), fullYear(m[4]!)];
    const monthFirst = hint === 'mdy' && sep !== '.';
    return monthFirst ? build(y, a, b, raw) : build(y, b, a, raw);
  }
  return parseWordDate(s, raw);
};

/** '4 March 2026', '4. März 2026', 'le 4 mars 2026', 'Mar 4, 2026', 'March 4th 2026', 'den 4. marts 2026'. */
const parseWordDate = (s: string, raw: string): Result<string> => {
  const tokens = s.split(/[\s,./-]+/).filter(Boolean);
  let month: number | null = null;
  const numbers: string[] = [];
  for (const token of tokens) {
    const num = /^(\d{1,4})(st|nd|rd|th|er|e)?$/i.exec(token);
    if (num) numbers.push(num[1]!);
    else if (month === null && monthOf(token) !== null) month = monthOf(token);
    else if (!IGNORED.has(foldKey(token)) && !isWeekday(token)) return fail('date_invalid', { value: raw });
  }
  if (month === null || numbers.length !== 2) return fail('date_invalid', { value: raw });
  // The year is the four-digit number, else the last one ('4 Mar 26').
  const yearIdx = numbers.findIndex((n) => n.length === 4);
  const yi = yearIdx >= 0 ? yearIdx : 1;
  return build(fullYear(numbers[yi]!), month, Number(numbers[1 - yi]), raw);
};

const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'lun',
  'mar',
  'mer',
  'jeu',
  'ven',
  'sam',
  'dim',
  'mon',
  'die',
  'mit',
  'don',
  'fre',
  'son',
  'man',
  'tir',
  'ons',
  'tor',
  'lor',
];
const isWeekday = (token: string) => {
  const t = foldKey(token);
  return t.length >= 3 &&
    /(day|di|tag|woch|dag)$|^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$/.test(t)
    ? true
    : t.length === 3 && WEEKDAYS.includes(t) && monthOf(t) === null;
};

/**
 * Looks at many values of a column: any first part > 12 means day-first, any second part > 12 means
 * month-first; four-digit first parts mean year-first. Null when there is no evidence or it conflicts.
 */
export const detectDateOrder = (samples: string[]): DateOrder | null => {
  let dmy = false;
  let mdy = false;
  let ymd = false;
  for (const raw of samples) {
    const m = /^\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})/.exec(raw);
    if (!m) continue;
    if (m[1]!.length === 4) ymd = true;
    else if (Number(m[1]) > 12) dmy = true;
    else if (Number(m[2]) > 12) mdy = true;
  }
  if (dmy && !mdy) return 'dmy';
  if (mdy && !dmy) return 'mdy';
  if (ymd && !dmy && !mdy) return 'ymd';
  return null;
};
