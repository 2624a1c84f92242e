import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { useUsers } from '../records/use-users.ts';
import { LeadsNav } from './leads-nav.tsx';
import { type LeadPage, leadKeys } from './use-leads.ts';

export const percent = (p: number | null, lng: string) =>
  p === null ? '—' : new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 0 }).format(p);

export const scoreColor = (score: number) => (score >= 50 ? 'teal' : score >= 20 ? 'yellow' : 'gray');

/**
 * /leads: open leads, best score first, with their learned probability, owner, source and age; filters by
 * owner, source and score range. Keyboard: `/` jumps to the source filter.
 */
export function LeadsPage() {
  const { t, i18n } = useTranslation('leads');
  const message = useErrorMessage();
  const { users, nameOf } = useUsers();
  usePageTitle(t('title'));
  const [ownerId, setOwner] = useState<string | null>(null);
  const [sourceInput, setSource] = useState('');
  const [minScore, setMin] = useState<number | string>('');
  const [maxScore, setMax] = useState<number | string>('');
  const [source] = useDebouncedValue(sourceInput.trim(), 250);
  const sourceRef = useRef<HTMLInputElement>(null);
  useShortcuts({ '/': () => sourceRef.current?.focus() });
  const params = {
    ownerId: ownerId ?? undefined,
    source: source || undefined,
    minScore: typeof minScore === 'number' ? minScore : undefined,
    maxScore: typeof maxScore === 'number' ? maxScore : undefined,
  };
  const list = useInfiniteQuery({
    queryKey: leadKeys.list(params),
    queryFn: ({ pageParam, signal }) =>
      api<LeadPage>(`/leads${qs({ ...params, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <LeadsNav />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Select
          label={t('fields.owner')}
          placeholder={t('anyOwner')}
          clearable
          searchable
          data={users.map((u) => ({ value: u.id, label: u.name || u.email }))}
          value={ownerId}
          onChange={setOwner}
          w={220}
        />
        <TextInput
          ref={sourceRef}
          label={t('fields.source')}
          value={sourceInput}
          onChange={(e) => setSource(e.currentTarget.value)}
          w={180}
        />
        <NumberInput
          label={t('fields.minScore')}
          value={minScore}
          onChange={setMin}
          w={120}
          allowDecimal={false}
        />
        <NumberInput
          label={t('fields.maxScore')}
          value={maxScore}
          onChange={setMax}
          w={120}
          allowDecimal={false}
        />
      </Group>
      {list.isError ? (
        <Alert color="red">{message(list.error)}</Alert>
      ) : list.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : !rows.length ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('noLeads')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th ta="right">{t('fields.score')}</Table.Th>
                <Table.Th ta="right">{t('fields.probability')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
                <Table.Th>{t('fields.source')}</Table.Th>
                <Table.Th>{t('fields.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => (
                <Table.Tr key={l.contactId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${l.contactId}`} size="sm" fw={500}>
                      {l.name}
                    </Anchor>
                    {l.email && l.email !== l.name && (
                      <Text size="xs" c="dimmed">
                        {l.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={220}>
                      {l.companyName ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Badge
                      variant="light"
                      color={scoreColor(l.score)}
                      title={l.rules.map((r) => r.name).join(', ')}
                    >
                      {l.score}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{percent(l.probability, i18n.language)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{l.ownerName ?? nameOf(l.ownerId) ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[l.source, l.campaign].filter(Boolean).join(' · ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(l.createdAt, i18n.language)}</Text>
                  </Table.Td>
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
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
