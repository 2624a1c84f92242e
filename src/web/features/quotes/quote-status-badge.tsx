import { Badge, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuoteStatus } from '../../../shared/quotes.ts';
import { statusColors } from './use-quotes.ts';

export function QuoteStatusBadge({ status, size }: { status: QuoteStatus; size?: MantineSize }) {
  const { t } = useTranslation('quotes');
  return (
    <Badge color={statusColors[status]} variant="light" size={size}>
      {t(`status.${status}`)}
    </Badge>
  );
}
