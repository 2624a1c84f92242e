import { randomId } from '@mantine/hooks';
import type { AddressEntry, contactLabels, EmailEntry, PhoneEntry } from '../../../shared/crm.ts';
import { type CustomFieldDto, isEmptyValue } from '../../../shared/custom-fields.ts';
import { toMajor, toMinor } from '../../lib/money.ts';

type Label = (typeof contactLabels)[number];
export type EmailRow = { key: string; address: string; label: Label };
export type PhoneRow = { key: string; number: string; label: Label };
export type AddressRow = {
  key: string;
  label: Label;
  street: string;
  postalCode: string;
  city: string;
  region: string;
  country: string | null;
};
export type MoneyInput = { amount: number | ''; currency: string };
export type CustomFormValue = string | number | boolean | string[] | MoneyInput | null;

/**
 * One value shape for both record forms (contacts use the person fields, companies the account
 * fields), so the shared form parts take a single, fully typed form instead of generics over paths.
 */
export type RecordFormValues = {
  firstName: string;
  lastName: string;
  companyId: string | null;
  jobTitle: string;
  birthday: string | null;
  language: string | null;
  preferredChannel: string | null;
  source: string;
  /** Price list group (contacts and companies). */
  customerGroup: string;
  vatId: string;
  name: string;
  domain: string;
  website: string;
  industry: string;
  employees: number | '';
  emails: EmailRow[];
  phones: PhoneRow[];
  addresses: AddressRow[];
  ownerId: string | null;
  tags: string[];
  lifecycleStage: string | null;
  relationshipType: string | null;
  relationshipStage: string | null;
  customerSince: string | null;
  description: string;
  custom: Record<string, CustomFormValue>;
};

export const DEFAULT_CURRENCY = 'EUR';

export function customToForm(def: CustomFieldDto, v: unknown): CustomFormValue {
  switch (def.type) {
    case 'integer':
    case 'decimal':
      return typeof v === 'number' ? v : '';
    case 'money': {
      const m = v as { amount: number; currency: string } | null | undefined;
      return m
        ? { amount: toMajor(m.amount, m.currency), currency: m.currency }
        : { amount: '', currency: DEFAULT_CURRENCY };
    }
    case 'boolean':
      return v === true;
    case 'multi_select':
      return Array.isArray(v) ? v.map(String) : [];
    case 'date':
    case 'select':
      return typeof v === 'string' && v ? v : null;
    default:
      return typeof v === 'string' ? v : '';
  }
}

/** A form value back to what the API stores; `null` clears the field. */
export function customFromForm(def: CustomFieldDto, v: CustomFormValue | undefined): unknown {
  if (def.type === 'money') {
    const m = v as MoneyInput | undefined;
    return m && typeof m.amount === 'number'
      ? {
          amount: toMinor(m.amount, m.currency || DEFAULT_CURRENCY),
          currency: m.currency || DEFAULT_CURRENCY,
        }
      : null;
  }
  if (def.type === 'boolean') return v === true;
  if (typeof v === 'string') return v.trim() === '' ? null : def.type === 'long_text' ? v : v.trim();
  return isEmptyValue(v) ? null : v;
}

export function emptyFormValues(defs: CustomFieldDto[]): RecordFormValues {
  return {
    firstName: '',
    lastName: '',
    companyId: null,
    jobTitle: '',
    birthday: null,
    language: null,
    preferredChannel: null,
    source: '',
    customerGroup: '',
    vatId: '',
    name: '',
    domain: '',
    website: '',
    industry: '',
    employees: '',
    emails: [{ key: randomId(), address: '', label: 'work' }],
    phones: [],
    addresses: [],
    ownerId: null,
    tags: [],
    lifecycleStage: null,
    relationshipType: null,
    relationshipStage: null,
    customerSince: null,
    description: '',
    custom: Object.fromEntries(defs.map((d) => [d.key, customToForm(d, undefined)])),
  };
}

type CrmDto = {
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  ownerId: string | null;
  tags: string[];
  lifecycleStage: string | null;
  relationshipType: string | null;
  relationshipStage: string | null;
  customerSince: string | null;
  description: string | null;
  custom: Record<string, unknown>;
};

/** The fields contacts and companies share, from a record into the form. */
export function crmToForm(d: CrmDto, defs: CustomFieldDto[]): Partial<RecordFormValues> {
  return {
    emails: d.emails.map((e) => ({ key: randomId(), address: e.address, label: e.label })),
    phones: d.phones.map((p) => ({ key: randomId(), number: p.number, label: p.label })),
    addresses: d.addresses.map((a) => ({
      key: randomId(),
      label: a.label,
      street: a.street,
      postalCode: a.postalCode,
      city: a.city,
      region: a.region,
      country: a.country,
    })),
    ownerId: d.ownerId,
    tags: d.tags,
    lifecycleStage: d.lifecycleStage,
    relationshipType: d.relationshipType,
    relationshipStage: d.relationshipStage,
    customerSince: d.customerSince,
    description: d.description ?? '',
    custom: Object.fromEntries(defs.map((def) => [def.key, customToForm(def, d.custom[def.key])])),
  };
}

const nullable = (s: string) => (s.trim() === '' ? null : s.trim());

/** The shared fields from the form into an API body (every field; the diff picks what changed). */
export function crmPayload(v: RecordFormValues, defs: CustomFieldDto[]) {
  return {
    emails: v.emails.map((e) => ({ address: e.address.trim(), label: e.label })),
    phones: v.phones.map((p) => ({ number: p.number.trim(), label: p.label })),
    addresses: v.addresses.map((a) => ({
      label: a.label,
      street: a.street.trim(),
      postalCode: a.postalCode.trim(),
      city: a.city.trim(),
      region: a.region.trim(),
      country: a.country ?? '',
    })),
    ownerId: v.ownerId,
    tags: v.tags,
    lifecycleStage: v.lifecycleStage,
    relationshipType: v.relationshipType,
    relationshipStage: v.relationshipStage,
    customerSince: v.customerSince,
    description: nullable(v.description),
    custom: Object.fromEntries(defs.map((d) => [d.key, customFromForm(d, v.custom[d.key])])),
  };
}

export { nullable };

/** Rows the user added but left blank are dropped before sending (so error paths keep their indexes). */
export function pruneEmptyRows(v: RecordFormValues): RecordFormValues {
  return {
    ...v,
    emails: v.emails.filter((e) => e.address.trim() !== ''),
    phones: v.phones.filter((p) => p.number.trim() !== ''),
    addresses: v.addresses.filter(
      (a) => [a.street, a.postalCode, a.city, a.region].some((x) => x.trim() !== '') || a.country,
    ),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only what changed, for PATCH; custom fields key by key (the API merges them). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === 'custom') {
      const b = (before.custom ?? {}) as Record<string, unknown>;
      const a = v as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(a).filter(([ck, cv]) => !same(b[ck], cv)));
      if (Object.keys(changed).length) out.custom = changed;
    } else if (!same(before[k], v)) out[k] = v;
  }
  return out;
}
