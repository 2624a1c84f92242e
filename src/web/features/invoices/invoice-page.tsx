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
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconBan,
  IconCash,
  IconDownload,
  IconReceiptRefund,
  IconSend,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceDetailDto, PaymentMethod } from '../../../shared/invoices.ts';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { LinesTable } from '../sales/lines-table.tsx';
import { SendDocumentModal } from '../sales/send-document-modal.tsx';
import { CreditNoteDialog, PaymentDialog, VoidDialog } from './invoice-dialogs.tsx';
import { InvoiceStatusBadge } from './invoice-status.tsx';
import { useInvoice, useSendInvoice } from './use-invoices.ts';

/** /invoices/$invoiceId: lines, totals and tax breakdown, payments, credit notes; pay, credit, void, PDF. */
export function InvoicePage() {
  const { invoiceId } = useParams({ strict: false }) as { invoiceId: string };
  const { t } = useTranslation('invoices');
  const q = useInvoice(invoiceId);
  const message = useErrorMessage();
  usePageTitle(q.data?.number ?? t('title'));
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (q.isError) return <Alert color="red">{message(q.error)}</Alert>;
  return <InvoiceView invoice={q.data} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right" component="div">
        {children}
      </Text>
    </Group>
  );
}

function InvoiceView({ invoice }: { invoice: InvoiceDetailDto }) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const user = useSession().data?.user;
  const canWrite = hasRole(user, 'agent');
  const canVoid = hasRole(user, 'manager');
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'pay' | 'credit' | 'void' | 'send' | null>(null);
  const send = useSendInvoice(invoice.id);
  const money = (amount: number) => formatMoney({ amount, currency: invoice.currency }, lng);
  const isInvoice = invoice.kind === 'invoice';
  const live = invoice.status !== 'void';
  const payable = isInvoice && live && invoice.balance > 0;
  const creditable = isInvoice && live && invoice.lines.some((l) => l.creditedQuantity !== l.quantity);
  const voidable =
    live && (!isInvoice || (invoice.paid === 0 && !invoice.creditNotes.some((c) => c.status !== 'void')));
  useShortcuts({
    p: () => canWrite && payable && setDialog('pay'),
  });

  return (
    <Stack gap="md" maw={1280}>
      <Anchor component={Link} to="/invoices" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('page.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2" ff="monospace">
              {invoice.number}
            </Title>
            <InvoiceStatusBadge invoice={invoice} />
          </Group>
          <Text size="sm" c="dimmed">
            {t(`kind.${invoice.kind}`)} ·{' '}
            {[invoice.contactName, invoice.companyName].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
        <Group gap="xs">
          {canWrite && payable && (
            <Button leftSection={<IconCash size={16} />} onClick={() => setDialog('pay')} title="P">
              {t('pay.open')}
            </Button>
          )}
          {canWrite && creditable && (
            <Button
              variant="light"
              leftSection={<IconReceiptRefund size={16} />}
              onClick={() => setDialog('credit')}
            >
              {t('credit.open')}
            </Button>
          )}
          {canWrite && live && (
            <Button variant="light" leftSection={<IconSend size={16} />} onClick={() => setDialog('send')}>
              {t('send.open')}
            </Button>
          )}
          <Button
            variant="default"
            component="a"
            href={`/api/v1/invoices/${invoice.id}/pdf`}
            download={`${invoice.number}.pdf`}
            leftSection={<IconDownload size={16} />}
          >
            {t('page.pdf')}
          </Button>
          {canVoid && voidable && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconBan size={16} />}
              onClick={() => setDialog('void')}
            >
              {t('voiding.open')}
            </Button>
          )}
        </Group>
      </Group>
      {invoice.mail && (
        <Text size="sm" c={invoice.mail.status === 'failed' ? 'red' : 'dimmed'}>
          {invoice.mail.status === 'failed'
            ? t('mail.failed', { error: invoice.mail.lastError ?? '' })
            : invoice.mail.status === 'sent' && invoice.mail.sentAt
              ? t('mail.sent', { date: formatDateTime(invoice.mail.sentAt, lng) })
              : t('mail.queued')}
        </Text>
      )}
      <SendDocumentModal
        ns="invoices"
        number={invoice.number}
        recipient={invoice.recipient}
        opened={dialog === 'send'}
        onClose={() => setDialog(null)}
        send={send}
        onSent={() => notifications.show({ color: 'teal', message: t('send.done') })}
      />
      {!live && invoice.voidedAt && (
        <Alert color="gray">
          {t('page.voided', { date: formatDate(invoice.voidedAt, lng), reason: invoice.voidReason ?? '' })}
        </Alert>
      )}

      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="sm">
                {t('page.lines')}
              </Title>
              <LinesTable
                currency={invoice.currency}
                lines={invoice.lines}
                totals={invoice.totals}
                taxBreakdown={invoice.taxBreakdown}
              />
            </Paper>
            {isInvoice && (
              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h4" mb="sm">
                  {t('page.payments')}
                </Title>
                {invoice.payments.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('page.noPayments')}
                  </Text>
                ) : (
                  <Table aria-label={t('page.payments')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('pay.receivedAt')}</Table.Th>
                        <Table.Th>{t('pay.method')}</Table.Th>
                        <Table.Th>{t('pay.reference')}</Table.Th>
                        <Table.Th ta="right">{t('columns.gross')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {invoice.payments.map((p) => (
                        <Table.Tr key={p.id}>
                          <Table.Td>{formatDate(p.receivedAt, lng)}</Table.Td>
                          <Table.Td>{t(`pay.methods.${p.method as PaymentMethod}`)}</Table.Td>
                          <Table.Td>{p.reference ?? '—'}</Table.Td>
                          <Table.Td ta="right" ff="monospace">
                            {money(p.amount)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            )}
            {invoice.creditNotes.length > 0 && (
              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h4" mb="sm">
                  {t('page.creditNotes')}
                </Title>
                <Stack gap={4}>
                  {invoice.creditNotes.map((c) => (
                    <Group key={c.id} justify="space-between">
                      <Anchor component={Link} to={`/invoices/${c.id}`} size="sm" ff="monospace">
                        {c.number}
                      </Anchor>
                      <Text
                        size="sm"
                        c={c.status === 'void' ? 'dimmed' : undefined}
                        td={c.status === 'void' ? 'line-through' : undefined}
                      >
                        {formatDate(c.issuedOn, lng)} · {money(-c.gross)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md" radius="md">
            <Stack gap={6}>
              <Row label={t('page.customer')}>
                {invoice.contactId && (
                  <Anchor component={Link} to={`/contacts/${invoice.contactId}`} size="sm" display="block">
                    {invoice.contactName ?? '—'}
                  </Anchor>
                )}
                {invoice.companyId && (
                  <Anchor component={Link} to={`/companies/${invoice.companyId}`} size="sm" display="block">
                    {invoice.companyName ?? '—'}
                  </Anchor>
                )}
              </Row>
              {invoice.orderId && (
                <Row label={t('page.order')}>
                  <Anchor component={Link} to={`/orders/${invoice.orderId}`} size="sm" ff="monospace">
                    {invoice.orderNumber}
                  </Anchor>
                </Row>
              )}
              {invoice.creditedInvoiceId && (
                <Row label={t('page.credits')}>
                  <Anchor
                    component={Link}
                    to={`/invoices/${invoice.creditedInvoiceId}`}
                    size="sm"
                    ff="monospace"
                  >
                    {invoice.creditedInvoiceNumber}
                  </Anchor>
                </Row>
              )}
              <Row label={t('page.issued')}>{formatDate(invoice.issuedOn, lng)}</Row>
              {isInvoice && (
                <>
                  <Row label={t('page.due')}>
                    <Text span size="sm" c={invoice.overdue ? 'red' : undefined}>
                      {formatDate(invoice.dueOn, lng)} ({t('page.terms', { count: invoice.paymentTermsDays })}
                      )
                    </Text>
                  </Row>
                  <Row label={t('columns.gross')}>{money(invoice.totals.gross)}</Row>
                  <Row label={t('page.paid')}>{money(invoice.paid)}</Row>
                  {invoice.credited > 0 && <Row label={t('page.credited')}>{money(-invoice.credited)}</Row>}
                  <Row label={invoice.balance < 0 ? t('page.refund') : t('page.balance')}>
                    <Text span size="sm" fw={700} c={invoice.overdue ? 'red' : undefined}>
                      {money(Math.abs(invoice.balance))}
                    </Text>
                  </Row>
                  {invoice.paidAt && <Row label={t('page.paidAt')}>{formatDate(invoice.paidAt, lng)}</Row>}
                  {invoice.daysLate !== null && (
                    <Row label={t('page.daysLate')}>
                      <Text span size="sm" c={invoice.daysLate > 0 ? 'red' : undefined}>
                        {invoice.daysLate}
                      </Text>
                    </Row>
                  )}
                </>
              )}
              {invoice.note && <Row label={t('page.note')}>{invoice.note}</Row>}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <PaymentDialog invoice={invoice} opened={dialog === 'pay'} onClose={() => setDialog(null)} />
      <CreditNoteDialog
        invoice={invoice}
        opened={dialog === 'credit'}
        onClose={() => setDialog(null)}
        onCreated={(cn) => {
          setDialog(null);
          void navigate({ to: `/invoices/${cn.id}` });
        }}
      />
      <VoidDialog invoice={invoice} opened={dialog === 'void'} onClose={() => setDialog(null)} />
    </Stack>
  );
}
