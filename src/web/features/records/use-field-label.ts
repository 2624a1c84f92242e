import { useTranslation } from 'react-i18next';
import { labelOf } from '../../../shared/custom-fields.ts';
import type { EntityKind } from './record-types.ts';
import { useCustomFields } from './use-custom-fields.ts';

/** Label of a field by its API name: standard fields from the translations, custom ones from their definition. */
export function useFieldLabel(kind: EntityKind) {
  const { t, i18n } = useTranslation('records');
  const { defs } = useCustomFields(kind);
  return (field: string): string => {
    if (field.startsWith('custom.')) {
      const key = field.slice(7);
      const def = defs.find((d) => d.key === key);
      return def ? labelOf(def.labels, i18n.language) : key;
    }
    // A company's owner is its account manager (DESIGN.md), and is called so wherever the company appears.
    if (kind === 'company' && field === 'ownerId') return t('fields.accountManager');
    return t(`fields.${field}`, { defaultValue: field });
  };
}
