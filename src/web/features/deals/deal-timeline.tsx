import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconTargetArrow, IconTrophy, IconX } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealTimelineEntry } from '../../../shared/deals.ts';
import { formatMoney } from '../../lib/format.ts';
import { stageLabel } from './stage-label.ts';

/** The bullet of a deal entry on a customer's timeline. */
export function dealBullet(deal: DealTimelineEntry) {
  if (deal.event === 'won') return { color: 'green', icon: IconTrophy };
  if (deal.event === 'lost') return { color: 'red', icon: IconX };
  return { color: 'indigo', icon: IconTargetArrow };
}

/** A deal created, moved, won or lost: a sentence with a link to the deal, and when. */
export function DealTimelineTitle({ deal, at }: { deal: DealTimelineEntry; at: ReactNode }) {
  const { t, i18n } = useTranslation('deals');
  const stage = stageLabel(deal.stageLabels, i18n.language);
  return (
    <Group gap={6} wrap="wrap">
      <Anchor component={Link} to={`/deals/${deal.dealId}`} size="sm" fw={600}>
        {t(`timeline.${deal.event}`, { title: deal.title, stage })}
      </Anchor>
      {deal.event === 'created' && deal.stageLabels && (
        <Badge size="xs" variant="light" color="indigo">
          {stage}
        </Badge>
      )}
      {at}
    </Group>
  );
}

export function DealTimelineBody({ deal }: { deal: DealTimelineEntry }) {
  const { t, i18n } = useTranslation('deals');
  const parts = [
    formatMoney({ amount: deal.amount, currency: deal.currency }, i18n.language),
    deal.closeReason ? t(`reason.${deal.closeReason}` as 'reason.other') : null,
    deal.actorName ? t('timeline.by', { name: deal.actorName }) : null,
  ].filter(Boolean);
  return (
    <Text size="xs" c="dimmed">
      {parts.join(' · ')}
    </Text>
  );
}
