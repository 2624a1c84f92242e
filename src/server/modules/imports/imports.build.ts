import { createCompanyInput, updateCompanyInput } from '../../../shared/companies.ts';
import { createContactInput, updateContactInput } from '../../../shared/contacts.ts';
import type { ImportEntity, ImportSettings } from '../../../shared/imports.ts';
import { issueProblem } from './imports.problems.ts';
import { type RowProblem, rowProblem } from './parse/index.ts';

/** What one row becomes: the record's fields (create and update see the same), its company link, problems. */
export type BuiltRow = {
  rowNo: number;
  /** Validated fields as the create/update contracts take them (only what the row gave). */
  fields: Record<string, unknown>;
  /** For contacts: the company to link, by name and/or domain. */
  company: { name?: string; domain?: string } | null;
  problems: RowProblem[];
};

export type BuildEnv = {
  entity: ImportEntity;
  settings: ImportSettings;
  /** Active users by lower-cased e-mail, for an owner column. */
  usersByEmail: Map<string, string>;
};

const languageNames: Record<string, string> = {
  english: 'en',
  anglais: 'en',
  englisch: 'en',
  engelsk: 'en',
  french: 'fr',
  francais: 'fr',
  français: 'fr',
  französisch: 'fr',
  fransk: 'fr',
  german: 'de',
  allemand: 'de',
  deutsch: 'de',
  tysk: 'de',
  danish: 'da',
  danois: 'da',
  dänisch: 'da',
  dansk: 'da',
  swedish: 'sv',
  svenska: 'sv',
  svensk: 'sv',
  schwedisch: 'sv',
  suédois: 'sv',
  norwegian: 'no',
  norsk: 'no',
  dutch: 'nl',
  nederlands: 'nl',
  spanish: 'es',
  español: 'es',
  italian: 'it',
  italiano: 'it',
  polish: 'pl',
  polski: 'pl',
  finnish: 'fi',
  suomi: 'fi',
};

function language(v: string): string | null {
  const s = v.trim().toLowerCase();
  if (/^[a-z]{2}([-_][a-z]{2})?$/.test(s)) return s.slice(0, 2);
  return languageNames[s] ?? null;
}

