import { useTranslation } from 'react-i18next';
import { labelOf } from '../../../shared/custom-fields.ts';
import { CustomValue } from './field-value.tsx';
import type { ColumnSpec } from './record-table.tsx';
import type { EntityKind } from './record-types.ts';
import { useCustomFields } from './use-custom-fields.ts';

const widths: Record<string, number> = {
  long_text: 240,
  multi_select: 220,
  url: 220,
  email: 220,
  money: 140,
  boolean: 110,
  date: 130,
  integer: 110,
  decimal: 120,
};

/** One list column per custom field, labelled in the UI language and sortable where the API allows. */
export function useCustomColumns<T extends { custom: Record<string, unknown> }>(
  kind: EntityKind,
): ColumnSpec<T>[] {
  const { i18n } = useTranslation();
  const { defs } = useCustomFields(kind);
  return defs.map((d) => ({
    id: `custom.${d.key}`,
    header: labelOf(d.labels, i18n.language),
    width: widths[d.type] ?? 160,
    sortField: d.type === 'multi_select' || d.type === 'long_text' ? undefined : `custom.${d.key}`,
    cell: (row: T) => <CustomValue def={d} value={row.custom[d.key]} inline />,
  }));
}
