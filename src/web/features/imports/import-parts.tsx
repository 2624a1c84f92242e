import { Badge, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '../../../shared/imports.ts';
import { formatNumber } from '../../lib/format.ts';
import classes from './imports.module.css';

const statusColor: Record<ImportStatus, string> = {
  draft: 'gray',
  dry_running: 'blue',
  queued: 'blue',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  cancelled: 'orange',
  undoing: 'violet',
  undone: 'violet',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation('imports');
  return (
    <Badge color={statusColor[status]} variant="light" radius="sm">
      {t(`status.${status}`)}
    </Badge>
  );
}

/** "2 min 5 s" in the user's language (Intl unit names). */
export function formatDuration(seconds: number, lng: string): string {
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(lng, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  return `${unit(Math.floor(s / 3600), 'hour')} ${unit(Math.floor((s % 3600) / 60), 'minute')}`;
}

export type CountItem = { key: string; label: string; value: number; color?: string; hint?: string };

function Tile({ item }: { item: CountItem }) {
  const { i18n } = useTranslation();
  const tile = (
    <Paper
      withBorder
      p="sm"
      radius="md"
      role="listitem"
      aria-label={`${item.label}: ${item.value}`}
      className={classes.tile}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {item.label}
      </Text>
      <Text fz={28} fw={700} c={item.value > 0 ? item.color : undefined} className={classes.number}>
        {formatNumber(item.value, i18n.language)}
      </Text>
    </Paper>
  );
  return item.hint ? (
    <Tooltip label={item.hint} multiline maw={280}>
      {tile}
    </Tooltip>
  ) : (
    tile
  );
}

/** Big numbers in a row of tiles: what a dry run would do, or what a run did. */
export function CountTiles({ items, label }: { items: CountItem[]; label: string }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: items.length }} spacing="sm" role="list" aria-label={label}>
      {items.map((c) => (
        <Tile key={c.key} item={c} />
      ))}
    </SimpleGrid>
  );
}

/** Known export presets by name as their vendors write them. */
const presetNames: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho CRM',
  google: 'Google Contacts',
  outlook: 'Outlook',
  mailchimp: 'Mailchimp',
  vcard: 'vCard',
  rapport: 'Rapport',
};
export const presetName = (p: string) => presetNames[p] ?? p.charAt(0).toUpperCase() + p.slice(1);

/** Bytes as "1.2 MB" in the user's language. */
export function formatSize(bytes: number, lng: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return new Intl.NumberFormat(lng, {
    style: 'unit',
    unit: units[i],
    unitDisplay: 'short',
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(v);
}
