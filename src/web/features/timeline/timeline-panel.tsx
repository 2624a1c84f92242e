import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Group,
  Kbd,
  Loader,
  Menu,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Timeline,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconDots,
  IconNote,
  IconPencil,
  IconPhone,
  IconPlus,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channels } from '../../../shared/crm.ts';
import { type InteractionDto, touchpoints } from '../../../shared/interactions.ts';
import type { TimelineItem } from '../../../shared/timeline.ts';
import { api, qs } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { JourneyStrip } from '../journey/journey-strip.tsx';
import { ConfirmModal } from '../records/confirm-modal.tsx';
import { type EntityKind, entities } from '../records/record-types.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { type Channel, LogInteractionModal } from './log-interaction-modal.tsx';
import { NoteComposer } from './note-composer.tsx';
import { ItemBody, ItemTitle, itemBullet } from './timeline-items.tsx';

const filters = {
  all: {},
  interactions: { types: 'interaction' },
  calls: { channel: 'phone' },
  meetings: { channel: 'meeting' },
  emails: { channel: 'email' },
  notes: { types: 'note' },
  tasks: { types: 'task' },
  sales: { types: 'deal,order,invoice,payment' },
  changes: { types: 'change' },
} as const;
type Filter = keyof typeof filters;

/**
 * Everything that happened with a contact or company, newest first: interactions on every channel, notes
 * and record changes. Quick-log with the buttons or, from anywhere on the record page, the keyboard:
 * `c` a call, `m` a meeting, `n` a note (see useQuickLogShortcuts).
 */
export type QuickLog = { what: 'phone' | 'meeting' | 'note'; at: number };

/** The record page's `c`, `m` and `n` keys: they open the timeline tab and start logging there. */
export function useQuickLogShortcuts(onQuickLog: (q: QuickLog) => void) {
  const canWrite = hasRole(useSession().data?.user, 'agent');
  useShortcuts(
    canWrite
      ? {
          c: () => onQuickLog({ what: 'phone', at: Date.now() }),
          m: () => onQuickLog({ what: 'meeting', at: Date.now() }),
          n: () => onQuickLog({ what: 'note', at: Date.now() }),
        }
      : {},
  );
}

