import { decodeChunks } from './encoding.ts';
import { fileChunks, splitLines } from './file-io.ts';
import { MAX_FIELD_BYTES } from './limits.ts';
import { type RowProblem, rowProblem, type SourceRow } from './types.ts';
import { type ContentLine, parseContentLine, splitValue, typeOf, unescapeValue } from './vcard-line.ts';

/** Canonical column order for keys derived from vCards. */
const ORDER = [
  'fn',
  'n.',
  'org',
  'title',
  'email.',
  'tel.',
  'adr.',
  'bday',
  'note',
  'url',
  'categories',
  'lang',
  'uid',
];
const ADR_PARTS = ['street', 'locality', 'region', 'postcode', 'country', 'type'];

/** Sorts vCard keys into a stable, readable order: fn, n.*, org, …, email.1, email.1.type, email.2, … */
export const sortVcardKeys = (keys: Iterable<string>): string[] =>
  [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));

const rank = (key: string): number => {
  const dot = key.indexOf('.');
  // Keys with parts ('n.family', 'email.1.type') rank by their prefix ('n.', 'email.').
  const i = ORDER.indexOf(dot < 0 ? key : key.slice(0, dot + 1));
  if (i < 0) return 1e6;
  const m = /^(?:email|tel|adr)\.(\d+)(?:\.(\w+))?$/.exec(key);
  if (!m) return i * 1e5;
  const part = m[2] === undefined ? 0 : ADR_PARTS.indexOf(m[2]) + 1 || 9;
  return i * 1e5 + Number(m[1]) * 10 + part;
};

/** Applies one content line to the card being built. */
const apply = (card: Record<string, string>, counters: Record<string, number>, line: ContentLine) => {
  const { name, params, value } = line;
  const setOnce = (key: string, v: string) => {
    if (v && card[key] === undefined) card[key] = v;
  };
  switch (name) {
    case 'FN':
      return setOnce('fn', unescapeValue(value));
    case 'N': {
      const [family = '', given = ''] = splitValue(value, ';');
      setOnce('n.family', family.trim());
      return setOnce('n.given', given.trim());
    }
    case 'ORG':
      return setOnce('org', splitValue(value, ';')[0]!.trim());
    case 'TITLE':
    case 'NOTE':
    case 'LANG':
    case 'UID':
    case 'URL':
      return setOnce(name.toLowerCase(), unescapeValue(value).trim());
    case 'BDAY':
      // Compact ISO 8601 (19900315) as vCard 3 writes it → 1990-03-15 so date parsing needs no special case.
      return setOnce('bday', value.trim().replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'));
    case 'CATEGORIES':
      return setOnce(
        'categories',
        splitValue(value, ',')
          .map((c) => c.trim())
          .filter(Boolean)
          .join(', '),
      );
    case 'EMAIL':
    case 'TEL': {
      const v = unescapeValue(value).trim().replace(/^tel:/i, '');
      if (!v) return;
      const key = name.toLowerCase();
      const n = (counters[key] ?? 0) + 1;
      counters[key] = n;
      card[`${key}.${n}`] = v;
      const type = typeOf(params);
      if (type) card[`${key}.${n}.type`] = type;
      return;
    }
    case 'ADR': {
      const [, ext = '', street = '', locality = '', region = '', postcode = '', country = ''] = splitValue(
        value,
        ';',
      );
      const parts = {
        street: [street, ext].filter((s) => s.trim()).join(', '),
        locality,
        region,
        postcode,
        country,
      };
      if (!Object.values(parts).some((p) => p.trim())) return;
      const n = (counters.adr ?? 0) + 1;
      counters.adr = n;
      for (const [k, v] of Object.entries(parts)) if (v.trim()) card[`adr.${n}.${k}`] = v.trim();
      const type = typeOf(params);
      if (type) card[`adr.${n}.type`] = type;
      return;
    }
  }
};

/**
 * Streams vCards (2.1, 3.0, 4.0) as rows numbered by the card's ordinal. Lines are unfolded (RFC 6350 §3.2
 * and vCard 2.1 quoted-printable soft breaks); oversized values of properties we do not import (PHOTO) are
 * dropped while reading so an embedded picture cannot blow the memory budget.
 */
export async function* readVcard(
  path: string,
  encoding: string,
  onProblem: (p: RowProblem) => void,
): AsyncGenerator<SourceRow> {
  let card: Record<string, string> | null = null;
  let counters: Record<string, number> = {};
  let ordinal = 0;
  let pending: string | null = null;
  let oversized = false;

  const flush = (): SourceRow | null => {
    const line = pending;
    pending = null;
    const big = oversized;
    oversized = false;
    if (line === null) return null;
    const parsed = parseContentLine(line);
    if (!parsed) return null;
    if (parsed.name === 'BEGIN' && parsed.value.trim().toUpperCase() === 'VCARD') {
      if (card) onProblem(rowProblem(ordinal, null, 'vcard_unterminated'));
      card = {};
      counters = {};
      ordinal++;
    } else if (parsed.name === 'END' && parsed.value.trim().toUpperCase() === 'VCARD' && card) {
      const values = card;
      card = null;
      return { rowNo: ordinal, values };
    } else if (card) {
      if (big && KNOWN.has(parsed.name))
        onProblem(rowProblem(ordinal, parsed.name.toLowerCase(), 'value_too_large'));
      else if (!big) apply(card, counters, parsed);
    }
    return null;
  };

  for await (const { line } of splitLines(decodeChunks(fileChunks(path), encoding))) {
    const continuation = line.startsWith(' ') || line.startsWith('\t');
    const qpSoftBreak =
      pending?.endsWith('=') && /QUOTED-PRINTABLE/i.test(pending.slice(0, pending.indexOf(':')));
    if (pending !== null && (continuation || qpSoftBreak)) {
      if (pending.length + line.length > MAX_FIELD_BYTES) oversized = true;
      else pending = continuation ? pending + line.slice(1) : pending.slice(0, -1) + line;
      continue;
    }
    const row = flush();
    if (row) yield row;
    pending = line;
  }
  const row = flush();
  if (row) yield row;
  if (card) onProblem(rowProblem(ordinal, null, 'vcard_unterminated_eof'));
}

const KNOWN = new Set([
  'FN',
  'N',
  'ORG',
  'TITLE',
  'NOTE',
  'LANG',
  'UID',
  'URL',
  'BDAY',
  'CATEGORIES',
  'EMAIL',
  'TEL',
  'ADR',
]);
