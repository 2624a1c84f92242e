import { Badge, Button, Group, Menu, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconKey, IconPencil, IconPlus, IconSearch, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles } from '../../../shared/common.ts';
import type { TeamDto, UserDto } from '../../../shared/users.ts';
import { formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm.modal.tsx';
import { useFeedback } from './settings.feedback.ts';
import { ReadOnlyNote, SectionIntro } from './settings.layout.tsx';
import { useTeams, useUpdateUser, useUsers } from './settings.queries.ts';
import { nowrap, RowMenu, SettingsTable, TableState } from './settings.table.tsx';
import { useDialog } from './use-dialog.ts';
import { UserFormModal } from './user-form.modal.tsx';
import { UserPasswordModal } from './user-password.modal.tsx';

export const roleColor: Record<Role, string> = {
  admin: 'grape',
  manager: 'blue',
  agent: 'teal',
  viewer: 'gray',
};

export function UsersPage() {
  const { t, i18n } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const me = useSession().data?.user;
  const isAdmin = hasRole(me, 'admin');
  const users = useUsers();
  const teams = useTeams();
  const update = useUpdateUser();
  const feedback = useFeedback();
  const [query, setQuery] = useState('');
  const [roleFilter, setRoleFilter] = useState<string | null>(null);
  const formDialog = useDialog<UserDto | null>();
  const passwordDialog = useDialog<UserDto>();
  const deactivateDialog = useDialog<UserDto>();
  const teamById = new Map((teams.data ?? []).map((team) => [team.id, team]));

  const q = query.trim().toLowerCase();
  const rows = [...(users.data ?? [])]
    .sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email, i18n.language))
    .filter(
      (u) =>
        (!q || `${u.name} ${u.email}`.toLowerCase().includes(q)) && (!roleFilter || u.role === roleFilter),
    );
  const nameOf = (u: UserDto) => u.name || u.email;

  const setActive = async (user: UserDto, active: boolean) => {
    try {
      await update.mutateAsync({ id: user.id, active });
      feedback.success(t(active ? 'users.reactivated' : 'users.deactivated', { name: nameOf(user) }));
      deactivateDialog.close();
    } catch (err) {
      feedback.failure(err);
    }
  };

  return (
    <Stack>
      <ReadOnlyNote />
      <SectionIntro>{t('users.intro')}</SectionIntro>
      <Group justify="space-between" align="center">
        <Group align="center">
          <TextInput
            aria-label={t('users.search')}
            placeholder={t('users.search')}
            leftSection={<IconSearch size={16} />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            w={260}
          />
          <Select
            aria-label={t('users.columns.role')}
            placeholder={t('users.columns.role')}
            data={roles.map((r) => ({ value: r, label: tc(`role.${r}`) }))}
            value={roleFilter}
            onChange={setRoleFilter}
            clearable
            w={180}
          />
          <Text size="sm" c="dimmed">
            {t('users.total', { count: rows.length })}
          </Text>
        </Group>
        {isAdmin && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => formDialog.open(null)}>
            {t('users.add')}
          </Button>
        )}
      </Group>
      <TableState
        isPending={users.isPending}
        error={users.error}
        empty={rows.length === 0}
        emptyText={t('users.empty')}
        onRetry={() => void users.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={860}
          head={
            <Table.Tr>
              <Table.Th>{t('users.columns.name')}</Table.Th>
              <Table.Th>{t('users.columns.role')}</Table.Th>
              <Table.Th>{t('users.columns.teams')}</Table.Th>
              <Table.Th>{t('users.columns.status')}</Table.Th>
              <Table.Th>{t('users.columns.lastLogin')}</Table.Th>
              {isAdmin && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {rows.map((u) => (
            <UserRow
              key={u.id}
              user={u}
              isMe={u.id === me?.id}
              isAdmin={isAdmin}
              teamById={teamById}
              lng={i18n.language}
              onAction={(kind) => {
                if (kind === 'reactivate') void setActive(u, true);
                else
                  ({ edit: formDialog, password: passwordDialog, deactivate: deactivateDialog })[kind].open(
                    u,
                  );
              }}
            />
          ))}
        </SettingsTable>
      )}
      <UserFormModal
        opened={formDialog.opened}
        user={formDialog.data}
        teams={teams.data ?? []}
        onClose={formDialog.close}
      />
      <UserPasswordModal
        opened={passwordDialog.opened}
        user={passwordDialog.data}
        onClose={passwordDialog.close}
      />
      <ConfirmModal
        opened={deactivateDialog.opened}
        title={
          deactivateDialog.data ? t('users.deactivateTitle', { name: nameOf(deactivateDialog.data) }) : ''
        }
        confirmLabel={t('users.actions.deactivate')}
        loading={update.isPending}
        onConfirm={() => deactivateDialog.data && void setActive(deactivateDialog.data, false)}
        onClose={deactivateDialog.close}
      >
        {t('users.deactivateBody')}
      </ConfirmModal>
    </Stack>
  );
}

