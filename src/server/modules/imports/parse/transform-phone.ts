import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { fail, ok, type Result } from './types.ts';

/**
 * Parses a phone number to E.164 ('+4520123456'). A leading 00 is read as the international prefix (as in
 * all of Europe) even without a default country; otherwise national numbers need `defaultCountry`.
 * A number is kept when it is *possible* for its country (right length and shape). libphonenumber's
 * stricter validity check knows which ranges are assigned today, but refusing a customer's real number
 * because a range list is out of date would lose data, so it only decides the E.164 form.
 * Extensions are kept in RFC 3966 form ('+4930123456;ext=12'): dropping them would lose data a salesperson
 * needs; use `splitPhoneExtension` to separate them.
 */
export const parsePhone = (raw: string, defaultCountry?: string): Result<string> => {
  const s = raw
    .trim()
    .replace(/^tel:/i, '')
    .replace(/^00(?=[1-9])/, '+')
    .replace(/^\+\s*\(0\)/, '+'); // "+49 (0)30 …": the trunk zero in brackets is not dialled from abroad
  if (!/\d/.test(s)) return fail('phone_not_number', { value: raw });
  const country = defaultCountry?.toUpperCase() as CountryCode | undefined;
  try {
    const phone = parsePhoneNumberWithError(s, country ? { defaultCountry: country } : undefined);
    if (!phone.isPossible()) return fail('phone_invalid', { value: raw });
    return ok(phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number);
  } catch {
    return fail(country || s.startsWith('+') ? 'phone_invalid' : 'phone_no_country', { value: raw });
  }
};

/** '+4930123456;ext=12' → { number: '+4930123456', ext: '12' }. */
export const splitPhoneExtension = (e164: string): { number: string; ext: string | null } => {
  const [number = '', ext] = e164.split(';ext=');
  return { number, ext: ext ?? null };
};
