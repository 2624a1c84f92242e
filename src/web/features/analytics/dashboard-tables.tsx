import { Anchor, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type CustomerValueDto, rfmSegments } from '../../../shared/analytics.ts';
import type { FilterCondition } from '../../../shared/filters.ts';
import { filteredListSearch } from '../records/list-state.ts';
import { formatAmount, formatDecimal } from './score-format.ts';
import { segmentColor } from './score-parts.tsx';

const listPath = (data: CustomerValueDto) => (data.subjectType === 'contact' ? '/contacts' : '/companies');

/** A link to the contact (or company) list filtered by these conditions. */
function ListLink({
  data,
  conditions,
  label,
  children,
}: {
  data: CustomerValueDto;
  conditions: FilterCondition[];
  label: string;
  children: React.ReactNode;
}) {
  return (
    <Anchor
      component={Link}
      to={listPath(data)}
      search={filteredListSearch(conditions) as never}
      size="sm"
      aria-label={label}
    >
      {children}
    </Anchor>
  );
}

const num = { style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

/** The 5 × 5 grid of recency (rows, most recent on top) by frequency: customers and their mean value. */
export function RfmGrid({ data }: { data: CustomerValueDto }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  const cell = (r: number, f: number) => data.rfmGrid.find((c) => c.r === r && c.f === f);
  const max = Math.max(1, ...data.rfmGrid.map((c) => c.customers));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('dashboard.grid.title')}>
      <Title order={2} size="h4">
        {t('dashboard.grid.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('dashboard.grid.hint')}
      </Text>
      <Table
        withTableBorder
        withColumnBorders
        layout="fixed"
        verticalSpacing={6}
        horizontalSpacing={4}
        aria-label={t('dashboard.grid.title')}
        data-testid="rfm-grid"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={64} ta="center">
              <Text
                size="xs"
                c="dimmed"
                title={`${t('dashboard.grid.recency')} ↓ · ${t('dashboard.grid.frequency')} →`}
                aria-label={`${t('dashboard.grid.recency')} ↓ · ${t('dashboard.grid.frequency')} →`}
              >
                R ↓ F →
              </Text>
            </Table.Th>
            {[1, 2, 3, 4, 5].map((f) => (
              <Table.Th key={f} ta="center">
                F {f}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[5, 4, 3, 2, 1].map((r) => (
            <Table.Tr key={r}>
              <Table.Th ta="center">R {r}</Table.Th>
              {[1, 2, 3, 4, 5].map((f) => {
                const c = cell(r, f);
                const n = c?.customers ?? 0;
                const amount = c && n ? formatAmount(c.averageValue, data.currency, lng) : '—';
                const customers = t('units.customers', { count: n });
                return (
                  <Tooltip key={f} label={t('dashboard.grid.cell', { r, f, customers, amount })} withinPortal>
                    <Table.Td
                      ta="center"
                      aria-label={t('dashboard.grid.cell', { r, f, customers, amount })}
                      style={{
                        background: n
                          ? `rgba(18, 184, 134, ${(0.1 + 0.65 * (n / max)).toFixed(2)})`
                          : undefined,
                      }}
                    >
                      <Text size="sm" fw={700} {...num}>
                        {n ? formatDecimal(n, lng, 0) : ''}
                      </Text>
                      {n > 0 && (
                        <Text size="xs" {...num} truncate>
                          {amount}
                        </Text>
                      )}
                    </Table.Td>
                  </Tooltip>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The RFM segments with their customers and revenue; each opens the list of its customers. */
export function SegmentsTable({ data }: { data: CustomerValueDto }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  const rows = rfmSegments
    .map((s) => data.segments.find((x) => x.segment === s))
    .filter((x): x is CustomerValueDto['segments'][number] => Boolean(x && x.customers > 0));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('dashboard.segments.title')}>
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.segments.title')}
      </Title>
      <Table verticalSpacing={6} striped aria-label={t('dashboard.segments.title')} data-testid="segments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dashboard.segments.segment')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.segments.customers')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.segments.revenue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.segment}>
              <Table.Td>
                <Tooltip label={t(`segmentHelp.${s.segment}`)} multiline maw={300} withinPortal>
                  <span>
                    <span
                      aria-hidden
                      style={{
                        display: 'inline-block',
                        width: 10,
                        height: 10,
                        borderRadius: 5,
                        marginRight: 8,
                        background: `var(--mantine-color-${segmentColor[s.segment]}-6)`,
                      }}
                    />
                    <ListLink
                      data={data}
                      conditions={[{ field: 'score.rfmSegment', op: 'eq', value: s.segment }]}
                      label={t('dashboard.segments.show', { segment: t(`segments.${s.segment}`) })}
                    >
                      {t(`segments.${s.segment}`)}
                    </ListLink>
                  </span>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right" {...num}>
                {formatDecimal(s.customers, lng, 0)}
              </Table.Td>
              <Table.Td ta="right" {...num}>
                {formatAmount(s.revenue, data.currency, lng)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** Customers in the high churn band per owner, most CLV at risk first; each row opens those customers. */
export function AtRiskTable({ data }: { data: CustomerValueDto }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('dashboard.atRisk.title')}>
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.atRisk.title')}
      </Title>
      {data.atRiskByOwner.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.atRisk.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={6} striped aria-label={t('dashboard.atRisk.title')} data-testid="at-risk">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.atRisk.owner')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.atRisk.customers')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.atRisk.clv12')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.atRiskByOwner.map((o) => {
                const owner = o.ownerName ?? t('dashboard.atRisk.noOwner');
                const conditions: FilterCondition[] = [
                  { field: 'score.churnBand', op: 'eq', value: 'high' },
                  o.ownerId
                    ? { field: 'ownerId', op: 'eq', value: o.ownerId }
                    : { field: 'ownerId', op: 'isEmpty' },
                ];
                return (
                  <Table.Tr key={o.ownerId ?? 'none'}>
                    <Table.Td>
                      <ListLink
                        data={data}
                        conditions={conditions}
                        label={t('dashboard.atRisk.show', { owner })}
                      >
                        {owner}
                      </ListLink>
                    </Table.Td>
                    <Table.Td ta="right" {...num}>
                      {formatDecimal(o.customers, lng, 0)}
                    </Table.Td>
                    <Table.Td ta="right" c="red" {...num}>
                      {formatAmount(o.clv12, data.currency, lng)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
