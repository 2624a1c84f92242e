import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type CustomFieldDto, labelOf } from '../../../shared/custom-fields.ts';
import { api } from '../../lib/api.ts';
import type { EntityKind } from './record-types.ts';

export const customFieldsKey = (entity: EntityKind) => ['custom-fields', entity] as const;

/** Custom field definitions of an entity, in their admin-defined order. */
export function useCustomFields(entity: EntityKind) {
  const q = useQuery({
    queryKey: customFieldsKey(entity),
    queryFn: ({ signal }) => api<{ data: CustomFieldDto[] }>(`/custom-fields?entity=${entity}`, { signal }),
    staleTime: 5 * 60_000,
  });
  const defs = [...(q.data?.data ?? [])].sort(
    (a, b) => a.position - b.position || a.key.localeCompare(b.key),
  );
  return { defs, isPending: q.isPending, error: q.error };
}

/** The label of a custom field in the UI language (English when not translated). */
export function useCustomLabel() {
  const { i18n } = useTranslation();
  return (def: Pick<CustomFieldDto, 'labels'>) => labelOf(def.labels, i18n.language);
}

/** The label of one option of a (multi-)select field. */
export function optionLabel(def: Pick<CustomFieldDto, 'options'>, value: string, lng: string): string {
  const o = def.options.find((x) => x.value === value);
  return o ? labelOf(o.labels, lng) : value;
}
