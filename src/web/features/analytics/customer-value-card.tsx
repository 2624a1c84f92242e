import {
  Alert,
  Anchor,
  Divider,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { CustomerScoreDto, NextBestOffer, ScoreSubject } from '../../../shared/analytics.ts';
import { formatDate } from '../../lib/format.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { formatAmount, formatDecimal, formatPercent, isFiniteNumber, lowBandFrom } from './score-format.ts';
import { BandBadge, Figure, RunStatus, SegmentBadge } from './score-parts.tsx';
import { useCustomerScore } from './use-analytics.ts';

/**
 * The latest scores of a contact or company: RFM segment, P(alive) and churn band, expected purchases, CLV,
 * average values, the profitability breakdown and the next-best-offers — each number with a line saying
 * what it means, in the reader's language.
 */
export function CustomerValueCard({ kind, id }: { kind: ScoreSubject; id: string }) {
  const { t } = useTranslation('analytics');
  const message = useErrorMessage();
  const q = useCustomerScore(kind, id);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label={t('card.title')}>
      <Title order={2} size="h4" mb="sm">
        {t('card.title')}
      </Title>
      {q.isPending ? (
        <Stack gap={6}>
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : q.isError ? (
        <Alert color="red">{message(q.error)}</Alert>
      ) : !q.data.score ? (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('card.empty')}
          </Text>
          <RunStatus compact />
        </Stack>
      ) : (
        <ScoreBody score={q.data.score} threshold={q.data.churnThreshold} />
      )}
    </Paper>
  );
}

