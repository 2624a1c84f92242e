import { Badge } from '@mantine/core';
import {
  IconArrowBackUp,
  IconBuildingStore,
  IconCircleCheck,
  IconCircleX,
  IconClipboardCheck,
  IconPackage,
  IconPhone,
  IconShoppingCart,
  IconTruckDelivery,
  IconUserDollar,
  IconWorld,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderChannel, OrderStatus } from '../../../shared/orders.ts';

type IconType = ComponentType<{ size?: number }>;

export const statusStyle: Record<OrderStatus, { color: string; icon: IconType }> = {
  new: { color: 'blue', icon: IconShoppingCart },
  confirmed: { color: 'indigo', icon: IconClipboardCheck },
  shipped: { color: 'orange', icon: IconTruckDelivery },
  delivered: { color: 'green', icon: IconCircleCheck },
  cancelled: { color: 'gray', icon: IconCircleX },
  returned: { color: 'red', icon: IconArrowBackUp },
};

export const channelIcon: Record<OrderChannel, IconType> = {
  web: IconWorld,
  shop: IconBuildingStore,
  phone: IconPhone,
  sales: IconUserDollar,
};

/** The forward path of an order, for the stepper (cancel and return branch off it). */
export const mainPath: OrderStatus[] = ['new', 'confirmed', 'shipped', 'delivered'];
export const stepIcon = IconPackage;

export function StatusBadge({ status, size = 'sm' }: { status: OrderStatus; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation('orders');
  return (
    <Badge size={size} variant="light" color={statusStyle[status].color}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function ChannelLabel({ channel }: { channel: OrderChannel }) {
  const { t } = useTranslation('orders');
  const Icon = channelIcon[channel];
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <Icon size={14} />
      {t(`channel.${channel}`)}
    </span>
  );
}
