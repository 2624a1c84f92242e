import { Anchor, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../shared/orders.ts';
import { formatMoney } from '../../lib/format.ts';
import { StatusBadge, statusStyle } from './order-cells.tsx';

/** The bullet of an order on a customer's timeline: its status' colour and icon. */
export const orderBullet = (order: OrderSummary) => statusStyle[order.status];

/** An order on the timeline, at the time it was placed: its number (a link to it), total and status now. */
export function OrderTimelineTitle({ order, at }: { order: OrderSummary; at: ReactNode }) {
  const { t, i18n } = useTranslation('orders');
  return (
    <Group gap={6} wrap="wrap">
      <Anchor component={Link} to={`/orders/${order.id}`} size="sm" fw={600}>
        {t('timeline.title', { number: order.number })}
      </Anchor>
      <Text size="sm" ff="monospace">
        {formatMoney({ amount: order.totals.gross, currency: order.currency }, i18n.language)}
      </Text>
      <StatusBadge status={order.status} size="xs" />
      {at}
    </Group>
  );
}

export function OrderTimelineBody({ order, kind }: { order: OrderSummary; kind: 'contact' | 'company' }) {
  const { t } = useTranslation('orders');
  const customer = kind === 'company' ? order.contactName : null;
  return (
    <Text size="xs" c="dimmed">
      {[t(`channel.${order.channel}`), customer, order.ownerName].filter(Boolean).join(' · ')}
    </Text>
  );
}
