import type { CompanyDto } from '../../../shared/companies.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import {
  crmPayload,
  crmToForm,
  emptyFormValues,
  nullable,
  type RecordFormValues,
} from '../records/form-values.ts';

export const companyScalars = [
  'name',
  'domain',
  'website',
  'industry',
  'employees',
  'vatId',
  'customerGroup',
] as const;

export function companyToForm(
  c: CompanyDto | null,
  defs: CustomFieldDto[],
  preset: Partial<RecordFormValues> = {},
): RecordFormValues {
  const v: RecordFormValues = { ...emptyFormValues(defs), emails: [], ...preset };
  if (c) {
    Object.assign(v, crmToForm(c, defs), {
      name: c.name,
      domain: c.domain ?? '',
      website: c.website ?? '',
      industry: c.industry ?? '',
      employees: c.employees ?? '',
      vatId: c.vatId ?? '',
      customerGroup: c.customerGroup ?? '',
    });
  }
  return v;
}

/** "example.com" typed as a website becomes "https://example.com"; the domain is taken from it if empty. */
export function normaliseWebsite(s: string): string {
  const v = s.trim();
  if (!v) return '';
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
}

export function domainOf(website: string): string {
  try {
    return new URL(normaliseWebsite(website)).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function companyPayload(v: RecordFormValues, defs: CustomFieldDto[]): Record<string, unknown> {
  return {
    name: v.name.trim(),
    domain: nullable(v.domain.toLowerCase()),
    website: nullable(normaliseWebsite(v.website)),
    industry: nullable(v.industry),
    employees: typeof v.employees === 'number' ? v.employees : null,
    vatId: nullable(v.vatId),
    customerGroup: nullable(v.customerGroup),
    ...crmPayload(v, defs),
  };
}
