import {
  Alert,
  Anchor,
  Button,
  Center,
  Chip,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type QuoteStatus, quoteStatuses } from '../../../shared/quotes.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { QuoteStatusBadge } from './quote-status-badge.tsx';
import { useQuoteList } from './use-quotes.ts';

/**
 * /quotes: every quote, newest first, by status (chips) or number/title (search). Keyboard: `n` new quote,
 * `/` search.
 */
export function QuotesPage() {
  const { t, i18n } = useTranslation('quotes');
  const lng = i18n.language;
  const message = useErrorMessage();
  const navigate = useNavigate();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const [status, setStatus] = useState<QuoteStatus | 'all'>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useQuoteList({ status: status === 'all' ? null : status, q: q || undefined });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  usePageTitle(t('title'));
  useShortcuts({
    n: () => canWrite && void navigate({ to: '/quotes/new' }),
    '/': () => searchRef.current?.focus(),
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        {canWrite && (
          <Button
            component={Link}
            to="/quotes/new"
            leftSection={<IconPlus size={16} />}
            aria-keyshortcuts="n"
          >
            {t('new')}
          </Button>
        )}
      </Group>
      <Group justify="space-between" wrap="wrap">
        <Chip.Group multiple={false} value={status} onChange={(v) => setStatus(v as QuoteStatus | 'all')}>
          <Group gap="xs" role="group" aria-label={t('status.label')}>
            {(['all', ...quoteStatuses] as const).map((s) => (
              <Chip key={s} value={s} size="sm">
                {t(`status.${s}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <TextInput
          ref={searchRef}
          w={280}
          aria-label={t('search')}
          placeholder={t('search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          aria-keyshortcuts="/"
        />
      </Group>
      {list.isError && <Alert color="red">{message(list.error)}</Alert>}
      {list.isPending ? (
        <Center p="xl">
          <Loader />
        </Center>
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" p="xl">
          {t('empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover aria-label={t('title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.number')}</Table.Th>
                <Table.Th>{t('columns.customer')}</Table.Th>
                <Table.Th>{t('columns.title')}</Table.Th>
                <Table.Th>{t('columns.status')}</Table.Th>
                <Table.Th ta="right">{t('columns.total')}</Table.Th>
                <Table.Th>{t('columns.validUntil')}</Table.Th>
                <Table.Th>{t('columns.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/quotes/${r.id}`} fw={600}>
                      {r.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.contactName ?? r.companyName ?? '—'}</Text>
                    {r.contactName && r.companyName && (
                      <Text size="xs" c="dimmed">
                        {r.companyName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {r.title ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <QuoteStatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney({ amount: r.totals.gross, currency: r.currency }, lng)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.validUntil, lng)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.createdAt, lng)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
