/** The value transforms: pure functions from a cell's text to a typed value or a reason it is not one. */
export { parseCountry } from './transform-country.ts';
export { detectDateOrder, parseDate } from './transform-date.ts';
export { splitFullName } from './transform-name.ts';
export { parseDecimal, parseMoneyMinor } from './transform-number.ts';
export { parsePhone, splitPhoneExtension } from './transform-phone.ts';
export { parseBoolean, parseEmail, parseTags } from './transform-text.ts';
