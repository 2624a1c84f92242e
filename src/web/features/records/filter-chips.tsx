import { Button, Group, Pill } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber } from '../../lib/format.ts';
import { CompanyName } from './company-name.tsx';
import { type FilterField, useOpLabel } from './filter-fields.ts';
import { type Condition, isComplete, noValueOps } from './list-state.ts';
import { useUsers } from './use-users.ts';

type Props = {
  fields: FilterField[];
  conditions: Condition[];
  hasAdvanced: boolean;
  onRemove: (id: string) => void;
  onClearAdvanced: () => void;
  onClearAll: () => void;
  onEdit: () => void;
};

/** The active conditions as removable pills under the toolbar, readable at a glance. */
export function FilterChips({
  fields,
  conditions,
  hasAdvanced,
  onRemove,
  onClearAdvanced,
  onClearAll,
  onEdit,
}: Props) {
  const { t } = useTranslation('records');
  const opLabel = useOpLabel();
  const complete = conditions.filter(isComplete);
  if (!complete.length && !hasAdvanced) return null;
  return (
    <Group gap={6} aria-label={t('filter.active')} role="list">
      {hasAdvanced && (
        <Pill
          role="listitem"
          withRemoveButton
          onRemove={onClearAdvanced}
          removeButtonProps={{ 'aria-label': t('filter.removeAdvanced') }}
          size="md"
        >
          {t('filter.advanced')}
        </Pill>
      )}
      {complete.map((c) => {
        const field = fields.find((f) => f.key === c.field);
        return (
          <Pill
            role="listitem"
            key={c.id}
            withRemoveButton
            onRemove={() => onRemove(c.id)}
            removeButtonProps={{ 'aria-label': t('filter.removeChip', { field: field?.label ?? c.field }) }}
            size="md"
            onClick={onEdit}
            style={{ cursor: 'pointer' }}
          >
            <b>{field?.label ?? c.field}</b> {opLabel(c.op, field?.type)}
            {!noValueOps.includes(c.op) && field && (
              <>
                {' '}
                <ConditionValue field={field} value={c.value} />
              </>
            )}
          </Pill>
        );
      })}
      <Button variant="subtle" color="gray" size="compact-xs" onClick={onClearAll}>
        {t('filter.clearAll')}
      </Button>
    </Group>
  );
}

function ConditionValue({ field, value }: { field: FilterField; value: unknown }) {
  const { t, i18n } = useTranslation('records');
  const { nameOf } = useUsers();
  const lng = i18n.language;
  const one = (v: unknown) => {
    const s = String(v);
    if (field.key === 'ownerId') return nameOf(s) ?? s;
    if (field.options) return field.options.find((o) => o.value === s)?.label ?? s;
    if (field.type === 'date' || field.type === 'datetime') return formatDate(s, lng);
    if (field.key === 'score.pAlive')
      return new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(Number(v));
    if (field.type === 'boolean') return v === true || s === 'true' ? t('values.yes') : t('values.no');
    if (field.type === 'money')
      return formatMoney({ amount: Number(v), currency: 'EUR' }, lng)
        .replace(/[^\d.,\s-]/g, '')
        .trim();
    if (field.type === 'integer' || field.type === 'decimal') return formatNumber(Number(v), lng);
    return `“${s}”`;
  };
  if (field.key === 'companyId') {
    const ids = Array.isArray(value) ? value.map(String) : [String(value)];
    return (
      <>
        {ids.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            <CompanyName id={id} plain />
          </span>
        ))}
      </>
    );
  }
  return <>{Array.isArray(value) ? value.map(one).join(', ') : one(value)}</>;
}
