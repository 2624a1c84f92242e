import iconv from 'iconv-lite';

/** One unfolded vCard content line: `[group.]NAME;PARAM=a,b;PARAM2=c:value`. */
export type ContentLine = { name: string; params: Record<string, string[]>; value: string };

/** Splits on `sep` outside double quotes. */
const splitOutsideQuotes = (s: string, sep: string): string[] => {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
};

/** Parses a content line; params are upper-cased keys with lower-cased values, vCard 2.1 bare types kept. */
export const parseContentLine = (line: string): ContentLine | null => {
  let colon = -1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [nameWithGroup = '', ...paramParts] = splitOutsideQuotes(line.slice(0, colon), ';');
  const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
  const params: Record<string, string[]> = {};
  for (const part of paramParts) {
    const eq = part.indexOf('=');
    // vCard 2.1 writes bare types: TEL;WORK;VOICE:…
    const key = eq < 0 ? 'TYPE' : part.slice(0, eq).trim().toUpperCase();
    const raw = eq < 0 ? part : part.slice(eq + 1);
    const values = splitOutsideQuotes(raw, ',').map((v) => v.replace(/^"|"$/g, '').trim());
    params[key] = [...(params[key] ?? []), ...values.filter(Boolean)];
  }
  let value = line.slice(colon + 1);
  if ((params.ENCODING ?? []).some((e) => e.toUpperCase() === 'QUOTED-PRINTABLE'))
    value = decodeQuotedPrintable(value, params.CHARSET?.[0] ?? 'utf-8');
  return { name, params, value };
};

/** vCard 2.1 quoted-printable (soft line breaks already joined by the unfolder). */
export const decodeQuotedPrintable = (value: string, charset: string): string => {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const hex = value.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
  }
  const enc = iconv.encodingExists(charset) ? charset : 'utf-8';
  return iconv.decode(Buffer.from(bytes), enc);
};

/** Splits a structured value (N, ADR, ORG) on unescaped `sep`, then unescapes each component. */
export const splitValue = (value: string, sep: ';' | ','): string[] => {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      cur += ch + value[i + 1];
      i++;
    } else if (ch === sep) {
      out.push(unescapeValue(cur));
      cur = '';
    } else cur += ch;
  }
  out.push(unescapeValue(cur));
  return out;
};

/** RFC 6350 §3.4 escapes: \n \N → newline, \, \; \\ → the character itself. */
export const unescapeValue = (value: string): string =>
  value.includes('\\')
    ? value.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
    : value;

/** TYPE parameter values worth keeping (work, home, cell, …): 'internet' and 'pref' say nothing useful. */
export const typeOf = (params: Record<string, string[]>): string =>
  [...new Set((params.TYPE ?? []).map((t) => t.toLowerCase()))]
    .filter((t) => t !== 'internet' && t !== 'pref' && t !== 'x400')
    .join(',');
