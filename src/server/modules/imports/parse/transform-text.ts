import { foldKey } from './normalize.ts';
import { fail, ok, type Result } from './types.ts';

const TRUE = [
  'true',
  'yes',
  'y',
  '1',
  'x',
  'ja',
  'j',
  'oui',
  'o',
  'vrai',
  'sand',
  'sandt',
  'wahr',
  'on',
  '✓',
  '✔',
];
const FALSE = ['false', 'no', 'n', '0', '', 'nej', 'nein', 'non', 'faux', 'falsk', 'falsch', 'off', '-'];
const BOOLEANS = new Map<string, boolean>([
  ...TRUE.map((t) => [t, true] as const),
  ...FALSE.map((f) => [f, false] as const),
]);

/** Yes/no in English, French, German and Danish, plus 1/0, x/'' (a ticked box) and on/off. */
export const parseBoolean = (raw: string): Result<boolean> => {
  const value = BOOLEANS.get(raw.trim().toLowerCase()) ?? BOOLEANS.get(foldKey(raw));
  return value === undefined ? fail('boolean_invalid', { value: raw }) : ok(value);
};

/** Splits on , ; | and newlines, trims, drops empties, de-duplicates case-insensitively (first spelling wins). */
export const parseTags = (raw: string): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of raw.split(/[,;|\r\n]+/)) {
    const tag = part.trim().replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
};

const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/**
 * Trimmed, 'mailto:' and "Name <…>" wrappers removed, domain lower-cased (the local part is case-sensitive
 * in theory, so it is kept). Sane rather than RFC 5322-perfect: one @, a dotted domain of valid labels with
 * a non-numeric top-level domain, no spaces, no leading/trailing/double dots.
 */
export const parseEmail = (raw: string): Result<string> => {
  let s = raw.trim().replace(/^mailto:/i, '');
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle) s = angle[1]!.trim();
  s = s.split('?')[0]!; // mailto:…?subject=
  const at = s.lastIndexOf('@');
  const bad = (): Result<string> => fail('email_invalid', { value: raw });
  if (at <= 0 || s.length > 254) return bad();
  const local = s.slice(0, at);
  const domain = s
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  if (
    local.length > 64 ||
    !LOCAL.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  )
    return bad();
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) return bad();
  return ok(`${local}@${domain}`);
};