export function TimelinePanel({
  kind,
  id,
  quickLog,
}: {
  kind: EntityKind;
  id: string;
  quickLog?: QuickLog | null;
}) {
  const { t } = useTranslation('timeline');
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const [filter, setFilter] = useState<Filter>('all');
  const [touchpoint, setTouchpoint] = useState<string | null>(null);
  const [logging, setLogging] = useState<Channel | null>(null);
  const [writing, setWriting] = useState(false);
  const [editing, setEditing] = useState<InteractionDto | null>(null);
  const [deleting, setDeleting] = useState<TimelineItem | null>(null);
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (item: TimelineItem) =>
      item.type === 'interaction'
        ? api(`/interactions/${item.id}`, {
            method: 'DELETE',
            headers: { 'if-match': `"${item.interaction.version}"` },
          })
        : api(`/notes/${item.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('log.deleted') });
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: [entities[kind].plural, 'timeline', id] });
    },
    onError: (err) => notifications.show({ color: 'red', message: message(err) }),
  });
  useEffect(() => {
    if (!quickLog) return;
    if (quickLog.what === 'note') setWriting(true);
    else setLogging(quickLog.what);
  }, [quickLog]);
  const q = useInfiniteQuery({
    queryKey: [entities[kind].plural, 'timeline', id, filter, touchpoint],
    queryFn: ({ pageParam, signal }) =>
      api<{ data: TimelineItem[]; nextCursor: string | null }>(
        `/${entities[kind].plural}/${id}/timeline${qs({ ...filters[filter], touchpoint, limit: 30, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="md">
      {kind === 'contact' && <JourneyStrip contactId={id} />}
      <Group justify="space-between" wrap="wrap" gap="sm">
        {canWrite && (
          <Group gap="xs">
            <Tooltip label={t('log.shortcut', { key: 'C' })}>
              <Button size="xs" leftSection={<IconPhone size={14} />} onClick={() => setLogging('phone')}>
                {t('log.call')}
              </Button>
            </Tooltip>
            <Tooltip label={t('log.shortcut', { key: 'M' })}>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconUsers size={14} />}
                onClick={() => setLogging('meeting')}
              >
                {t('log.meeting')}
              </Button>
            </Tooltip>
            <Tooltip label={t('log.shortcut', { key: 'N' })}>
              <Button
                size="xs"
                variant="light"
                color="yellow"
                leftSection={<IconNote size={14} />}
                onClick={() => setWriting(true)}
              >
                {t('log.note')}
              </Button>
            </Tooltip>
            <Menu position="bottom-start">
              <Menu.Target>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconPlus size={14} />}
                  rightSection={<IconChevronDown size={12} />}
                >
                  {t('log.other')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {channels.map((c) => (
                  <Menu.Item key={c} onClick={() => setLogging(c)}>
                    {t(`channel.${c}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
        <Group gap="xs" wrap="nowrap" maw="100%">
          <Select
            size="xs"
            w={170}
            aria-label={t('fields.touchpoint')}
            placeholder={t('filters.allDepartments')}
            data={touchpoints.map((tp) => ({ value: tp, label: t(`touchpoint.${tp}`) }))}
            value={touchpoint}
            onChange={setTouchpoint}
            clearable
            comboboxProps={{ keepMounted: false }}
          />
          <ScrollArea type="never" maw="100%">
            <SegmentedControl
              size="xs"
              aria-label={t('filters.label')}
              value={filter}
              onChange={(v) => setFilter(v as Filter)}
              data={(Object.keys(filters) as Filter[]).map((f) => ({ value: f, label: t(`filters.${f}`) }))}
            />
          </ScrollArea>
        </Group>
      </Group>
      {writing && (
        <Paper withBorder p="sm" radius="md">
          <NoteComposer kind={kind} recordId={id} onDone={() => setWriting(false)} />
        </Paper>
      )}
      {q.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : q.isError ? (
        <Alert color="red">{message(q.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {filter === 'all' && !touchpoint ? t('empty') : t('emptyFiltered')}
          {filter === 'all' && canWrite && (
            <>
              {' '}
              <Kbd size="xs">C</Kbd> · <Kbd size="xs">M</Kbd> · <Kbd size="xs">N</Kbd>
            </>
          )}
        </Text>
      ) : (
        <Timeline bulletSize={28} lineWidth={2} aria-label={t('tab')}>
          {items.map((item) => (
            <Timeline.Item
              key={`${item.type}:${item.id}`}
              bullet={itemBullet(item)}
              title={
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <ItemTitle item={item} kind={kind} />
                  {canWrite && (item.type === 'interaction' || item.type === 'note') && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('log.actions')}>
                          <IconDots size={14} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {item.type === 'interaction' && (
                          <Menu.Item
                            leftSection={<IconPencil size={14} />}
                            onClick={() => setEditing(item.interaction)}
                          >
                            {t('log.edit')}
                          </Menu.Item>
                        )}
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setDeleting(item)}
                        >
                          {t('log.delete')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Group>
              }
              data-testid={`timeline-${item.type}`}
            >
              <ItemBody item={item} kind={kind} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {q.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          loading={q.isFetchingNextPage}
          onClick={() => void q.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('older')}
        </Button>
      )}
      <LogInteractionModal
        kind={kind}
        recordId={id}
        channel={logging}
        editing={editing}
        onClose={() => {
          setLogging(null);
          setEditing(null);
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('log.confirmDelete')}
        message={
          deleting?.type === 'interaction'
            ? deleting.interaction.subject || t(`channel.${deleting.interaction.channel}`)
            : null
        }
        confirmLabel={t('log.delete')}
        busy={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      />
    </Stack>
  );
}
