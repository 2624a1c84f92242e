import {
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { stayInTouchList, stayInTouchOwners } from '../../../shared/relationships.ts';
import { api, qs } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { Empty } from '../records/field-value.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useUsers } from '../records/use-users.ts';
import { LogInteractionModal } from '../timeline/log-interaction-modal.tsx';

type Page = z.infer<typeof stayInTouchList>;
type Owners = z.infer<typeof stayInTouchOwners>;

/** /stay-in-touch — one owner's contacts whose next touch is due, most overdue first. */
export function StayInTouchPage() {
  const { t, i18n } = useTranslation('relationships');
  const { t: tc } = useTranslation();
  const lng = i18n.language;
  usePageTitle(t('title'));
  const me = useSession().data?.user;
  const { users, nameOf } = useUsers();
  const errorMessage = useErrorMessage();
  const [ownerId, setOwnerId] = useState('me');
  const [due, setDue] = useState<'overdue' | 'week'>('overdue');
  const [logging, setLogging] = useState<string | null>(null);
  const owners = useQuery({
    queryKey: ['stay-in-touch', 'owners'],
    queryFn: ({ signal }) => api<Owners>('/stay-in-touch/owners', { signal }),
  });
  const list = useInfiniteQuery({
    queryKey: ['stay-in-touch', 'list', ownerId, due],
    queryFn: ({ pageParam, signal }) =>
      api<Page>(`/stay-in-touch${qs({ ownerId, due, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const countOf = (id: string | null) => owners.data?.data.find((o) => o.ownerId === id)?.overdue ?? 0;
  const label = (name: string, n: number) => (n ? `${name} · ${t('overdueCount', { count: n })}` : name);
  const ownerOptions = [
    { value: 'me', label: label(t('me'), countOf(me?.id ?? null)) },
    ...users
      .filter((u) => u.id !== me?.id && (u.active || countOf(u.id) > 0))
      .map((u) => ({ value: u.id, label: label(u.name || u.email, countOf(u.id)) })),
    { value: 'none', label: label(t('unassigned'), countOf(null)) },
  ];
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const canLog = hasRole(me, 'agent');
  return (
    <Stack gap="lg" maw={1280}>
      <div>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Text c="dimmed" size="sm" maw={720}>
          {t('intro')}
        </Text>
      </div>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('owner')}
          data={ownerOptions}
          value={ownerId}
          onChange={(v) => setOwnerId(v ?? 'me')}
          allowDeselect={false}
          searchable
          w={300}
          comboboxProps={{ keepMounted: false }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} component="span" id="stay-due-label">
            {t('due')}
          </Text>
          <SegmentedControl
            aria-labelledby="stay-due-label"
            value={due}
            onChange={(v) => setDue(v as 'overdue' | 'week')}
            data={[
              { value: 'overdue', label: t('dueOverdue') },
              { value: 'week', label: t('dueWeek') },
            ]}
          />
        </Stack>
      </Group>
      <Paper withBorder radius="md">
        {list.isPending ? (
          <Center p="xl">
            <Loader size="sm" />
          </Center>
        ) : list.error ? (
          <Text c="red" p="lg">
            {errorMessage(list.error)}
          </Text>
        ) : rows.length === 0 ? (
          <Stack p="xl" align="center" gap={4}>
            <Text fw={600}>{t('empty')}</Text>
            <Text size="sm" c="dimmed" ta="center" maw={520}>
              {t('emptyHint')}
            </Text>
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contact')}</Table.Th>
                  <Table.Th>{t('company')}</Table.Th>
                  <Table.Th>{t('stage')}</Table.Th>
                  <Table.Th>{t('cadence')}</Table.Th>
                  <Table.Th>{t('lastTouch')}</Table.Th>
                  <Table.Th>{t('dueColumn')}</Table.Th>
                  {canLog && <Table.Th aria-label={t('logTouch')} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Anchor component={Link} to={`/contacts/${r.id}`} fw={600} size="sm">
                        {r.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {r.companyId ? (
                        <Anchor component={Link} to={`/companies/${r.companyId}`} size="sm">
                          {r.companyName}
                        </Anchor>
                      ) : (
                        <Empty />
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.relationshipStage ? (
                        <Text size="sm">{tc(`relationshipStage.${r.relationshipStage}`)}</Text>
                      ) : (
                        <Empty />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t('every', { days: r.stayInTouchDays })}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        title={r.lastInteractionAt ? formatDate(r.lastInteractionAt, lng) : undefined}
                      >
                        {r.lastInteractionAt ? relativeTime(r.lastInteractionAt, lng) : t('never')}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {r.daysOverdue >= 0 ? (
                        <Text
                          size="sm"
                          fw={600}
                          c={r.daysOverdue > 0 ? 'red' : 'orange'}
                          title={formatDate(r.touchDueAt, lng)}
                        >
                          {r.daysOverdue > 0 ? t('overdueBy', { count: r.daysOverdue }) : t('dueToday')}
                        </Text>
                      ) : (
                        <Text size="sm" title={formatDate(r.touchDueAt, lng)}>
                          {t('dueIn', { when: relativeTime(r.touchDueAt, lng) })}
                        </Text>
                      )}
                    </Table.Td>
                    {canLog && (
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconPhoneCall size={14} />}
                          onClick={() => setLogging(r.id)}
                          aria-label={`${t('logTouch')}: ${r.name}`}
                        >
                          {t('logTouch')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Center p="sm">
            <Button
              variant="subtle"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t('more')}
            </Button>
          </Center>
        )}
      </Paper>
      {ownerId !== 'me' && ownerId !== 'none' && nameOf(ownerId) === null && <Text size="sm">{ownerId}</Text>}
      {logging && (
        <LogInteractionModal
          kind="contact"
          recordId={logging}
          channel="phone"
          onClose={() => setLogging(null)}
        />
      )}
    </Stack>
  );
}
