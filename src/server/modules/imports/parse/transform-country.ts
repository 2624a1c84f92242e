import { createRequire } from 'node:module';
import { foldKey } from './normalize.ts';
import { fail, ok, type Result } from './types.ts';

type LocaleFile = { locale: string; countries: Record<string, string | string[]> };
type CodesFile = [string, string, string][]; // alpha-2, alpha-3, numeric

// JSON through createRequire: works the same under tsx, Vitest and plain Node, with no import attributes.
const require = createRequire(import.meta.url);
const LOCALES = ['en', 'fr', 'de', 'da'].map(
  (l) => require(`i18n-iso-countries/langs/${l}.json`) as LocaleFile,
);
const CODES = require('i18n-iso-countries/codes.json') as CodesFile;

/** Everyday names the locale files lack (constituent countries, old names, short forms). */
const EXTRA: Record<string, string[]> = {
  GB: [
    'UK',
    'U.K.',
    'Great Britain',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'Angleterre',
    'Grande-Bretagne',
    'Ecosse',
    'Schottland',
    'Skotland',
    'Storbritannien og Nordirland',
    'Vereinigtes Königreich Großbritannien und Nordirland',
  ],
  US: [
    'America',
    'United States',
    'Vereinigte Staaten',
    'Vereinigte Staaten von Amerika',
    'Etats-Unis',
    "Etats-Unis d'Amérique",
    'USA',
    'U.S.',
    'De Forenede Stater',
    'Amerika',
  ],
  NL: ['Holland', 'The Netherlands', 'Nederland', 'Niederlande', 'Pays-Bas'],
  DE: ['BRD', 'Federal Republic of Germany', 'Bundesrepublik Deutschland'],
  CZ: ['Czech Republic', 'Tschechische Republik', 'République tchèque', 'Tjekkiet'],
  KR: ['South Korea', 'Korea', 'Südkorea', 'Corée du Sud', 'Sydkorea'],
  RU: ['Russia', 'Russland', 'Russie', 'Rusland'],
  CH: ['Schweiz', 'Suisse', 'Svizzera', 'Switzerland'],
  FO: ['Faroe Islands', 'Færøerne', 'Faroes'],
  GL: ['Greenland', 'Grønland', 'Grönland'],
};

const NAMES: Map<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (name: string, code: string) => {
    const key = foldKey(name);
    if (key && !map.has(key)) map.set(key, code);
    const noArticle = key.replace(/^(the|la|le|les|l|die|der|das) /, '');
    if (noArticle !== key && !map.has(noArticle)) map.set(noArticle, code);
  };
  for (const [code, names] of Object.entries(EXTRA)) for (const n of names) add(n, code);
  for (const locale of LOCALES)
    for (const [code, names] of Object.entries(locale.countries))
      for (const n of Array.isArray(names) ? names : [names]) add(n, code);
  return map;
})();

const ALPHA2 = new Set(CODES.map(([a2]) => a2));
const ALPHA3 = new Map(CODES.map(([a2, a3]) => [a3, a2] as const));

/**
 * A country name or code → ISO 3166-1 alpha-2: alpha-2 and alpha-3 codes, and names in English, French,
 * German and Danish with their common variants, compared accent-, case- and punctuation-insensitively.
 */
export const parseCountry = (raw: string): Result<string> => {
  const trimmed = raw.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && ALPHA2.has(upper)) return ok(upper);
  if (/^[A-Z]{3}$/.test(upper) && ALPHA3.has(upper)) return ok(ALPHA3.get(upper)!);
  const code = NAMES.get(foldKey(trimmed));
  return code ? ok(code) : fail('country_unknown', { value: raw });
};
