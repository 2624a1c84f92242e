import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaxBreakdownEntry, Totals } from '../../../shared/money.ts';
import type { LineDto } from '../../../shared/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { TotalsSummary } from './totals-summary.tsx';

const decimal = (value: string, lng: string) =>
  new Intl.NumberFormat(lng, { maximumFractionDigits: 4 }).format(value as Intl.StringNumericLiteral);

/** A document's lines, read-only, with the totals and the tax breakdown under them. */
export function LinesTable({
  currency,
  lines,
  totals,
  taxBreakdown,
}: {
  currency: string;
  lines: LineDto[];
  totals: Totals;
  taxBreakdown: TaxBreakdownEntry[];
}) {
  const { t, i18n } = useTranslation('sales');
  const lng = i18n.language;
  const money = (amount: number) => formatMoney({ amount, currency }, lng);
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label={t('lines.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('lines.product')}</Table.Th>
              <Table.Th ta="right">{t('lines.quantity')}</Table.Th>
              <Table.Th ta="right">{t('lines.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('lines.discount')}</Table.Th>
              <Table.Th ta="right">{t('lines.taxRate')}</Table.Th>
              <Table.Th ta="right">{t('lines.net')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of a stored document never reorder
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm">{l.description}</Text>
                  {l.sku && (
                    <Text size="xs" c="dimmed">
                      {t('lines.sku', { sku: l.sku })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{decimal(l.quantity, lng)}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {money(l.unitPrice)}
                </Table.Td>
                <Table.Td ta="right">
                  {[
                    l.discountPercent && l.discountPercent !== '0'
                      ? `${decimal(l.discountPercent, lng)} %`
                      : '',
                    l.discountAmount ? `−${money(l.discountAmount)}` : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || '—'}
                </Table.Td>
                <Table.Td ta="right">{decimal(l.taxRate, lng)} %</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {money(l.net)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <TotalsSummary currency={currency} totals={totals} taxBreakdown={taxBreakdown} />
    </Stack>
  );
}
