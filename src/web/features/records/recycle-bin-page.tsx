import {
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconEraser, IconRestore, IconSearch, IconTrash } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactName, formatDate, formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { DebouncedTextInput } from './debounced-text-input.tsx';
import { purgeDate } from './deleted-banner.tsx';
import { EraseModal } from './erase-modal.tsx';
import { type EntityKind, recordPath } from './record-types.ts';
import { usePageTitle } from './use-page-title.ts';
import { useErrorMessage, useRecordActions } from './use-record-actions.ts';
import { useRecordList } from './use-record-list.ts';

type BinRow = {
  id: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  emails: { address: string }[];
  domain?: string | null;
  deletedAt: string | null;
};

const nameOf = (r: BinRow) =>
  r.name ?? contactName({ firstName: r.firstName ?? '', lastName: r.lastName ?? '', emails: r.emails });

/** Deleted contacts and companies: restore within 30 days, or (admins) erase for good. */
export function RecycleBinPage() {
  const { t, i18n } = useTranslation('records');
  const { t: tc } = useTranslation();
  const user = useSession().data?.user;
  const [kind, setKind] = useState<EntityKind>('contact');
  const [q, setQ] = useState('');
  const [erasing, setErasing] = useState<BinRow | null>(null);
  const list = useRecordList<BinRow>(kind, { q, deleted: 'only' });
  const { restore, erase } = useRecordActions(kind);
  const message = useErrorMessage();
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const canRestore = hasRole(user, 'agent');
  const isAdmin = hasRole(user, 'admin');
  const lng = i18n.language;
  usePageTitle(tc('nav.recycleBin'));

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={1} size="h2">
          {tc('nav.recycleBin')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('bin.intro')}
        </Text>
      </div>
      <Group gap="sm">
        <SegmentedControl
          aria-label={t('bin.kind')}
          value={kind}
          onChange={(v) => setKind(v as EntityKind)}
          data={[
            { value: 'contact', label: tc('nav.contacts') },
            { value: 'company', label: tc('nav.companies') },
          ]}
        />
        <DebouncedTextInput
          aria-label={t('bin.search')}
          placeholder={t('bin.search')}
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={setQ}
          w={260}
          type="search"
        />
      </Group>
      {list.isPending ? (
        <Center py="xl">
          <Loader size="sm" aria-label={tc('states.loading')} />
        </Center>
      ) : list.isError ? (
        <Text c="red" role="alert">
          {message(list.error)}
        </Text>
      ) : rows.length === 0 ? (
        <Stack align="center" py="xl" gap={4}>
          <IconTrash size={32} opacity={0.4} aria-hidden />
          <Text fw={600}>{q ? t('list.noMatch') : t('bin.empty')}</Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" aria-label={tc('nav.recycleBin')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{kind === 'contact' ? t('fields.email') : t('fields.domain')}</Table.Th>
                <Table.Th>{t('fields.deletedAt')}</Table.Th>
                <Table.Th>{t('bin.erasedOn')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('bin.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={recordPath(kind, r.id)} size="sm">
                      {nameOf(r)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {kind === 'contact' ? (r.emails[0]?.address ?? '—') : (r.domain ?? '—')}
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.deletedAt, lng)}</Table.Td>
                  <Table.Td>{r.deletedAt ? formatDate(purgeDate(r.deletedAt), lng) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {canRestore && (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconRestore size={14} />}
                          loading={restore.isPending && restore.variables === r.id}
                          onClick={() => restore.mutate(r.id)}
                          aria-label={t('bin.restoreN', { name: nameOf(r) })}
                        >
                          {tc('actions.restore')}
                        </Button>
                      )}
                      {isAdmin && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          leftSection={<IconEraser size={14} />}
                          onClick={() => setErasing(r)}
                          aria-label={t('bin.eraseN', { name: nameOf(r) })}
                        >
                          {t('bin.erase')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {tc('actions.loadMore')}
        </Button>
      )}
      <EraseModal
        key={erasing?.id ?? 'none'}
        opened={erasing !== null}
        name={erasing ? nameOf(erasing) : ''}
        busy={erase.isPending}
        onClose={() => setErasing(null)}
        onErase={(reason) =>
          erasing && erase.mutate({ id: erasing.id, reason }, { onSuccess: () => setErasing(null) })
        }
      />
    </Stack>
  );
}
