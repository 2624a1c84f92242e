import { Anchor, Avatar, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { CSSProperties, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealDto, StageDto } from '../../../shared/deals.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { daysSince, initials } from './stage-label.ts';

/** Whole days a deal has sat in its stage past the stage's rotting limit; null when fresh or closed. */
export function rottingDays(deal: DealDto, stage: StageDto): number | null {
  if (deal.status !== 'open' || !stage.rottingDays) return null;
  const idle = daysSince(deal.stageChangedAt);
  return idle > stage.rottingDays ? idle : null;
}

/** A card on the board: title, customer, amount, owner, expected close, and a marker when it rots. */
export function DealCard({
  deal,
  stage,
  dragging,
  innerRef,
  style,
  handleProps,
}: {
  deal: DealDto;
  stage: StageDto;
  dragging?: boolean;
  innerRef?: Ref<HTMLDivElement>;
  style?: CSSProperties;
  handleProps?: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation('deals');
  const rot = rottingDays(deal, stage);
  const customer = deal.companyName ?? deal.contactName;
  const overdue =
    deal.status === 'open' &&
    deal.expectedCloseOn &&
    deal.expectedCloseOn < new Date().toISOString().slice(0, 10);
  return (
    <Paper
      ref={innerRef}
      withBorder
      p="xs"
      radius="sm"
      shadow={dragging ? 'md' : undefined}
      style={{ cursor: 'grab', touchAction: 'none', ...style }}
      // The drag overlay's copy is decoration: only the card in its column is the deal, for tests and readers.
      data-deal={dragging ? undefined : deal.id}
      aria-label={deal.title}
      aria-hidden={dragging || undefined}
      {...handleProps}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Anchor
          component={Link}
          to={`/deals/${deal.id}`}
          size="sm"
          fw={600}
          lineClamp={2}
          onPointerDown={(e) => e.stopPropagation()}
        >
          {deal.title}
        </Anchor>
        {rot !== null && (
          <Tooltip label={t('rotting', { count: rot })}>
            <Group
              gap={2}
              wrap="nowrap"
              c="orange.7"
              aria-label={t('rotting', { count: rot })}
              role="img"
              style={{ flexShrink: 0 }}
            >
              <IconClockExclamation size={14} />
              <Text size="xs" fw={600} c="orange.7">
                {rot}
              </Text>
            </Group>
          </Tooltip>
        )}
      </Group>
      {customer && (
        <Text size="xs" c="dimmed" truncate>
          {deal.companyName && deal.contactName ? `${deal.companyName} · ${deal.contactName}` : customer}
        </Text>
      )}
      <Group justify="space-between" mt={6} gap={4} wrap="nowrap">
        <Text size="sm" fw={500}>
          {formatMoney({ amount: deal.amount, currency: deal.currency }, i18n.language)}
        </Text>
        <Group gap={6} wrap="nowrap">
          {deal.expectedCloseOn && (
            <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
              {formatDate(deal.expectedCloseOn, i18n.language)}
            </Text>
          )}
          {deal.ownerName && (
            <Tooltip label={deal.ownerName}>
              <Avatar size={22} radius="xl" color="indigo" aria-label={deal.ownerName}>
                {initials(deal.ownerName)}
              </Avatar>
            </Tooltip>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
