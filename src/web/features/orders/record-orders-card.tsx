import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { StatusBadge } from './order-cells.tsx';
import { useRecordOrders } from './use-orders.ts';

/**
 * A contact's or company's latest orders on its page, with status and total, how many there are, and
 * "New order" already for this customer.
 */
export function RecordOrdersCard({
  kind,
  id,
  name,
}: {
  kind: 'contact' | 'company';
  id: string;
  name: string;
}) {
  const { t, i18n } = useTranslation('orders');
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const { latest, count } = useRecordOrders(kind, id);
  const orders = latest.data?.data ?? [];
  const search = kind === 'contact' ? { contactId: id, name } : { companyId: id, name };
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="sm">
        <Group gap={8}>
          <Title order={2} size="h4">
            {t('card.title')}
          </Title>
          {count > 0 && (
            <Text size="xs" c="dimmed">
              {t('card.count', { count })}
            </Text>
          )}
        </Group>
        {canWrite && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            component={Link}
            to="/orders/new"
            search={search as never}
          >
            {t('card.add')}
          </Button>
        )}
      </Group>
      {latest.isPending ? (
        <Stack gap={6}>
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : orders.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('card.empty')}
        </Text>
      ) : (
        <Stack gap={8} role="list" aria-label={t('card.title')}>
          {orders.map((o) => (
            <Group key={o.id} role="listitem" justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/orders/${o.id}`} size="sm" fw={600} ff="monospace">
                  {o.number}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatDate(o.orderedAt, i18n.language)}
                  {kind === 'company' && o.contactName ? ` · ${o.contactName}` : ''}
                </Text>
              </Stack>
              <Stack gap={2} align="flex-end">
                <Text size="sm" ff="monospace">
                  {formatMoney({ amount: o.totals.gross, currency: o.currency }, i18n.language)}
                </Text>
                <StatusBadge status={o.status} size="xs" />
              </Stack>
            </Group>
          ))}
          {count > orders.length && (
            <Anchor component={Link} to="/orders" size="xs">
              {t('card.viewAll')}
            </Anchor>
          )}
        </Stack>
      )}
    </Paper>
  );
}