/** example.com from "https://www.Example.com/about", "www.example.com" or "info@example.com". */
export function normaliseDomain(v: string): string {
  let s = v.trim().toLowerCase();
  if (s.includes('@') && !s.includes('/')) s = s.slice(s.lastIndexOf('@') + 1);
  s = s.replace(/^[a-z]+:\/\//, '').replace(/^www\./, '');
  return s.split(/[/?#:]/)[0] ?? '';
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Contract paths back to the mapped field the user knows (`emails.1.address` → `email2`). */
function fieldOfPath(path: string, entity: ImportEntity): string {
  const [head, index, leaf] = path.split('.');
  if (head === 'emails') return index === '1' && entity === 'contacts' ? 'email2' : 'email';
  if (head === 'phones') return entity === 'contacts' && index === '1' ? 'mobile' : 'phone';
  if (head === 'addresses') return leaf ?? 'country';
  if (head === 'ownerId') return 'ownerEmail';
  return path;
}

/**
 * Turns a mapped row (target key → parsed value) into the fields of a contact or company and validates
 * them with the same contract the API uses, so an imported record is never one the API would refuse.
 */
export function buildRow(
  rowNo: number,
  mapped: Record<string, unknown>,
  problems: RowProblem[],
  env: BuildEnv,
): BuiltRow {
  const out: Record<string, unknown> = {};
  const more: RowProblem[] = [...problems];
  const contacts = env.entity === 'contacts';
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapped)) {
    if (key.startsWith('custom.')) custom[key.slice(7)] = value;
  }
  if (Object.keys(custom).length) out.custom = custom;

  const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const emails = [mapped.email, ...(contacts ? [mapped.email2] : []), ...listOf(mapped.otherEmails)]
    .map(str)
    .filter((e): e is string => Boolean(e));
  if (emails.length)
    out.emails = [...new Set(emails.map((e) => e.toLowerCase()))].map((address, i) => ({
      address: emails.find((e) => e.toLowerCase() === address) ?? address,
      label: i === 0 ? 'work' : 'other',
    }));
  const phones: { number: string; label: string }[] = [];
  for (const number of listOf(mapped.phone).map(str))
    if (number) phones.push({ number, label: phones.length ? 'other' : 'work' });
  if (contacts && str(mapped.mobile)) phones.push({ number: mapped.mobile as string, label: 'mobile' });
  if (phones.length) out.phones = phones;

  const addressParts = ['street', 'postalCode', 'city', 'region'] as const;
  const hasAddress = addressParts.some((p) => str(mapped[p]));
  const country = str(mapped.country) ?? (hasAddress ? env.settings.defaultCountry : null) ?? undefined;
  if (hasAddress || str(mapped.country)) {
    if (!country) more.push(rowProblem(rowNo, 'country', 'address_country_missing'));
    else
      out.addresses = [
        {
          label: 'work',
          street: str(mapped.street) ?? '',
          postalCode: str(mapped.postalCode) ?? '',
          city: str(mapped.city) ?? '',
          region: str(mapped.region) ?? '',
          country,
        },
      ];
  }

  const tags = [...env.settings.tags, ...((mapped.tags as string[] | undefined) ?? [])];
  if (tags.length) {
    const seen = new Set<string>();
    out.tags = tags.filter((tag) => {
      const k = tag.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  const owner = str(mapped.ownerEmail);
  if (owner) {
    const id = env.usersByEmail.get(owner.toLowerCase());
    if (id) out.ownerId = id;
    else more.push(rowProblem(rowNo, 'ownerEmail', 'owner_unknown', { email: owner }));
  }
  for (const k of ['lifecycleStage', 'customerSince', 'description', 'externalId'] as const)
    if (mapped[k] !== undefined && mapped[k] !== '') out[k] = mapped[k];

  let company: BuiltRow['company'] = null;
  if (contacts) {
    for (const k of ['firstName', 'lastName', 'jobTitle', 'birthday', 'preferredChannel', 'source'] as const)
      if (mapped[k] !== undefined && mapped[k] !== '') out[k] = mapped[k];
    if (str(mapped.language)) {
      const lang = language(mapped.language as string);
      if (lang) out.language = lang;
      else more.push(rowProblem(rowNo, 'language', 'language_unknown', { value: String(mapped.language) }));
    }
    const name = str(mapped.companyName)?.trim();
    const domain = str(mapped.companyDomain) ? normaliseDomain(mapped.companyDomain as string) : undefined;
    if (name || domain) company = { name, domain };
  } else {
    for (const k of ['name', 'industry', 'employees', 'vatId'] as const)
      if (mapped[k] !== undefined && mapped[k] !== '') out[k] = mapped[k];
    if (str(mapped.domain)) out.domain = normaliseDomain(mapped.domain as string);
    if (str(mapped.website)) {
      const w = (mapped.website as string).trim();
      out.website = /^https?:\/\//i.test(w) ? w : `https://${w}`;
      // The domain links people to the company by their e-mail addresses: take it from the website.
      if (!out.domain) out.domain = normaliseDomain(w);
    }
  }

  // The API's own contract decides what a valid record is. Creating needs a name (or an e-mail); an update
  // only needs what the row gives to be valid, so both are checked and the writer picks.
  const schema = contacts ? updateContactInput : updateCompanyInput;
  const parsed = schema.safeParse(out);
  const fields: Record<string, unknown> = parsed.success ? (parsed.data as Record<string, unknown>) : out;
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      more.push({ rowNo, field: fieldOfPath(issue.path.join('.'), env.entity), ...issueProblem(issue) });
  return { rowNo, fields, company, problems: more };
}

/** Whether the fields are enough for a new record (a contact needs a name or an e-mail, a company a name). */
export function creatable(row: BuiltRow, entity: ImportEntity): RowProblem | null {
  const input = { ...row.fields, ...(entity === 'companies' ? {} : {}) };
  const r = (entity === 'contacts' ? createContactInput : createCompanyInput).safeParse(input);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  return { rowNo: row.rowNo, field: fieldOfPath(issue.path.join('.'), entity), ...issueProblem(issue) };
}
