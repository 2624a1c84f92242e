import type { ContactDto } from '../../../shared/contacts.ts';

/**
 * vCard 4.0 (RFC 6350) for a contact: names, organisation, title, e-mails, phones and addresses with their
 * labels as TYPE, birthday, categories (tags), note, language, UID and REV. Text is escaped (§3.4) and lines
 * are folded at 75 octets without splitting a UTF-8 character (§3.2), lines end in CRLF.
 */

/**
 * Escapes a TEXT value (§3.4): backslash, comma and newlines always; semicolons only in a field of a
 * compound property (N, ADR, ORG), where the RFC requires it (elsewhere it is optional, and some readers
 * keep the backslash).
 */
export function escapeText(v: string, compound = false): string {
  const s = v
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
  return compound ? s.replace(/;/g, '\\;') : s;
}
const field = (v: string) => escapeText(v, true);

/** Folds one content line to at most 75 octets a line; continuation lines start with one space. */
export function foldLine(line: string): string {
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Rapport's labels as vCard TYPE values (`cell` for mobile; the others as x-names so they come back). */
const typeOf: Record<string, string> = {
  work: 'work',
  home: 'home',
  mobile: 'cell',
  other: 'x-other',
  billing: 'x-billing',
  shipping: 'x-shipping',
  main: 'x-main',
};
const typeParam = (label: string | undefined, extra = '') =>
  `;TYPE=${extra}${typeOf[label ?? 'work'] ?? 'work'}`;

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

/** One contact as a vCard 4.0 (CRLF line ends, folded). */
export function contactToVcard(c: ContactDto): string {
  const fn = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.emails[0]?.address || 'Contact';
  const lines: string[] = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'KIND:individual',
    `UID:urn:uuid:${c.id}`,
    `FN:${escapeText(fn)}`,
    `N:${field(c.lastName)};${field(c.firstName)};;;`,
  ];
  if (c.companyName) lines.push(`ORG:${field(c.companyName)}`);
  if (c.jobTitle) lines.push(`TITLE:${escapeText(c.jobTitle)}`);
  c.emails.forEach((e, i) => {
    lines.push(`EMAIL${typeParam(e.label)}${i === 0 ? ';PREF=1' : ''}:${escapeText(e.address)}`);
  });
  c.phones.forEach((p, i) => {
    const voice = p.label === 'mobile' ? 'cell' : (typeOf[p.label] ?? 'work');
    lines.push(`TEL;VALUE=text;TYPE=voice,${voice}${i === 0 ? ';PREF=1' : ''}:${escapeText(p.number)}`);
  });
  for (const a of c.addresses) {
    const parts = ['', '', a.street, a.city, a.region, a.postalCode, a.country].map((x) => field(x ?? ''));
    lines.push(`ADR${typeParam(a.label)}:${parts.join(';')}`);
  }
  if (c.birthday) lines.push(`BDAY:${c.birthday.replace(/-/g, '')}`);
  if (c.language) lines.push(`LANG:${escapeText(c.language)}`);
  if (c.tags.length) lines.push(`CATEGORIES:${c.tags.map((t) => escapeText(t)).join(',')}`);
  if (c.description) lines.push(`NOTE:${escapeText(c.description)}`);
  lines.push(`REV:${stamp(new Date(c.updatedAt).toISOString())}`);
  lines.push('PRODID:-//Rapport//Rapport CRM//EN');
  lines.push('END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** A file name for a contact's vCard. */
export const vcardFileName = (c: ContactDto) =>
  `${
    [c.firstName, c.lastName]
      .filter(Boolean)
      .join(' ')
      .replace(/[\\/:*?"<>|\r\n]+/g, '_') || 'contact'
  }.vcf`;
