import {
  Alert,
  Anchor,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconChartDots3, IconInfoCircle, IconSettings } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerValueDto, ScoreSubject } from '../../../shared/analytics.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { AtRiskTable, RfmGrid, SegmentsTable } from './dashboard-tables.tsx';
import {
  formatAmount,
  formatCompactMoney,
  formatDecimal,
  formatPercent,
  revenueShareAt,
} from './score-format.ts';
import { Figure, RunStatus } from './score-parts.tsx';
import { useCustomerValue, useLatestRun } from './use-analytics.ts';

const ClvHistogram = lazy(() => import('./value-charts.tsx').then((m) => ({ default: m.ClvHistogram })));
const ConcentrationChart = lazy(() =>
  import('./value-charts.tsx').then((m) => ({ default: m.ConcentrationChart })),
);

const chartFallback = (
  <Center h={260}>
    <Loader size="sm" />
  </Center>
);

/** /customer-value — what customers are worth, who is at risk and how revenue is spread, per contact or company. */
export function CustomerValuePage() {
  const { t } = useTranslation('analytics');
  const message = useErrorMessage();
  usePageTitle(t('title'));
  const [subject, setSubject] = useState<ScoreSubject>('contact');
  const q = useCustomerValue(subject);
  const latest = useLatestRun();
  const hasRun = Boolean(q.data?.run ?? latest.data?.run);
  return (
    <Stack gap="md" maw={1280}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4} maw={760}>
          <Title order={1}>{t('title')}</Title>
          <Text c="dimmed" size="sm">
            {t('intro')}
          </Text>
        </Stack>
        <Group gap="md" wrap="wrap">
          <SegmentedControl
            aria-label={t('subject.label')}
            value={subject}
            onChange={(v) => setSubject(v as ScoreSubject)}
            data={[
              { value: 'contact', label: t('subject.contact') },
              { value: 'company', label: t('subject.company') },
            ]}
          />
          <Anchor component={Link} to="/settings/analytics" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconSettings size={16} />
              {t('dashboard.settings')}
            </Group>
          </Anchor>
        </Group>
      </Group>
      <Paper withBorder radius="md" p="sm" px="md">
        <RunStatus />
      </Paper>
      {q.isError ? (
        <Alert color="red">{message(q.error)}</Alert>
      ) : !q.data ? (
        <Center py="xl">
          <Loader size="sm" aria-label={t('dashboard.loading')} />
        </Center>
      ) : !hasRun ? (
        <EmptyState />
      ) : q.data.totals.customers === 0 ? (
        <Text c="dimmed" py="lg">
          {t('dashboard.noCustomers')}
        </Text>
      ) : (
        <Dashboard data={q.data} />
      )}
    </Stack>
  );
}

function EmptyState() {
  const { t } = useTranslation('analytics');
  const canRun = hasRole(useSession().data?.user, 'manager');
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="xs">
        <ThemeIcon variant="light" size={48} radius="xl">
          <IconChartDots3 size={24} />
        </ThemeIcon>
        <Text fw={600}>{t('dashboard.emptyTitle')}</Text>
        <Text size="sm" c="dimmed" ta="center" maw={480}>
          {canRun ? t('dashboard.emptyHint') : t('dashboard.emptyHintReader')}
        </Text>
      </Stack>
    </Paper>
  );
}

