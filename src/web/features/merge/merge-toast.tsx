import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MergeDto } from '../../../shared/merge.ts';
import { api } from '../../lib/api.ts';
import { loserNames } from './use-merge.ts';

/** After a merge: a toast saying what happened, with Undo (the whole merge, every record of a cluster). */
export function useMergedToast() {
  const { t } = useTranslation('merge');
  const qc = useQueryClient();
  const undoNow = async (id: string) => {
    const m = await api<MergeDto>(`/merges/${id}/undo`, { method: 'POST' }).catch((err: unknown) => {
      notifications.show({ color: 'red', message: err instanceof Error ? err.message : String(err) });
      return null;
    });
    if (!m) return;
    await qc.invalidateQueries();
    notifications.show({ color: 'teal', message: t('undoDone', { name: loserNames(m) }) });
  };
  return (m: MergeDto, message: string) => {
    const id = `merge-${m.id}`;
    notifications.show({
      id,
      color: 'teal',
      autoClose: 15_000,
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{message}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              void undoNow(m.id);
            }}
          >
            {t('undo')}
          </Button>
        </Group>
      ),
    });
  };
}
