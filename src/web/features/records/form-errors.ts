import { useTranslation } from 'react-i18next';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import type { FieldError } from '../../../shared/problem.ts';
import type { RecordFormValues } from './form-values.ts';

/** Every path the record form shows an input (or a list error) for, given its current rows. */
export function renderedPaths(
  v: RecordFormValues,
  scalars: readonly string[],
  defs: CustomFieldDto[],
): Set<string> {
  const paths = new Set<string>([
    ...scalars,
    'emails',
    'phones',
    'addresses',
    'tags',
    'ownerId',
    'lifecycleStage',
    'relationshipType',
    'relationshipStage',
    'customerSince',
    'description',
  ]);
  v.emails.forEach((_, i) => {
    paths.add(`emails.${i}.address`);
    paths.add(`emails.${i}.label`);
  });
  v.phones.forEach((_, i) => {
    paths.add(`phones.${i}.number`);
    paths.add(`phones.${i}.label`);
  });
  v.addresses.forEach((_, i) => {
    for (const f of ['label', 'street', 'postalCode', 'city', 'region', 'country'])
      paths.add(`addresses.${i}.${f}`);
  });
  for (const d of defs) {
    if (d.type === 'money') {
      paths.add(`custom.${d.key}.amount`);
      paths.add(`custom.${d.key}.currency`);
    } else paths.add(`custom.${d.key}`);
  }
  return paths;
}

/** The nearest rendered path of an API error path (`custom.interests.1` → `custom.interests`). */
export function resolvePath(path: string, rendered: Set<string>): string | null {
  const parts = path.replace(/^body\./, '').split('.');
  while (parts.length) {
    const p = parts.join('.');
    if (rendered.has(p)) return p;
    // money errors on the whole value belong to its amount input
    if (rendered.has(`${p}.amount`)) return `${p}.amount`;
    parts.pop();
  }
  return null;
}

/** API field errors → messages in the UI language where the kind of error is known. */
export function useFieldErrorText() {
  const { t } = useTranslation('records');
  return (e: FieldError): string => {
    const path = e.path;
    if (e.code === 'required') return t('validation.required');
    if (e.code === 'not_unique') return t('validation.notUnique');
    if (e.code === 'duplicate') return t('validation.duplicateEmail');
    if (e.code === 'unknown_field') return t('validation.unknownField');
    if (e.code === 'too_big') return t('validation.tooLong');
    if (
      e.code === 'invalid_format' ||
      e.code === 'invalid_string' ||
      e.code === 'custom' ||
      e.code === 'pattern' ||
      e.code === 'format'
    ) {
      if (/\.address$/.test(path) || /^emails/.test(path)) return t('validation.email');
      if (/\.number$/.test(path)) return t('validation.phone');
      if (/\.country$/.test(path)) return t('validation.country');
      if (path === 'website') return t('validation.url');
      if (path === 'domain') return t('validation.domain');
      if (path === 'language') return t('validation.language');
    }
    return e.message;
  };
}

/**
 * Splits API errors into input errors (keyed by form path) and the rest, which the form shows in an
 * alert because no input on screen matches them.
 */
export function splitErrors(errors: FieldError[], rendered: Set<string>, text: (e: FieldError) => string) {
  const byPath: Record<string, string> = {};
  const unknown: { path: string; message: string }[] = [];
  for (const e of errors) {
    const p = resolvePath(e.path, rendered);
    if (p) byPath[p] = byPath[p] ? `${byPath[p]} ${text(e)}` : text(e);
    else unknown.push({ path: e.path, message: text(e) });
  }
  return { byPath, unknown };
}