function Dashboard({ data }: { data: CustomerValueDto }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  const money = (n: number) => formatAmount(n, data.currency, lng);
  const tot = data.totals;
  const labels = useMemo(
    () =>
      data.clvDistribution.map((b) =>
        b.to === null
          ? t('dashboard.distribution.last', { from: formatCompactMoney(b.from, data.currency, lng) })
          : `${formatCompactMoney(b.from, data.currency, lng)}–${formatCompactMoney(b.to, data.currency, lng)}`,
      ),
    [data.clvDistribution, data.currency, lng, t],
  );
  const values = useMemo(() => data.clvDistribution.map((b) => b.customers), [data.clvDistribution]);
  const share = useCallback((v: number) => formatPercent(v, lng), [lng]);
  const names = useMemo(
    () => ({
      curve: t('dashboard.concentration.curve'),
      equal: t('dashboard.concentration.equal'),
      x: t('dashboard.concentration.customers'),
      y: t('dashboard.concentration.revenue'),
    }),
    [t],
  );
  const top20 = revenueShareAt(data.concentration, 0.2);
  // Without fitted models (too few customers or no repeat purchases) there is no CLV to show.
  const fit = data.run?.subjects.find((s) => s.subjectType === data.subjectType);
  const fitted = Boolean(fit?.bgnbd) && !fit?.unfitted;
  const hasDistribution = fitted && values.some((v) => v > 0);
  return (
    <Stack gap="md">
      {!fitted && (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} data-testid="not-fitted">
          {t('card.notFitted')}
        </Alert>
      )}
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: 3, lg: 5 }}
        spacing="md"
        aria-label={t('dashboard.totals.label')}
      >
        <Paper withBorder radius="md" p="md">
          <Figure
            label={t('dashboard.totals.customers')}
            help={t('dashboard.totals.customersHelp')}
            testId="total-customers"
          >
            {formatDecimal(tot.customers, lng, 0)}
          </Figure>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Figure
            label={t('dashboard.totals.clv12')}
            help={t('dashboard.totals.clv12Help')}
            testId="total-clv12"
          >
            {fitted ? money(tot.clv12) : '—'}
          </Figure>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Figure
            label={t('dashboard.totals.atRisk')}
            help={t('dashboard.totals.atRiskHelp', { amount: money(tot.atRiskClv12) })}
            color={tot.atRisk ? 'red' : undefined}
            testId="total-at-risk"
          >
            {formatDecimal(tot.atRisk, lng, 0)}
          </Figure>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Figure
            label={t('dashboard.totals.revenue')}
            help={t('dashboard.totals.revenueHelp')}
            testId="total-revenue"
          >
            {money(tot.revenue)}
          </Figure>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Figure
            label={t('dashboard.totals.profit')}
            help={t('dashboard.totals.profitHelp')}
            color={tot.profit < 0 ? 'red' : undefined}
            testId="total-profit"
          >
            {money(tot.profit)}
          </Figure>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper
          withBorder
          radius="md"
          p="md"
          component="section"
          aria-label={t('dashboard.distribution.title')}
        >
          <Title order={2} size="h4">
            {t('dashboard.distribution.title')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('dashboard.distribution.hint')}
          </Text>
          {hasDistribution ? (
            <Suspense fallback={chartFallback}>
              <ClvHistogram
                labels={labels}
                values={values}
                label={t('dashboard.distribution.title')}
                seriesName={t('dashboard.distribution.customers')}
              />
            </Suspense>
          ) : (
            <Center h={260}>
              <Text size="sm" c="dimmed" ta="center" maw={360}>
                {t('card.notFitted')}
              </Text>
            </Center>
          )}
        </Paper>
        <Paper
          withBorder
          radius="md"
          p="md"
          component="section"
          aria-label={t('dashboard.concentration.title')}
        >
          <Title order={2} size="h4">
            {t('dashboard.concentration.title')}
          </Title>
          <Text size="sm" mb="xs" data-testid="concentration-sentence">
            {top20 === null
              ? '\u00a0'
              : t('dashboard.concentration.sentence', {
                  customers: formatPercent(0.2, lng),
                  revenue: share(top20),
                })}
          </Text>
          <Suspense fallback={chartFallback}>
            <ConcentrationChart
              points={data.concentration}
              label={t('dashboard.concentration.title')}
              names={names}
              format={share}
            />
          </Suspense>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <RfmGrid data={data} />
        <SegmentsTable data={data} />
      </SimpleGrid>
      <AtRiskTable data={data} />
    </Stack>
  );
}
