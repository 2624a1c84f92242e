import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaxBreakdownEntry, Totals } from '../../../shared/money.ts';
import { formatMoney } from '../../lib/format.ts';

/** Net, the tax of each rate on its base, and the total: the same figures the server stores. */
export function TotalsSummary({
  currency,
  totals,
  taxBreakdown,
}: {
  currency: string;
  totals: Totals;
  taxBreakdown: TaxBreakdownEntry[];
}) {
  const { t, i18n } = useTranslation('sales');
  const money = (amount: number) => formatMoney({ amount, currency }, i18n.language);
  const rate = (r: string) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 }).format(Number(r));
  return (
    <Stack gap={4} ml="auto" miw={280} aria-label={t('totals.label')} role="group">
      <Group justify="space-between" gap="xl">
        <Text size="sm">{t('totals.net')}</Text>
        <Text size="sm" ff="monospace" data-testid="totals-net">
          {money(totals.net)}
        </Text>
      </Group>
      {taxBreakdown.map((e) => (
        <Group key={e.rate} justify="space-between" gap="xl">
          <Text size="sm" c="dimmed">
            {t('totals.tax', { rate: rate(e.rate), base: money(e.net) })}
          </Text>
          <Text size="sm" ff="monospace" c="dimmed">
            {money(e.tax)}
          </Text>
        </Group>
      ))}
      <Group
        justify="space-between"
        gap="xl"
        pt={4}
        style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text fw={700}>{t('totals.gross')}</Text>
        <Text fw={700} ff="monospace" data-testid="totals-gross">
          {money(totals.gross)}
        </Text>
      </Group>
    </Stack>
  );
}
