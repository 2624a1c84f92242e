import { Button, Checkbox, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListCount } from '../../../shared/common.ts';
import type { TaskDto } from '../../../shared/tasks.ts';
import { api, qs } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import type { Customer } from './customer-picker.tsx';
import { DueCell, PriorityBadge } from './task-cells.tsx';
import { TaskFormModal } from './task-form-modal.tsx';
import { fitsView, taskKeys, useRecordTasks, useToggleDone } from './use-tasks.tsx';

/**
 * A contact's or company's open tasks, soonest due first, on its page: tick one off, open one, or add one
 * already about this customer.
 */
export function RecordTasksCard({
  kind,
  id,
  name,
}: {
  kind: 'contact' | 'company';
  id: string;
  name: string;
}) {
  const { t } = useTranslation('tasks');
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const q = useRecordTasks(kind, id);
  const toggle = useToggleDone();
  const [editing, setEditing] = useState<TaskDto | null>(null);
  const [creating, setCreating] = useState(false);
  const filter = kind === 'contact' ? 'contactId' : 'companyId';
  const total = useQuery({
    queryKey: [...taskKeys.record(kind, id), 'count'],
    queryFn: ({ signal }) => api<ListCount>(`/tasks/count${qs({ view: 'open', [filter]: id })}`, { signal }),
    enabled: Boolean(q.data?.nextCursor),
  });
  const tasks = (q.data?.data ?? []).filter((task) => fitsView('open', task));
  const more = total.data ? total.data.count - (q.data?.data.length ?? 0) : 0;
  const customer: Customer = { kind, id, name };
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('card.title')}
        </Title>
        {canWrite && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
          >
            {t('card.add')}
          </Button>
        )}
      </Group>
      {q.isPending ? (
        <Stack gap={6}>
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : tasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('card.empty')}
        </Text>
      ) : (
        <Stack gap={8} role="list" aria-label={t('card.title')}>
          {tasks.map((task) => (
            <Group key={task.id} gap="xs" wrap="nowrap" align="flex-start" role="listitem">
              <Checkbox
                mt={2}
                radius="xl"
                size="xs"
                aria-label={t('complete', { title: task.title })}
                checked={false}
                disabled={!canWrite}
                onChange={() => toggle.mutate(task)}
              />
              <UnstyledButton
                onClick={() => setEditing(task)}
                style={{ minWidth: 0, flex: 1 }}
                aria-label={t('open', { title: task.title })}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm" fw={500} truncate>
                    {task.title}
                  </Text>
                  {task.priority !== 'normal' && <PriorityBadge priority={task.priority} />}
                </Group>
                <Group gap={6} wrap="nowrap">
                  <DueCell task={task} />
                  {task.assigneeName && (
                    <Text size="xs" c="dimmed" truncate>
                      · {task.assigneeName}
                    </Text>
                  )}
                </Group>
              </UnstyledButton>
            </Group>
          ))}
          {more > 0 && (
            <Text size="xs" c="dimmed">
              {t('card.more', { count: more })}
            </Text>
          )}
        </Stack>
      )}
      <TaskFormModal opened={creating} initialCustomer={customer} onClose={() => setCreating(false)} />
      <TaskFormModal opened={editing !== null} task={editing} onClose={() => setEditing(null)} />
    </Paper>
  );
}
