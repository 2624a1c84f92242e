import { randomId } from '@mantine/hooks';
import type { ContactDto } from '../../../shared/contacts.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import {
  crmPayload,
  crmToForm,
  emptyFormValues,
  nullable,
  type RecordFormValues,
} from '../records/form-values.ts';

export const contactScalars = [
  'firstName',
  'lastName',
  'companyId',
  'jobTitle',
  'birthday',
  'language',
  'preferredChannel',
  'source',
  'customerGroup',
] as const;

/** A contact (or a new one with some preset values) as form values; always one empty e-mail and phone row to type in. */
export function contactToForm(
  c: ContactDto | null,
  defs: CustomFieldDto[],
  preset: Partial<RecordFormValues> = {},
): RecordFormValues {
  const v: RecordFormValues = { ...emptyFormValues(defs), ...preset };
  if (c) {
    Object.assign(v, crmToForm(c, defs), {
      firstName: c.firstName,
      lastName: c.lastName,
      companyId: c.companyId,
      jobTitle: c.jobTitle ?? '',
      birthday: c.birthday,
      language: c.language,
      preferredChannel: c.preferredChannel,
      source: c.source ?? '',
      customerGroup: c.customerGroup ?? '',
    });
  }
  return withBlankRows(v);
}

/** The contact form always offers one e-mail and one phone input to type in. */
export function withBlankRows(v: RecordFormValues): RecordFormValues {
  return {
    ...v,
    emails: v.emails.length ? v.emails : [{ key: randomId(), address: '', label: 'work' }],
    phones: v.phones.length ? v.phones : [{ key: randomId(), number: '', label: 'work' }],
  };
}

export function contactPayload(v: RecordFormValues, defs: CustomFieldDto[]): Record<string, unknown> {
  return {
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    companyId: v.companyId,
    jobTitle: nullable(v.jobTitle),
    birthday: v.birthday,
    language: v.language,
    preferredChannel: v.preferredChannel,
    source: nullable(v.source),
    customerGroup: nullable(v.customerGroup),
    ...crmPayload(v, defs),
  };
}
