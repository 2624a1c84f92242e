import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TaskDto } from '../../../shared/tasks.ts';
import { api } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { refreshTasks } from './use-tasks.tsx';

/** Moves a task to the recycle bin (with the version it was read at); the toast can bring it back. */
export function useDeleteTask(onDeleted: () => void) {
  const { t } = useTranslation('tasks');
  const qc = useQueryClient();
  const message = useErrorMessage();
  return useMutation({
    mutationFn: (victim: TaskDto) =>
      api<void>(`/tasks/${victim.id}`, { method: 'DELETE', headers: { 'if-match': `"${victim.version}"` } }),
    onSuccess: (_, victim) => {
      refreshTasks(qc);
      onDeleted();
      const id = `task-deleted-${victim.id}`;
      notifications.show({
        id,
        color: 'teal',
        autoClose: 8000,
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">{t('deleted')}</Text>
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => {
                notifications.hide(id);
                api<TaskDto>(`/tasks/${victim.id}/restore`, { method: 'POST' })
                  .then(() => {
                    refreshTasks(qc);
                    notifications.show({ color: 'teal', message: t('restored') });
                  })
                  .catch((err) => notifications.show({ color: 'red', message: message(err) }));
              }}
            >
              {t('undo')}
            </Button>
          </Group>
        ),
      });
    },
    onError: (err) => notifications.show({ color: 'red', message: message(err) }),
  });
}
