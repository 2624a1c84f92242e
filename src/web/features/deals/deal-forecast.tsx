import { Alert, Center, Group, Loader, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/format.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useForecast } from './use-deals.ts';

const ForecastChart = lazy(() => import('./forecast-chart.tsx').then((m) => ({ default: m.ForecastChart })));

const monthOf = (offset: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth() + offset, 1)).toISOString().slice(0, 7);
};
const monthsFrom = (from: string, to: string) => {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, '0')}` <= to && out.length < 36) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
};

/**
 * The weighted forecast: months × owners, per currency, with the open total, the weighted total (each
 * deal's amount × its stage's probability, rounded once) and what was won in the month; a bar chart of one
 * currency above it.
 */
export function DealForecast({ pipelineId, mine }: { pipelineId: string | null; mine: boolean }) {
  const { t, i18n } = useTranslation('deals');
  const message = useErrorMessage();
  const [from, setFrom] = useState(monthOf(0));
  const [to, setTo] = useState(monthOf(5));
  const q = useForecast({ from, to: to < from ? from : to, pipelineId, mine });
  const monthLabel = useCallback(
    (m: string) =>
      new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${m}-01T00:00:00Z`),
      ),
    [i18n.language],
  );
  const choices = monthsFrom(monthOf(-12), monthOf(24)).map((m) => ({ value: m, label: monthLabel(m) }));
  const rows = q.data?.data ?? [];
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const [chartCurrency, setChartCurrency] = useState<string | null>(null);
  const cur = chartCurrency && currencies.includes(chartCurrency) ? chartCurrency : (currencies[0] ?? null);
  const end = to < from ? from : to;
  const months = useMemo(() => monthsFrom(from, end), [from, end]);
  const monthLabels = useMemo(() => months.map(monthLabel), [months, monthLabel]);
  const series = useMemo(() => {
    const sum = (m: string, f: 'weighted' | 'won') =>
      rows.filter((r) => r.month === m && r.currency === cur).reduce((n, r) => n + r[f], 0);
    return [
      { name: t('forecast.weighted'), color: '#4c6ef5', values: months.map((m) => sum(m, 'weighted')) },
      { name: t('forecast.won'), color: '#40c057', values: months.map((m) => sum(m, 'won')) },
    ];
  }, [rows, cur, months, t]);
  const fmt = useCallback(
    (minor: number) => (cur ? formatMoney({ amount: minor, currency: cur }, i18n.language) : String(minor)),
    [cur, i18n.language],
  );
  const money = (amount: number, currency: string) => formatMoney({ amount, currency }, i18n.language);

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <Select
          label={t('forecast.from')}
          data={choices}
          value={from}
          onChange={(v) => v && setFrom(v)}
          w={160}
        />
        <Select label={t('forecast.to')} data={choices} value={to} onChange={(v) => v && setTo(v)} w={160} />
        {currencies.length > 1 && (
          <Select
            label={t('forecast.chartCurrency')}
            data={currencies}
            value={cur}
            onChange={setChartCurrency}
            w={120}
            allowDeselect={false}
          />
        )}
      </Group>
      {q.isError ? (
        <Alert color="red">{message(q.error)}</Alert>
      ) : q.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : rows.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('forecast.empty')}
        </Text>
      ) : (
        <>
          {cur && (
            <Paper withBorder p="sm" radius="md">
              <Suspense fallback={<Loader size="sm" />}>
                <ForecastChart
                  months={monthLabels}
                  series={series}
                  label={t('forecast.chart')}
                  format={fmt}
                />
              </Suspense>
            </Paper>
          )}
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} aria-label={t('views.forecast')} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('forecast.month')}</Table.Th>
                  <Table.Th>{t('forecast.owner')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.count')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.total')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.weighted')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.won')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  <Table.Tr key={`${r.month}-${r.ownerId}-${r.currency}`}>
                    <Table.Td fw={i === 0 || rows[i - 1]!.month !== r.month ? 600 : undefined}>
                      {i === 0 || rows[i - 1]!.month !== r.month ? monthLabel(r.month) : ''}
                    </Table.Td>
                    <Table.Td>{r.ownerName ?? t('forecast.noOwner')}</Table.Td>
                    <Table.Td ta="right">{r.count}</Table.Td>
                    <Table.Td ta="right">{money(r.total, r.currency)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {money(r.weighted, r.currency)}
                    </Table.Td>
                    <Table.Td ta="right" c={r.won ? 'green' : 'dimmed'}>
                      {money(r.won, r.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
