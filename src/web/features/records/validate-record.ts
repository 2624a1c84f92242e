import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import { customFromForm, type RecordFormValues } from './form-values.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;

type Msg = { required: string; email: string; phone: string; country: string };

/**
 * The checks the browser can make before sending (the API makes them all again): e-mail and phone
 * shapes, a country on each address, required custom fields on create or when cleared.
 */
export function validateShared(
  v: RecordFormValues,
  defs: CustomFieldDto[],
  creating: boolean,
  changed: Record<string, unknown>,
  msg: Msg,
): Record<string, string> {
  const errors: Record<string, string> = {};
  v.emails.forEach((e, i) => {
    if (!EMAIL.test(e.address.trim())) errors[`emails.${i}.address`] = msg.email;
  });
  v.phones.forEach((p, i) => {
    if (!PHONE.test(p.number.trim())) errors[`phones.${i}.number`] = msg.phone;
  });
  v.addresses.forEach((a, i) => {
    if (!a.country) errors[`addresses.${i}.country`] = msg.country;
  });
  const changedCustom = (changed.custom ?? {}) as Record<string, unknown>;
  for (const d of defs) {
    if (!d.required || (!creating && !(d.key in changedCustom))) continue;
    const value = customFromForm(d, v.custom[d.key]);
    if (value === null || (Array.isArray(value) && value.length === 0))
      errors[d.type === 'money' ? `custom.${d.key}.amount` : `custom.${d.key}`] = msg.required;
  }
  return errors;
}
