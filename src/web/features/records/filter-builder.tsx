import { ActionIcon, Badge, Button, Group, Popover, Select, Stack, Text } from '@mantine/core';
import { IconFilter, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { opsByType } from '../../../shared/filters.ts';
import { type FilterField, useOpLabel } from './filter-fields.ts';
import { FilterValueInput } from './filter-value-input.tsx';
import { type Condition, conditionId, isComplete, listOps } from './list-state.ts';

type Props = {
  fields: FilterField[];
  conditions: Condition[];
  onChange: (c: Condition[]) => void;
  opened: boolean;
  onOpenedChange: (o: boolean) => void;
};

/** "Where <field> <operator> <value>" rows, all of which must hold (AND); applied as you edit. */
export function FilterBuilder({ fields, conditions, onChange, opened, onOpenedChange }: Props) {
  const { t } = useTranslation('records');
  const opLabel = useOpLabel();
  const active = conditions.filter(isComplete).length;
  useOutsideClose(opened, () => onOpenedChange(false));
  const update = (id: string, patch: Partial<Condition>) =>
    onChange(conditions.map((c) => (c.id === id ? { ...c, ...patch } : c)));
  const add = () => onChange([...conditions, { id: conditionId(), field: '', op: 'eq' }]);
  const fieldData = [
    {
      group: t('filter.standardFields'),
      items: fields.filter((f) => !f.custom && !f.score).map((f) => ({ value: f.key, label: f.label })),
    },
    {
      group: t('filter.scoreFields'),
      items: fields.filter((f) => f.score).map((f) => ({ value: f.key, label: f.label })),
    },
    {
      group: t('filter.customFields'),
      items: fields.filter((f) => f.custom).map((f) => ({ value: f.key, label: f.label })),
    },
  ].filter((g) => g.items.length);

  return (
    <Popover
      opened={opened}
      onChange={onOpenedChange}
      position="bottom-start"
      width={680}
      shadow="md"
      trapFocus={false}
      closeOnEscape
      closeOnClickOutside={false}
    >
      <Popover.Target>
        <Button
          variant={active ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          onClick={() => {
            if (!opened && conditions.length === 0) add();
            onOpenedChange(!opened);
          }}
          rightSection={
            active ? (
              <Badge size="xs" circle>
                {active}
              </Badge>
            ) : undefined
          }
          aria-expanded={opened}
          data-filter-toggle
        >
          {t('filter.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw="calc(100vw - 32px)">
        <Stack gap="xs" role="group" aria-label={t('filter.title')}>
          <Text size="sm" fw={600}>
            {t('filter.title')}
          </Text>
          {conditions.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('filter.none')}
            </Text>
          )}
          {conditions.map((c, i) => {
            const field = fields.find((f) => f.key === c.field);
            const ops = field ? opsByType[field.type] : [];
            const n = i + 1;
            return (
              <Group key={c.id} gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed" w={48} pt={6} ta="right" style={{ flexShrink: 0 }}>
                  {i === 0 ? t('filter.where') : t('filter.and')}
                </Text>
                <Select
                  comboboxProps={{ keepMounted: false }}
                  aria-label={t('filter.fieldN', { n })}
                  placeholder={t('filter.chooseField')}
                  data={fieldData}
                  value={c.field || null}
                  searchable
                  w={190}
                  style={{ flexShrink: 0 }}
                  onChange={(key) => {
                    const f = fields.find((x) => x.key === key);
                    if (f) update(c.id, { field: f.key, op: opsByType[f.type][0]!, value: undefined });
                  }}
                />
                <Select
                  comboboxProps={{ keepMounted: false }}
                  aria-label={t('filter.operatorN', { n })}
                  data={ops.map((o) => ({ value: o, label: opLabel(o, field?.type) }))}
                  value={field ? c.op : null}
                  disabled={!field}
                  allowDeselect={false}
                  w={160}
                  style={{ flexShrink: 0 }}
                  onChange={(op) => {
                    if (!op) return;
                    const next = op as Condition['op'];
                    const keep = listOps.includes(next) === listOps.includes(c.op);
                    update(c.id, { op: next, value: keep ? c.value : undefined });
                  }}
                />
                {field && (
                  <FilterValueInput
                    field={field}
                    condition={c}
                    label={t('filter.valueN', { n })}
                    onChange={(value) => update(c.id, { value })}
                  />
                )}
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  aria-label={t('filter.removeN', { n })}
                  onClick={() => onChange(conditions.filter((x) => x.id !== c.id))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            );
          })}
          <Group justify="space-between" mt={4}>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
              {t('filter.add')}
            </Button>
            {conditions.length > 0 && (
              <Button variant="subtle" color="gray" size="xs" onClick={() => onChange([])}>
                {t('filter.clearAll')}
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * Closes the panel on a click outside it. Mantine's own click-outside would also fire for the field,
 * operator and date pickers, whose dropdowns live in portals; those are popovers too, so they count as inside.
 */
function useOutsideClose(opened: boolean, close: () => void) {
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    if (!opened) return;
    const onDown = (e: MouseEvent) => {
      const el = e.target as HTMLElement | null;
      if (
        !el?.isConnected ||
        el.closest('.mantine-Popover-dropdown, .mantine-Combobox-dropdown, [data-filter-toggle]')
      )
        return;
      closeRef.current();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [opened]);
}
