/** Accent-, case- and punctuation-insensitive key for matching words typed by people in four languages. */
export const foldKey = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .replace(/œ/g, 'oe')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** foldKey without spaces: 'E-Mail-Adresse' and 'email adresse' meet as 'emailadresse'. */
export const compactKey = (s: string): string => foldKey(s).replace(/ /g, '');
