import { Button, Group, Menu, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconLayoutList,
  IconPencil,
  IconPlus,
  IconShare,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedViewDto, ViewDefinition } from '../../../shared/views.ts';
import { ApiError } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import type { EntityKind } from './record-types.ts';
import { useUsers } from './use-users.ts';
import { useViews } from './use-views.ts';

type Props = {
  entity: EntityKind;
  allLabel: string;
  current: SavedViewDto | null;
  definition: ViewDefinition;
  modified: boolean;
  onSelect: (view: SavedViewDto | null) => void;
};

/** Pick a saved view, save the current list as one, update, rename, share or delete it. */
export function SavedViewsMenu({ entity, allLabel, current, definition, modified, onSelect }: Props) {
  const { t } = useTranslation('records');
  const session = useSession();
  const me = session.data?.user;
  const { nameOf } = useUsers();
  const { views, create, update, remove } = useViews(entity);
  const [dialog, setDialog] = useState<null | 'create' | 'rename' | 'delete'>(null);
  const canManage = !!current && !!me && (current.ownerId === me.id || hasRole(me, 'admin'));
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof ApiError ? err.message : String(err) });

  const saveChanges = () =>
    current &&
    update.mutate(
      { id: current.id, definition },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', message: t('views.updated', { name: current.name }) }),
        onError: fail,
      },
    );
  const toggleShare = () =>
    current &&
    update.mutate(
      { id: current.id, shared: !current.shared },
      {
        onSuccess: (v) =>
          notifications.show({
            color: 'teal',
            message: v.shared ? t('views.nowShared') : t('views.nowPrivate'),
          }),
        onError: fail,
      },
    );

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md">
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconLayoutList size={16} />}
            rightSection={<IconChevronDown size={14} />}
            aria-label={t('views.menu', { name: current?.name ?? allLabel })}
          >
            <Text span size="sm" truncate maw={200}>
              {current?.name ?? allLabel}
            </Text>
            {modified && current && (
              <Text span c="orange" ml={4} size="sm" title={t('views.modified')}>
                ●
              </Text>
            )}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('views.title')}</Menu.Label>
          <Menu.Item
            leftSection={current ? <span style={{ width: 14 }} /> : <IconCheck size={14} />}
            onClick={() => onSelect(null)}
          >
            {allLabel}
          </Menu.Item>
          {views.map((v) => (
            <Menu.Item
              key={v.id}
              leftSection={current?.id === v.id ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
              rightSection={v.shared ? <IconUsers size={14} aria-label={t('views.shared')} /> : undefined}
              onClick={() => onSelect(v)}
            >
              <Text size="sm" truncate>
                {v.name}
              </Text>
              {me && v.ownerId !== me.id && (
                <Text size="xs" c="dimmed" truncate>
                  {t('views.by', { name: nameOf(v.ownerId) ?? '?' })}
                </Text>
              )}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => setDialog('create')}>
            {t('views.saveAs')}
          </Menu.Item>
          {canManage && current && (
            <>
              <Menu.Item
                leftSection={<IconDeviceFloppy size={14} />}
                disabled={!modified}
                onClick={saveChanges}
              >
                {t('views.update', { name: current.name })}
              </Menu.Item>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog('rename')}>
                {t('views.rename')}
              </Menu.Item>
              <Menu.Item leftSection={<IconShare size={14} />} onClick={toggleShare}>
                {current.shared ? t('views.unshare') : t('views.share')}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setDialog('delete')}
              >
                {t('views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <ViewNameModal
        key={dialog ?? 'closed'}
        opened={dialog === 'create' || dialog === 'rename'}
        mode={dialog === 'rename' ? 'rename' : 'create'}
        initialName={dialog === 'rename' ? (current?.name ?? '') : ''}
        initialShared={dialog === 'rename' ? (current?.shared ?? false) : false}
        busy={create.isPending || update.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(name, shared) => {
          if (dialog === 'rename' && current) {
            update.mutate(
              { id: current.id, name, shared },
              { onSuccess: () => setDialog(null), onError: fail },
            );
          } else {
            create.mutate(
              { name, shared, definition },
              {
                onSuccess: (v) => {
                  setDialog(null);
                  onSelect(v);
                  notifications.show({ color: 'teal', message: t('views.created', { name: v.name }) });
                },
                onError: fail,
              },
            );
          }
        }}
      />
      <ConfirmModal
        opened={dialog === 'delete'}
        title={t('views.deleteTitle')}
        message={t('views.deleteConfirm', { name: current?.name ?? '' })}
        confirmLabel={t('views.delete')}
        busy={remove.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() =>
          current &&
          remove.mutate(current.id, {
            onSuccess: () => {
              setDialog(null);
              onSelect(null);
            },
            onError: fail,
          })
        }
      />
    </>
  );
}

type NameProps = {
  opened: boolean;
  mode: 'create' | 'rename';
  initialName: string;
  initialShared: boolean;
  busy: boolean;
  onClose: () => void;
  onSubmit: (name: string, shared: boolean) => void;
};

function ViewNameModal({ opened, mode, initialName, initialShared, busy, onClose, onSubmit }: NameProps) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const [name, setName] = useState(initialName);
  const [shared, setShared] = useState(initialShared);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={mode === 'create' ? t('views.saveAsTitle') : t('views.renameTitle')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSubmit(name.trim(), shared);
        }}
      >
        <Stack>
          <TextInput
            label={t('views.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={100}
            data-autofocus
          />
          <Switch
            label={t('views.shareLabel')}
            description={t('views.shareHint')}
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
