import {
  Alert,
  Anchor,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { OrderDto, OrderStatus } from '../../../shared/orders.ts';
import { api } from '../../lib/api.ts';
import { countryName, formatDateTime, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { OrderInvoicesCard } from '../invoices/order-invoices-card.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { LinesTable } from '../sales/lines-table.tsx';
import { ChannelLabel, mainPath, StatusBadge, statusStyle } from './order-cells.tsx';
import classes from './orders.module.css';
import { orderKeys, useChangeStatus, useOrder } from './use-orders.ts';

const stampOf: Record<OrderStatus, keyof OrderDto> = {
  new: 'orderedAt',
  confirmed: 'confirmedAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
  returned: 'returnedAt',
};

/** /orders/$orderId: lines, totals, cost and margin, the status with its next steps, and the invoices. */
export function OrderPage() {
  const { orderId } = useParams({ strict: false }) as { orderId: string };
  const { t } = useTranslation('orders');
  const q = useOrder(orderId);
  const message = useErrorMessage();
  usePageTitle(q.data?.number ?? t('title'));
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (q.isError) return <Alert color="red">{message(q.error)}</Alert>;
  return <OrderView order={q.data} />;
}

function OrderView({ order }: { order: OrderDto }) {
  const { t, i18n } = useTranslation('orders');
  const lng = i18n.language;
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const change = useChangeStatus();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const money = (amount: number) => formatMoney({ amount, currency: order.currency }, lng);
  const remove = useMutation({
    mutationFn: () =>
      api(`/orders/${order.id}`, { method: 'DELETE', headers: { 'if-match': `"${order.version}"` } }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: orderKeys.detail(order.id) });
      void qc.invalidateQueries({ queryKey: orderKeys.all });
      notifications.show({ message: t('page.deleted') });
      void navigate({ to: '/orders' });
    },
    onError: (err) => notifications.show({ color: 'red', message: message(err) }),
  });

  const branch = order.status === 'cancelled' || order.status === 'returned' ? order.status : null;
  const reached = mainPath.filter((s) => order[stampOf[s]]).length;
  const unknownCost = order.lines.filter((l) => l.unitCost === null).length;
  // Over the lines whose cost is known: with none known there is no margin to show.
  const costedNet = order.totals.net - order.uncostedNet;
  const marginPercent =
    costedNet > 0
      ? new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format((order.margin * 100) / costedNet)
      : null;

  return (
    <Stack gap="md" maw={1280}>
      <Anchor component={Link} to="/orders" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('page.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2" ff="monospace">
              {order.number}
            </Title>
            <StatusBadge status={order.status} size="md" />
          </Group>
          <Text size="sm" c="dimmed">
            {[order.contactName, order.companyName].filter(Boolean).join(' · ')} ·{' '}
            {formatDateTime(order.orderedAt, lng)}
          </Text>
        </Stack>
        {canWrite && (
          <Group gap="xs">
            {order.nextStatuses.map((s) => {
              const negative = s === 'cancelled' || s === 'returned';
              return (
                <Button
                  key={s}
                  variant={negative ? 'light' : 'filled'}
                  color={negative ? 'red' : statusStyle[s].color}
                  loading={change.isPending && change.variables?.status === s}
                  onClick={() => change.mutate({ order, status: s })}
                >
                  {t(`action.${s}`)}
                </Button>
              );
            })}
            {order.status === 'new' && (
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => remove.mutate()}
              >
                {t('page.delete')}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Paper withBorder p="md" radius="md">
        <Stepper
          active={branch ? reached : Math.min(reached, mainPath.length)}
          size="sm"
          allowNextStepsSelect={false}
          aria-label={t('page.timeline')}
        >
          {mainPath.map((s) => (
            <Stepper.Step
              key={s}
              label={t(`status.${s}`)}
              description={order[stampOf[s]] ? formatDateTime(order[stampOf[s]] as string, lng) : undefined}
            />
          ))}
          {branch && (
            <Stepper.Step
              label={t(`status.${branch}`)}
              description={formatDateTime(order[stampOf[branch]] as string, lng)}
              color="red"
            />
          )}
        </Stepper>
        {canWrite && !order.nextStatuses.length && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('page.final')}
          </Text>
        )}
      </Paper>

      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="sm">
                {t('page.lines')}
              </Title>
              <LinesTable
                currency={order.currency}
                lines={order.lines}
                totals={order.totals}
                taxBreakdown={order.taxBreakdown}
              />
            </Paper>
            <OrderInvoicesCard orderId={order.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Stack gap={6}>
                <Row label={t('page.customer')}>
                  {order.contactId ? (
                    <Anchor component={Link} to={`/contacts/${order.contactId}`} size="sm">
                      {order.contactName ?? '—'}
                    </Anchor>
                  ) : null}
                  {order.companyId ? (
                    <Anchor component={Link} to={`/companies/${order.companyId}`} size="sm" display="block">
                      {order.companyName ?? '—'}
                    </Anchor>
                  ) : null}
                </Row>
                <Row label={t('page.channel')}>
                  <Text size="sm">
                    <ChannelLabel channel={order.channel} />
                  </Text>
                </Row>
                <Row label={t('page.owner')}>
                  <Text size="sm">{order.ownerName ?? '—'}</Text>
                </Row>
                {order.quoteId && (
                  <Row label={t('page.quote')}>
                    <Anchor component={Link} to={`/quotes/${order.quoteId}`} size="sm" ff="monospace">
                      {order.quoteNumber ?? order.quoteId}
                    </Anchor>
                  </Row>
                )}
                {order.dealId && (
                  <Row label={t('page.deal')}>
                    <Anchor component={Link} to={`/deals/${order.dealId}`} size="sm">
                      {order.dealTitle ?? order.dealId}
                    </Anchor>
                  </Row>
                )}
                {order.source && order.externalId && (
                  <Text size="xs" c="dimmed">
                    {t('page.source', { source: order.source, externalId: order.externalId })}
                  </Text>
                )}
              </Stack>
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Stack gap={6}>
                <Row label={t('page.net')}>
                  <Text size="sm" className={classes.money}>
                    {money(order.totals.net)}
                  </Text>
                </Row>
                <Row label={t('page.cost')}>
                  <Text size="sm" className={classes.money}>
                    {money(order.cost)}
                  </Text>
                </Row>
                <Row label={t('page.margin')}>
                  <Text size="sm" fw={600} c={order.margin < 0 ? 'red' : 'green'} className={classes.money}>
                    {money(order.margin)}
                  </Text>
                </Row>
                {marginPercent !== null && (
                  <Text size="xs" c="dimmed" ta="right">
                    {t('page.marginOf', { percent: marginPercent })}
                  </Text>
                )}
                {unknownCost > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('page.costUnknown', { count: unknownCost, amount: money(order.uncostedNet) })}
                  </Text>
                )}
              </Stack>
            </Paper>
            {(order.note || order.shippingAddress) && (
              <Paper withBorder p="md" radius="md">
                <Stack gap="sm">
                  {order.shippingAddress && (
                    <div>
                      <Text size="xs" c="dimmed">
                        {t('page.shippingAddress')}
                      </Text>
                      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                        {[
                          order.shippingAddress.street,
                          `${order.shippingAddress.postalCode} ${order.shippingAddress.city}`.trim(),
                          countryName(order.shippingAddress.country, lng),
                        ]
                          .filter(Boolean)
                          .join('\n')}
                      </Text>
                    </div>
                  )}
                  {order.note && (
                    <div>
                      <Text size="xs" c="dimmed">
                        {t('page.note')}
                      </Text>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {order.note}
                      </Text>
                    </div>
                  )}
                </Stack>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div style={{ textAlign: 'right', minWidth: 0 }}>{children}</div>
    </Group>
  );
}
