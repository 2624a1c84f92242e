import { Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { InvoiceStatusBadge } from './invoice-status.tsx';
import { useOrderInvoices } from './use-invoices.ts';

/** The invoices and credit notes of an order, on the order page, and the way to invoice (more of) it. */
export function OrderInvoicesCard({ orderId, fullyInvoiced }: { orderId: string; fullyInvoiced?: boolean }) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const q = useOrderInvoices(orderId);
  const rows = q.data?.data ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('orderCard.title')}
        </Title>
        {canWrite &&
          (fullyInvoiced ? (
            <Text size="sm" c="dimmed">
              {t('orderCard.allInvoiced')}
            </Text>
          ) : (
            <Button
              component={Link}
              to="/invoices/new"
              search={{ orderId } as never}
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} />}
            >
              {t('orderCard.create')}
            </Button>
          ))}
      </Group>
      {q.isPending ? (
        <Skeleton h={18} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('orderCard.empty')}
        </Text>
      ) : (
        <Stack gap={0}>
          <Table aria-label={t('orderCard.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.number')}</Table.Th>
                <Table.Th>{t('columns.issued')}</Table.Th>
                <Table.Th>{t('columns.due')}</Table.Th>
                <Table.Th ta="right">{t('columns.gross')}</Table.Th>
                <Table.Th ta="right">{t('columns.balance')}</Table.Th>
                <Table.Th>{t('columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${inv.id}`} size="sm">
                      {inv.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(inv.issuedOn, lng)}</Table.Td>
                  <Table.Td>{inv.kind === 'invoice' ? formatDate(inv.dueOn, lng) : '—'}</Table.Td>
                  <Table.Td ta="right">
                    {formatMoney({ amount: inv.totals.gross, currency: inv.currency }, lng)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {inv.kind === 'invoice' && inv.status !== 'void'
                      ? formatMoney({ amount: inv.balance, currency: inv.currency }, lng)
                      : '—'}
                  </Table.Td>
                  <Table.Td>
                    <InvoiceStatusBadge invoice={inv} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  );
}
