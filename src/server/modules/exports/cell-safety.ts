/**
 * Spreadsheet formula injection (CSV injection): a cell a spreadsheet reads as a formula can run commands
 * or leak data (SuiteCRM CVE-2020-15301 and its bypass CVE-2021-25960, EspoCRM CVE-2022-38844). The bypasses
 * hid the trigger behind leading spaces or quotes, so the trigger is looked for after any run of those too.
 * Full-width forms (＝ ＋ － ＠) are included: some spreadsheets normalise them.
 */
const FORMULA_START = /^[\s"'\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;

/** True when a spreadsheet could read this text as the start of a formula. */
export const looksLikeFormula = (text: string): boolean => FORMULA_START.test(text);

/**
 * A text value for a CSV cell: prefixed with `'` when it could start a formula (OWASP's advice: the quote
 * makes spreadsheets show the text as it is and is visible to anyone who looks, never silently dropped).
 * Only for text: numbers and dates Rapport formats itself are never neutralised.
 */
export function csvText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** Characters XML 1.0 cannot hold (C0 controls except tab/LF/CR, U+FFFE/FFFF, lone surrogates). */
// biome-ignore lint/complexity/useRegexLiterals: a literal would hold control characters, which the linter refuses
const XML_INVALID = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  'g',
);
/** Excel's limit for the text of one cell. */
export const XLSX_MAX_TEXT = 32_767;

/**
 * A text value for an XLSX cell. exceljs writes a plain string as a string cell (never a formula, whatever
 * it begins with); this keeps the user's text and removes only what the file format cannot carry: characters
 * XML forbids, CR (XML reads it back as LF) and anything past Excel's 32,767 characters.
 */
export function xlsxText(text: string): string {
  const clean = text.replace(XML_INVALID, '').replace(/\r\n?/g, '\n');
  if (clean.length <= XLSX_MAX_TEXT) return clean;
  // never cut a surrogate pair in half
  const cut = /[\ud800-\udbff]/.test(clean[XLSX_MAX_TEXT - 1]!) ? XLSX_MAX_TEXT - 1 : XLSX_MAX_TEXT;
  return clean.slice(0, cut);
}
