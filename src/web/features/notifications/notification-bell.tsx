import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationDto } from '../../../shared/notifications.ts';
import { api } from '../../lib/api.ts';
import { relativeTime } from '../../lib/relative-time.ts';

const key = ['notifications'];
const paths: Partial<Record<NonNullable<NotificationDto['linkType']>, string>> = {
  contact: '/contacts/',
  company: '/companies/',
  task: '/tasks/',
  event: '/calendar/events/',
};

/**
 * The notification centre in the header: a bell with the unread count (checked every 30 s and whenever the
 * window regains focus), the latest notifications, and a link to what each is about.
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation('timeline');
  const { t: tt } = useTranslation('tasks');
  const { t: ta } = useTranslation('analytics');
  // A valuable customer slipping away (alerted after the nightly scoring run).
  const isChurnRisk = (n: NotificationDto) => n.kind === 'churn_risk';
  // What a task notification is, in the reader's language (its title is the task's own).
  const kindOf = (n: NotificationDto) =>
    isChurnRisk(n)
      ? ta('notification.churnRisk')
      : n.linkType !== 'task'
        ? null
        : n.kind === 'reminder'
          ? tt('notification.reminder')
          : n.kind === 'assignment'
            ? n.actorName
              ? tt('notification.assignment', { name: n.actorName })
              : tt('notification.assignmentNoActor')
            : null;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<{ data: NotificationDto[]; unread: number; nextCursor: string | null }>('/notifications?limit=20', {
        signal,
      }),
    refetchInterval: 30_000,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const read = useMutation({
    mutationFn: (id: string) => api(`/notifications/${id}/read`, { method: 'POST' }),
    onSettled: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => api('/notifications/read-all', { method: 'POST' }),
    onSettled: refresh,
  });
  const unread = q.data?.unread ?? 0;
  const open = (n: NotificationDto) => {
    if (!n.readAt) read.mutate(n.id);
    const base = n.linkType ? paths[n.linkType] : undefined;
    if (base && n.linkId) void navigate({ to: `${base}${n.linkId}` });
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md">
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={!unread} color="red" offset={4}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={unread ? t('notifications.openUnread', { count: unread }) : t('notifications.open')}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py={8}>
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          {unread > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => readAll.mutate()}
              loading={readAll.isPending}
            >
              {t('notifications.markAll')}
            </Button>
          )}
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420}>
          {!q.data?.data.length ? (
            <Text size="sm" c="dimmed" p="md">
              {t('notifications.empty')}
            </Text>
          ) : (
            <Stack gap={0}>
              {q.data.data.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  px="sm"
                  py={8}
                  style={{
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                    background: n.readAt ? undefined : 'var(--mantine-color-teal-light)',
                  }}
                >
                  {kindOf(n) && (
                    <Group gap={4} wrap="nowrap">
                      {isChurnRisk(n) && (
                        <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" aria-hidden />
                      )}
                      <Text
                        size="xs"
                        c={isChurnRisk(n) ? 'red.7' : n.kind === 'reminder' ? 'orange.7' : 'dimmed'}
                        fw={500}
                      >
                        {kindOf(n)}
                      </Text>
                    </Group>
                  )}
                  <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={n.readAt ? 400 : 600}>
                      {n.title}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {relativeTime(n.createdAt, i18n.language)}
                    </Text>
                  </Group>
                  {n.body && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {n.body}
                    </Text>
                  )}
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
