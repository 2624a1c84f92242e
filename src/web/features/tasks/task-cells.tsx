import { Anchor, Badge, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlarm, IconBuilding, IconUser } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { TaskDto } from '../../../shared/tasks.ts';
import { formatDateTime } from '../../lib/format.ts';
import { formatDue, isOverdue } from './task-time.ts';

export const priorityColor: Record<TaskDto['priority'], string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

/** The due time as people say it, red when it has passed; a bell when a reminder is still to come. */
export function DueCell({ task }: { task: TaskDto }) {
  const { t, i18n } = useTranslation('tasks');
  if (!task.dueAt)
    return (
      <Text size="sm" c="dimmed">
        {t('due.none')}
      </Text>
    );
  const overdue = isOverdue(task);
  const label = formatDue(task.dueAt, i18n.language, {
    today: (time) => t('due.today', { time }),
    tomorrow: (time) => t('due.tomorrow', { time }),
    yesterday: (time) => t('due.yesterday', { time }),
  });
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Tooltip label={formatDateTime(task.dueAt, i18n.language)}>
        <Text
          truncate
          size="sm"
          c={overdue ? 'red.7' : undefined}
          fw={overdue ? 600 : undefined}
          component="time"
          dateTime={task.dueAt}
        >
          {label}
          {overdue && <VisuallyHidden> ({t('due.overdue')})</VisuallyHidden>}
        </Text>
      </Tooltip>
      {task.remindAt && !task.remindedAt && (
        <Tooltip label={t('reminderSet', { when: formatDateTime(task.remindAt, i18n.language) })}>
          <IconAlarm
            size={14}
            aria-label={t('reminderSet', { when: formatDateTime(task.remindAt, i18n.language) })}
          />
        </Tooltip>
      )}
    </Group>
  );
}

export function PriorityBadge({ priority }: { priority: TaskDto['priority'] }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge
      size="sm"
      variant={priority === 'urgent' ? 'filled' : 'light'}
      color={priorityColor[priority]}
      style={{ flexShrink: 0 }}
    >
      {t(`priority.${priority}`)}
    </Badge>
  );
}

/** The contact (and its company) or the company the task is about, as links. */
export function RecordCell({ task }: { task: TaskDto }) {
  if (task.contactId)
    return (
      <Group gap={4} wrap="nowrap" miw={0}>
        <IconUser size={14} aria-hidden style={{ flexShrink: 0 }} />
        <Anchor component={Link} to={`/contacts/${task.contactId}`} size="sm" truncate>
          {task.contactName ?? '…'}
        </Anchor>
        {task.companyName && (
          <Text size="xs" c="dimmed" truncate>
            {task.companyName}
          </Text>
        )}
      </Group>
    );
  if (task.companyId)
    return (
      <Group gap={4} wrap="nowrap" miw={0}>
        <IconBuilding size={14} aria-hidden style={{ flexShrink: 0 }} />
        <Anchor component={Link} to={`/companies/${task.companyId}`} size="sm" truncate>
          {task.companyName ?? '…'}
        </Anchor>
      </Group>
    );
  return null;
}
