import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { QuoteStatusBadge } from './quote-status-badge.tsx';
import { useRecordQuotes } from './use-quotes.ts';

/**
 * A contact's or company's newest quotes on its page: number, title, total, status and validity, how many
 * there are, and "New quote" already for this customer.
 */
export function RecordQuotesCard({
  kind,
  id,
  name,
}: {
  kind: 'contact' | 'company';
  id: string;
  name: string;
}) {
  const { t, i18n } = useTranslation('quotes');
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const { latest, count } = useRecordQuotes(kind, id);
  const quotes = latest.data?.data ?? [];
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
            to="/quotes/new"
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
      ) : quotes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('card.empty')}
        </Text>
      ) : (
        <Stack gap={8} role="list" aria-label={t('card.title')}>
          {quotes.map((q) => (
            <Group key={q.id} role="listitem" justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/quotes/${q.id}`} size="sm" fw={600} ff="monospace">
                  {q.number}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  {[
                    q.title,
                    kind === 'company' ? q.contactName : null,
                    q.validUntil && (q.status === 'draft' || q.status === 'sent')
                      ? t('card.validUntil', { date: formatDate(q.validUntil, i18n.language) })
                      : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Stack>
              <Stack gap={2} align="flex-end">
                <Text size="sm" ff="monospace">
                  {formatMoney({ amount: q.totals.gross, currency: q.currency }, i18n.language)}
                </Text>
                <QuoteStatusBadge status={q.status} size="xs" />
              </Stack>
            </Group>
          ))}
          {count > quotes.length && (
            <Anchor component={Link} to="/quotes" size="xs">
              {t('card.viewAll')}
            </Anchor>
          )}
        </Stack>
      )}
    </Paper>
  );
}
