import { Alert, Button, Group, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';

export const RECYCLE_BIN_DAYS = 30;

export const purgeDate = (deletedAt: string) =>
  new Date(new Date(deletedAt).getTime() + RECYCLE_BIN_DAYS * 86_400_000).toISOString();

/** Shown on a record that is in the recycle bin: when it went there, when it goes for good, Restore. */
export function DeletedBanner({
  deletedAt,
  canRestore,
  busy,
  onRestore,
}: {
  deletedAt: string;
  canRestore: boolean;
  busy: boolean;
  onRestore: () => void;
}) {
  const { t, i18n } = useTranslation('records');
  const { t: tc } = useTranslation();
  return (
    <Alert color="orange" icon={<IconTrash />} title={t('deleted.title')} role="status">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">
          {t('deleted.body', {
            date: formatDateTime(deletedAt, i18n.language),
            purge: formatDate(purgeDate(deletedAt), i18n.language),
          })}
        </Text>
        {canRestore && (
          <Button size="xs" color="orange" loading={busy} onClick={onRestore}>
            {tc('actions.restore')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
