/** Titles dropped from full names (compared lower-cased, without the trailing dot unless it matters). */
const TITLES = new Set([
  'dr',
  'prof',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'sir',
  'dame',
  'mme',
  'mlle',
  'me',
  'herr',
  'frau',
  'hr',
  'fr',
  'fru',
  'frk',
  'ing',
  'dipl',
  'dr.med',
  'dr.-ing',
  'prof.dr',
]);
/** Titles only recognised with their dot: a bare "M" is more likely an initial than "Monsieur". */
const DOTTED_ONLY = new Set(['m.']);

const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'du',
  'des',
  'la',
  'le',
  'af',
  "d'",
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'ten',
  'ter',
  'zu',
  'vom',
  'zum',
  'zur',
  'van der',
  'van den',
  'von der',
  'de la',
]);

const isTitle = (token: string) => {
  const t = token.toLowerCase();
  return DOTTED_ONLY.has(t) || TITLES.has(t.replace(/\.$/, ''));
};

/** Drops leading titles ("Dr. Prof. Hans") while at least one other word remains. */
const dropTitles = (tokens: string[]) => {
  let i = 0;
  while (i < tokens.length - 1 && isTitle(tokens[i]!)) i++;
  return tokens.slice(i);
};

const isUpperWord = (t: string) => t.length > 1 && t === t.toUpperCase() && t !== t.toLowerCase();

/**
 * Splits a full name into first and last name.
 * - "Last, First" (comma) is honoured: "Møller, Mette" → Mette / Møller.
 * - Titles (Dr., Prof., Mr., Mme, Herr, Frau, Hr., Fr., …) are dropped.
 * - The last name starts at the first nobiliary particle after the first word ("Hans-Peter von der Leyen"
 *   → Hans-Peter / von der Leyen), else it is the last word; all middle names stay with the first name.
 * - French "MØLLER Mette" (surname in capitals first) → Mette / MØLLER.
 * - A single word is taken as the last name (firstName ''): last names are what CRMs sort and dedupe by,
 *   and a lone word in a name column is more often a surname than a given name.
 */
export const splitFullName = (full: string): { firstName: string; lastName: string } => {
  const text = full.trim().replace(/\s+/g, ' ');
  if (!text) return { firstName: '', lastName: '' };
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const last = dropTitles(text.slice(0, comma).trim().split(' ').filter(Boolean)).join(' ');
    const first = dropTitles(
      text
        .slice(comma + 1)
        .trim()
        .split(' ')
        .filter(Boolean),
    ).join(' ');
    if (last && first) return { firstName: first, lastName: last };
    return { firstName: '', lastName: last || first };
  }
  const tokens = dropTitles(text.split(' '));
  if (tokens.length === 1) return { firstName: '', lastName: tokens[0]! };
  const upper = tokens.map(isUpperWord);
  if (upper[0] && !upper.every(Boolean)) {
    const n = upper.indexOf(false);
    return { firstName: tokens.slice(n).join(' '), lastName: tokens.slice(0, n).join(' ') };
  }
  let start = tokens.length - 1;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (PARTICLES.has(tokens[i]!.toLowerCase())) {
      start = i;
      break;
    }
  }
  return { firstName: tokens.slice(0, start).join(' '), lastName: tokens.slice(start).join(' ') };
};
