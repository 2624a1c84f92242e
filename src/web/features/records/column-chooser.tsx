import {
  ActionIcon,
  Button,
  Checkbox,
  Divider,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Col = { id: string; header: string };
type Props = { columns: Col[]; visible: string[]; onChange: (ids: string[]) => void; onReset: () => void };

/**
 * Pick and order the list's columns (standard and custom fields); the choice is kept with the list
 * (and in a saved view). The record's name column is not offered: it always leads.
 */
export function ColumnChooser({ columns, visible, onChange, onReset }: Props) {
  const { t } = useTranslation('records');
  const [search, setSearch] = useState('');
  const byId = new Map(columns.map((c) => [c.id, c]));
  const shown = visible.filter((id) => byId.has(id));
  const hidden = columns
    .filter((c) => !shown.includes(c.id))
    .sort((a, b) => a.header.localeCompare(b.header));
  const match = (c: Col) => !search || c.header.toLowerCase().includes(search.toLowerCase());
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= shown.length) return;
    const next = [...shown];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  return (
    <Popover position="bottom-end" width={320} shadow="md">
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />}>
          {t('columns.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            size="xs"
            leftSection={<IconSearch size={14} />}
            aria-label={t('columns.search')}
            placeholder={t('columns.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
            <Stack gap={4}>
              <Text size="xs" c="dimmed" fw={600}>
                {t('columns.shown')}
              </Text>
              {shown.map((id, i) => {
                const c = byId.get(id)!;
                if (!match(c)) return null;
                return (
                  <Group key={c.id} justify="space-between" wrap="nowrap" gap={4}>
                    <Checkbox
                      size="xs"
                      label={c.header}
                      checked
                      onChange={() => onChange(shown.filter((x) => x !== c.id))}
                    />
                    <Group gap={0} wrap="nowrap">
                      <ActionIcon
                        size="sm"
                        variant="transparent"
                        color="gray"
                        disabled={i === 0}
                        aria-label={t('columns.moveUp', { name: c.header })}
                        onClick={() => move(i, -1)}
                      >
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="transparent"
                        color="gray"
                        disabled={i === shown.length - 1}
                        aria-label={t('columns.moveDown', { name: c.header })}
                        onClick={() => move(i, 1)}
                      >
                        <IconArrowDown size={14} />
                      </ActionIcon>
                    </Group>
                  </Group>
                );
              })}
              {hidden.some(match) && <Divider my={4} />}
              {hidden.filter(match).map((c) => (
                <Checkbox
                  key={c.id}
                  size="xs"
                  label={c.header}
                  checked={false}
                  onChange={() => onChange([...shown, c.id])}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Button variant="subtle" size="xs" color="gray" onClick={onReset}>
            {t('columns.reset')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
