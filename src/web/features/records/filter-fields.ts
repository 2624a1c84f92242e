import { useTranslation } from 'react-i18next';
import { scoreListFields } from '../../../shared/analytics.ts';
import { customFilterType, labelOf } from '../../../shared/custom-fields.ts';
import type { FieldMeta, FieldType } from '../../../shared/filters.ts';
import { type EntityKind, entities } from './record-types.ts';
import { useCustomFields } from './use-custom-fields.ts';

export type Option = { value: string; label: string };
export type FilterField = {
  key: string;
  label: string;
  type: FieldType;
  options?: Option[];
  custom: boolean;
  /** A customer-value score joined from the latest scoring run (`score.<name>`). */
  score?: boolean;
  sortable: boolean;
};

/** Which common-namespace group translates the options of a standard enum field. */
const enumGroups: Record<string, string> = {
  lifecycleStage: 'lifecycle',
  relationshipType: 'relationshipType',
  relationshipStage: 'relationshipStage',
  preferredChannel: 'channel',
};

/** Which analytics group translates the options of a score field. */
const scoreEnumGroups: Record<string, string> = {
  'score.rfmSegment': 'analytics:segments',
  'score.churnBand': 'analytics:band',
};

/** Every field a list can filter (and maybe sort) on: the standard ones, the scores, then the custom ones. */
export function useFilterFields(kind: EntityKind): FilterField[] {
  const { t, i18n } = useTranslation();
  const { defs } = useCustomFields(kind);
  const standard = Object.entries(entities[kind].fields).map(([key, meta]) => ({
    key,
    label: t(`records:fields.${key}`),
    type: meta.type,
    sortable: meta.sortable,
    custom: false,
    options: meta.options?.map((o) => ({
      value: o,
      label: enumGroups[key] ? t(`${enumGroups[key]}.${o}`) : o,
    })),
  }));
  const scores = Object.entries(scoreListFields as Record<string, FieldMeta>).map(([key, meta]) => ({
    key,
    label: t(`records:fields.${key}`),
    type: meta.type,
    sortable: meta.sortable,
    custom: false,
    score: true,
    options: meta.options?.map((o) => ({ value: o, label: t(`${scoreEnumGroups[key]}.${o}`) })),
  }));
  const custom = defs.map((d) => ({
    key: `custom.${d.key}`,
    label: labelOf(d.labels, i18n.language),
    type: customFilterType(d.type),
    sortable: d.type !== 'multi_select' && d.type !== 'long_text',
    custom: true,
    options: d.options.map((o) => ({ value: o.value, label: labelOf(o.labels, i18n.language) })),
  }));
  return [...standard, ...scores, ...custom];
}

/** The operator's words, which for dates read "before/after" rather than "less/greater than". */
export function useOpLabel() {
  const { t } = useTranslation('records');
  return (op: string, type?: FieldType) =>
    (type === 'date' || type === 'datetime') && ['gt', 'gte', 'lt', 'lte'].includes(op)
      ? t(`opsDate.${op}`)
      : t(`ops.${op}`);
}
