import { Badge, Button, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChurnBand, RfmSegmentName, ScoringRunDto } from '../../../shared/analytics.ts';
import { formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { bandColor } from './score-format.ts';
import { isActive, useComputeNow, useLatestRun } from './use-analytics.ts';

/** One number with its label above and a plain-language line below saying what it means. */
export function Figure({
  label,
  help,
  children,
  color,
  testId,
}: {
  label: string;
  help: ReactNode;
  children: ReactNode;
  color?: string;
  testId?: string;
}) {
  return (
    <Stack gap={2} data-testid={testId} miw={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {children}
      </Text>
      <Text size="xs" c="dimmed">
        {help}
      </Text>
    </Stack>
  );
}

export function BandBadge({ band, size = 'md' }: { band: ChurnBand; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('analytics');
  return (
    <Badge color={bandColor[band]} variant="light" size={size}>
      {t(`band.${band}`)}
    </Badge>
  );
}

export const segmentColor: Record<RfmSegmentName, string> = {
  champions: 'teal',
  loyal_customers: 'green',
  potential_loyalists: 'lime',
  new_customers: 'cyan',
  promising: 'blue',
  need_attention: 'yellow',
  about_to_sleep: 'orange',
  at_risk: 'red',
  cant_lose_them: 'pink',
  hibernating: 'grape',
  lost: 'gray',
};

export function SegmentBadge({
  segment,
  size = 'md',
}: {
  segment: RfmSegmentName;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation('analytics');
  return (
    <Tooltip label={t(`segmentHelp.${segment}`)} multiline maw={280} withinPortal>
      <Badge color={segmentColor[segment]} variant="light" size={size}>
        {t(`segments.${segment}`)}
      </Badge>
    </Tooltip>
  );
}

const customersOf = (run: ScoringRunDto, subject: 'contact' | 'company', lng: string) =>
  new Intl.NumberFormat(lng).format(run.subjects.find((x) => x.subjectType === subject)?.customers ?? 0);

/** "Last computed …", the state of a run in progress, and "Compute now" for managers and admins. */
export function RunStatus({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation('analytics');
  const user = useSession().data?.user;
  const latest = useLatestRun();
  const compute = useComputeNow();
  const run: ScoringRunDto | null = latest.data?.run ?? null;
  const active = isActive(run);
  const canRun = hasRole(user, 'manager');
  const lng = i18n.language;
  const state = !run ? (
    <Text size="sm" c="dimmed">
      {t('run.never')}
    </Text>
  ) : active ? (
    <Group gap={6} wrap="nowrap" role="status">
      <Loader size={14} />
      <Text size="sm">{run.status === 'queued' ? t('run.queued') : t('run.running')}</Text>
    </Group>
  ) : run.status === 'failed' ? (
    <Text size="sm" c="red" role="status">
      {t('run.failed', { error: run.error ?? '' })}
    </Text>
  ) : (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {t('run.last', { date: formatDateTime(run.finishedAt ?? run.startedAt, lng) })} (
        {t(`run.trigger.${run.trigger}`)})
      </Text>
      {!compact && (
        <Text size="xs" c="dimmed">
          {t('run.scored', {
            contacts: customersOf(run, 'contact', lng),
            companies: customersOf(run, 'company', lng),
          })}
          {run.otherCurrencyOrders > 0 &&
            ` · ${t('run.otherCurrency', { count: run.otherCurrencyOrders, currency: run.currency })}`}
        </Text>
      )}
    </Stack>
  );
  return (
    <Group gap="sm" wrap="wrap" justify={compact ? 'flex-start' : 'space-between'}>
      {state}
      {canRun && (
        <Button
          size={compact ? 'xs' : 'sm'}
          variant={run ? 'default' : 'filled'}
          leftSection={<IconRefresh size={16} />}
          onClick={() => compute.mutate()}
          loading={compute.isPending}
          disabled={active}
        >
          {t('run.computeNow')}
        </Button>
      )}
    </Group>
  );
}
