import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto } from '../../../shared/invoices.ts';

const colors = { open: 'blue', partially_paid: 'yellow', paid: 'green', void: 'gray' } as const;

/** The state of an invoice as one chip: overdue (red) wins over open and partially paid. */
export function InvoiceStatusBadge({
  invoice,
}: {
  invoice: Pick<InvoiceDto, 'status' | 'overdue' | 'kind'>;
}) {
  const { t } = useTranslation('invoices');
  if (invoice.kind === 'credit_note')
    return (
      <Badge size="sm" variant="light" color={invoice.status === 'void' ? 'gray' : 'grape'}>
        {invoice.status === 'void' ? t('status.void') : t('status.applied')}
      </Badge>
    );
  if (invoice.overdue)
    return (
      <Badge size="sm" variant="filled" color="red">
        {t('status.overdue')}
      </Badge>
    );
  return (
    <Badge size="sm" variant="light" color={colors[invoice.status]}>
      {t(`status.${invoice.status}`)}
    </Badge>
  );
}
