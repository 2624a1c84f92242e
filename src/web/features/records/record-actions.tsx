import { ActionIcon, Button, Group, Menu } from '@mantine/core';
import { IconDots, IconEraser, IconPencil, IconRestore, IconTrash } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { EraseModal } from './erase-modal.tsx';
import { type EntityKind, entities, type RecordBase } from './record-types.ts';
import { useRecordActions } from './use-record-actions.ts';

type Props = { kind: EntityKind; record: RecordBase; name: string; onEdit: () => void };

/** Edit, Delete (recycle bin, confirmed), and for admins Erase for good; Restore when deleted. */
export function RecordActions({ kind, record, name, onEdit }: Props) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const { remove, restore, erase } = useRecordActions(kind);
  const [dialog, setDialog] = useState<null | 'delete' | 'erase'>(null);
  const canWrite = hasRole(user, 'agent');
  const isAdmin = hasRole(user, 'admin');
  const deleted = Boolean(record.deletedAt);
  if (!canWrite) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {deleted ? (
        <Button
          variant="light"
          leftSection={<IconRestore size={16} />}
          loading={restore.isPending}
          onClick={() => restore.mutate(record.id)}
        >
          {tc('actions.restore')}
        </Button>
      ) : (
        <>
          <Button leftSection={<IconPencil size={16} />} onClick={onEdit}>
            {tc('actions.edit')}
          </Button>
          <Button variant="default" leftSection={<IconTrash size={16} />} onClick={() => setDialog('delete')}>
            {tc('actions.delete')}
          </Button>
        </>
      )}
      {isAdmin && (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label={t('record.moreActions')}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconEraser size={14} />} onClick={() => setDialog('erase')}>
              {tc('actions.erase')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <ConfirmModal
        opened={dialog === 'delete'}
        title={t('delete.title', { name })}
        message={t('delete.body')}
        confirmLabel={tc('actions.delete')}
        busy={remove.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() =>
          remove.mutate({ id: record.id, version: record.version }, { onSettled: () => setDialog(null) })
        }
      />
      <EraseModal
        key={dialog === 'erase' ? 'open' : 'closed'}
        opened={dialog === 'erase'}
        name={name}
        busy={erase.isPending}
        onClose={() => setDialog(null)}
        onErase={(reason) =>
          erase.mutate(
            { id: record.id, reason },
            {
              onSuccess: () => {
                setDialog(null);
                void navigate({ to: `/${entities[kind].plural}` });
              },
            },
          )
        }
      />
    </Group>
  );
}
