import { Anchor, Group, Text } from '@mantine/core';
import { IconCash, IconFileInvoice, IconReceiptRefund } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto, PaymentDto } from '../../../shared/invoices.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { InvoiceStatusBadge } from './invoice-status.tsx';

/** Bullets of invoices, credit notes and payments on a customer's timeline. */
export const invoiceBullet = (invoice: InvoiceDto) =>
  invoice.kind === 'credit_note'
    ? { color: 'grape', icon: IconReceiptRefund }
    : {
        color: invoice.overdue ? 'red' : invoice.status === 'paid' ? 'green' : 'blue',
        icon: IconFileInvoice,
      };
export const paymentBullet = { color: 'teal', icon: IconCash };

/** An invoice or credit note when issued: number (a link), total, and its state now. */
export function InvoiceTimelineTitle({ invoice, at }: { invoice: InvoiceDto; at: ReactNode }) {
  const { t, i18n } = useTranslation('invoices');
  return (
    <Group gap={6} wrap="wrap">
      <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm" fw={600}>
        {t(invoice.kind === 'credit_note' ? 'timeline.credit' : 'timeline.issued', {
          number: invoice.number,
        })}
      </Anchor>
      <Text size="sm" ff="monospace">
        {formatMoney({ amount: invoice.totals.gross, currency: invoice.currency }, i18n.language)}
      </Text>
      <InvoiceStatusBadge invoice={invoice} />
      {at}
    </Group>
  );
}

export function InvoiceTimelineBody({ invoice }: { invoice: InvoiceDto }) {
  const { t, i18n } = useTranslation('invoices');
  if (invoice.kind !== 'invoice') return null;
  return (
    <Text size="xs" c="dimmed">
      {t('timeline.due', { date: formatDate(invoice.dueOn, i18n.language) })}
    </Text>
  );
}

export function PaymentTimelineTitle({ payment, at }: { payment: PaymentDto; at: ReactNode }) {
  const { t, i18n } = useTranslation('invoices');
  return (
    <Group gap={6} wrap="wrap">
      <Anchor component={Link} to={`/invoices/${payment.invoiceId}`} size="sm" fw={600}>
        {t('timeline.payment', {
          amount: formatMoney({ amount: payment.amount, currency: payment.currency }, i18n.language),
          number: payment.invoiceNumber,
        })}
      </Anchor>
      {at}
    </Group>
  );
}