type RowProps = {
  user: UserDto;
  isMe: boolean;
  isAdmin: boolean;
  teamById: Map<string, TeamDto>;
  lng: string;
  onAction: (kind: 'edit' | 'password' | 'deactivate' | 'reactivate') => void;
};

function UserRow({ user, isMe, isAdmin, teamById, lng, onAction }: RowProps) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const name = user.name || user.email;
  return (
    <Table.Tr opacity={user.active ? 1 : 0.6}>
      <Table.Td>
        <Group gap={6} wrap="nowrap" preventGrowOverflow={false}>
          <Text fw={500} size="sm">
            {name}
          </Text>
          {isMe && (
            <Badge miw="max-content" size="xs" variant="outline">
              {t('you')}
            </Badge>
          )}
        </Group>
        {user.name && (
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge miw="max-content" color={roleColor[user.role]} variant="light">
          {tc(`role.${user.role}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} preventGrowOverflow={false}>
          {user.teamIds.length === 0 && (
            <Text size="sm" c="dimmed">
              {tc('states.none')}
            </Text>
          )}
          {user.teamIds.map((id) => (
            <Badge key={id} variant="default" size="sm" tt="none">
              {teamById.get(id)?.name ?? '…'}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        {!user.active ? (
          <Badge miw="max-content" color="gray">
            {t('users.status.inactive')}
          </Badge>
        ) : user.lockedUntil ? (
          <Group gap={6} wrap="nowrap" preventGrowOverflow={false}>
            <Badge miw="max-content" color="orange">
              {t('users.status.locked')}
            </Badge>
            <Text size="xs" c="dimmed">
              {t('users.status.lockedUntil', { time: formatDateTime(user.lockedUntil, lng) })}
            </Text>
          </Group>
        ) : (
          <Badge miw="max-content" color="green" variant="dot">
            {t('users.status.active')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={nowrap}>
          {user.lastLoginAt ? formatDateTime(user.lastLoginAt, lng) : t('never')}
        </Text>
      </Table.Td>
      {isAdmin && (
        <Table.Td>
          <RowMenu label={t('rowActions', { name })}>
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('edit')}>
              {t('users.actions.edit')}
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={16} />} onClick={() => onAction('password')}>
              {t('users.actions.resetPassword')}
            </Menu.Item>
            {/* Deactivating yourself would end your own session mid-click: another admin does that. */}
            {user.active && !isMe ? (
              <Menu.Item
                color="red"
                leftSection={<IconUserOff size={16} />}
                onClick={() => onAction('deactivate')}
              >
                {t('users.actions.deactivate')}
              </Menu.Item>
            ) : (
              !user.active && (
                <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => onAction('reactivate')}>
                  {t('users.actions.reactivate')}
                </Menu.Item>
              )
            )}
          </RowMenu>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