function ScoreBody({ score: s, threshold }: { score: CustomerScoreDto; threshold: number }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  const money = (n: number | null) => formatAmount(n, s.currency, lng);
  const weeks = (n: number) => t('units.weeks', { count: Math.max(0, Math.round(n)) });
  const fitted = isFiniteNumber(s.pAlive);
  const pct = (n: number) => formatPercent(n, lng);
  const bandHelp = s.churnBand
    ? t(`band.${s.churnBand}Help`, { threshold: pct(threshold), half: pct(lowBandFrom(threshold)) })
    : '';
  return (
    <Stack gap="md">
      <Divider label={t('card.history')} labelPosition="left" />
      <SimpleGrid
        type="container"
        cols={{ base: 1, '480px': 2, '760px': 3 }}
        spacing="md"
        verticalSpacing="md"
      >
        <Figure
          label={t('segment.label')}
          help={`${t(`segmentHelp.${s.rfm.segment}`)} ${t('segment.scoresHelp')}`}
          testId="score-segment"
        >
          <Group gap={8} wrap="wrap">
            <SegmentBadge segment={s.rfm.segment} size="lg" />
            <Text span size="sm" c="dimmed" fw={500}>
              {t('segment.scores', { r: s.rfm.r, f: s.rfm.f, m: s.rfm.m })}
            </Text>
          </Group>
        </Figure>
        <Figure
          label={t('average.label')}
          help={t('average.help', { count: s.purchases })}
          testId="score-average"
        >
          {money(s.averageValue)}
        </Figure>
        <Figure
          label={t('card.purchases')}
          help={t('card.purchasesHelp', {
            first: formatDate(s.firstPurchaseAt, lng),
            last: formatDate(s.lastPurchaseAt, lng),
          })}
        >
          {formatDecimal(s.purchases, lng, 0)}
        </Figure>
      </SimpleGrid>
      <Divider label={t('card.predictions')} labelPosition="left" />
      {!fitted ? (
        <Alert
          variant="light"
          color="gray"
          icon={<IconInfoCircle size={18} />}
          data-testid="score-not-fitted"
        >
          {t('card.notFitted')}
        </Alert>
      ) : (
        <SimpleGrid
          type="container"
          cols={{ base: 1, '480px': 2, '760px': 3 }}
          spacing="md"
          verticalSpacing="md"
        >
          <Figure
            label={t('pAlive.label')}
            testId="score-palive"
            help={t('pAlive.help', {
              count: s.purchases,
              span: weeks(s.recencyWeeks),
              ago: weeks(s.ageWeeks - s.recencyWeeks),
            })}
          >
            {pct(s.pAlive!)}
          </Figure>
          <Figure label={t('band.label')} help={bandHelp} testId="score-band">
            {s.churnBand ? <BandBadge band={s.churnBand} size="lg" /> : '—'}
          </Figure>
          <Figure label={t('expected.label')} help={t('expected.help')} testId="score-expected">
            {formatDecimal(s.expectedPurchases12m, lng, 1)}
          </Figure>
          <Figure label={t('clv.label12')} help={t('clv.help12')} testId="score-clv12">
            {money(s.clv12)}
          </Figure>
          <Figure label={t('clv.label24')} help={t('clv.help24')}>
            {money(s.clv24)}
          </Figure>
          <Figure label={t('clv.label36')} help={t('clv.help36')}>
            {money(s.clv36)}
          </Figure>
          <Figure label={t('average.expectedLabel')} help={t('average.expectedHelp')}>
            {money(s.expectedAverageValue)}
          </Figure>
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Profitability score={s} />
        <Offers offers={s.nextBestOffers} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('card.model', { version: s.modelVersion, date: formatDate(s.fittedAt, lng) })}
      </Text>
    </Stack>
  );
}

function Profitability({ score: s }: { score: CustomerScoreDto }) {
  const { t, i18n } = useTranslation('analytics');
  const p = s.profitability;
  const money = (n: number) => formatAmount(n, s.currency, i18n.language);
  const rows: { label: string; value: number; strong?: boolean }[] = [
    { label: t('profit.listRevenue'), value: p.listRevenue },
    { label: t('profit.discounts'), value: p.discounts },
    { label: t('profit.revenue'), value: p.revenue, strong: true },
    { label: t('profit.costOfGoods'), value: p.costOfGoods },
    { label: t('profit.costToServe', { count: p.interactions }), value: p.costToServe },
    { label: t('profit.profit'), value: p.profit, strong: true },
  ];
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('profit.title')}
      </Text>
      <Table
        verticalSpacing={4}
        horizontalSpacing="xs"
        aria-label={t('profit.title')}
        data-testid="score-profit"
      >
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.label}>
              <Table.Td fw={r.strong ? 600 : undefined}>{r.label}</Table.Td>
              <Table.Td
                ta="right"
                fw={r.strong ? 700 : undefined}
                c={r.strong && r.value < 0 ? 'red' : undefined}
                style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
              >
                {money(r.value)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('profit.help')}
      </Text>
    </Stack>
  );
}

function Offers({ offers }: { offers: NextBestOffer[] }) {
  const { t, i18n } = useTranslation('analytics');
  const lng = i18n.language;
  const list = (names: string[]) => {
    try {
      return new Intl.ListFormat(lng, { type: 'conjunction' }).format(names);
    } catch {
      return names.join(', ');
    }
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t('offers.title')}
      </Text>
      {offers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('offers.none')}
        </Text>
      ) : (
        <Stack
          gap={8}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('offers.title')}
        >
          {offers.map((o) => (
            <li key={o.productId}>
              <Anchor component={Link} to={`/products/${o.productId}`} size="sm" fw={600}>
                {o.name}
              </Anchor>
              {o.sku && (
                <Text span size="xs" c="dimmed" ml={6}>
                  {o.sku}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {o.kind === 'rule'
                  ? t('offers.rule', {
                      items: list(o.because.map((b) => b.name)),
                      confidence: formatPercent(o.confidence, lng),
                      product: o.name,
                      lift: formatDecimal(o.lift, lng, 1),
                    })
                  : t('offers.cooccurrence', { items: list(o.because.map((b) => b.name)) })}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
