import { Divider, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevenueFigures } from '../../../shared/invoices.ts';
import { formatMoney } from '../../lib/format.ts';
import { useRevenue } from './use-invoices.ts';

function Figure({
  label,
  help,
  children,
  color,
}: {
  label: string;
  help: string;
  children: ReactNode;
  color?: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="md" fw={700} c={color} ff="monospace">
        {children}
      </Text>
      <Text size="xs" c="dimmed">
        {help}
      </Text>
    </Stack>
  );
}

/** Margin as a share of revenue, one decimal, in the UI language (null without revenue). */
const percentOf = (part: number, whole: number, lng: string) =>
  whole > 0
    ? new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(part / whole)
    : null;

function CurrencyFigures({ f }: { f: RevenueFigures }) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const money = (amount: number) => formatMoney({ amount, currency: f.currency }, lng);
  const days = (v: number | null) =>
    v === null
      ? t('revenue.none')
      : t('revenue.days', { value: new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format(v) });
  // The margin is over the revenue whose cost is known; with none known there is no margin to show.
  const margin = (amount: number, revenue: number, uncosted: number) => {
    if (revenue !== 0 && uncosted === revenue)
      return (
        <Text span size="sm" c="dimmed" ff="text">
          {t('revenue.noCost')}
        </Text>
      );
    const p = percentOf(amount, revenue - uncosted, lng);
    return p ? t('revenue.marginValue', { amount: money(amount), percent: p }) : money(amount);
  };
  return (
    <SimpleGrid type="container" cols={{ base: 1, '420px': 2 }} spacing="md" verticalSpacing="sm">
      <Figure label={t('revenue.lifetime')} help={t('revenue.lifetimeHelp')}>
        {money(f.lifetimeRevenue)}
      </Figure>
      <Figure label={t('revenue.last12')} help={t('revenue.last12Help')}>
        {money(f.last12MonthsRevenue)}
      </Figure>
      <Figure label={t('revenue.margin')} help={t('revenue.marginHelp')}>
        {margin(f.lifetimeMargin, f.lifetimeRevenue, f.lifetimeUncostedRevenue)}
        <Text span size="xs" c="dimmed" fw={400} ff="text" display="block">
          {t('revenue.last12')}:{' '}
          {margin(f.last12MonthsMargin, f.last12MonthsRevenue, f.last12MonthsUncostedRevenue)}
        </Text>
        {f.lifetimeUncostedRevenue !== 0 && f.lifetimeUncostedRevenue !== f.lifetimeRevenue && (
          <Text span size="xs" c="dimmed" fw={400} ff="text" display="block">
            {t('revenue.uncosted', { amount: money(f.lifetimeUncostedRevenue) })}
          </Text>
        )}
      </Figure>
      <Figure label={t('revenue.open')} help={t('revenue.openHelp')}>
        {t('revenue.openValue', { amount: money(f.openAmount), count: f.openCount })}
      </Figure>
      <Figure
        label={t('revenue.overdue')}
        help={t('revenue.overdueHelp')}
        color={f.overdueCount ? 'red' : undefined}
      >
        {t('revenue.openValue', { amount: money(f.overdueAmount), count: f.overdueCount })}
      </Figure>
      <Figure
        label={t('revenue.daysToPay')}
        help={t('revenue.daysToPayHelp', {
          late:
            f.averageDaysLate === null
              ? '—'
              : new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format(f.averageDaysLate),
        })}
      >
        {days(f.averageDaysToPay)}
      </Figure>
    </SimpleGrid>
  );
}

/**
 * Revenue of a contact or company, per currency: lifetime and last 12 months, margin and margin %, open and
 * overdue invoices, and how fast they pay — each figure with a line saying what it counts.
 */
export function RecordRevenueCard({ kind, id }: { kind: 'contact' | 'company'; id: string; name: string }) {
  const { t } = useTranslation('invoices');
  const q = useRevenue(kind, id);
  const rows = q.data?.currencies ?? [];
  return (
    <Paper withBorder p="lg" radius="md" aria-label={t('revenue.title')} component="section">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('revenue.title')}
        </Title>
      </Group>
      {q.isPending ? (
        <Stack gap={6}>
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('revenue.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {rows.map((f, i) => (
            <Stack key={f.currency} gap="xs">
              {i > 0 && <Divider />}
              {rows.length > 1 && (
                <Text size="sm" fw={600}>
                  {f.currency}
                </Text>
              )}
              <CurrencyFigures f={f} />
            </Stack>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
