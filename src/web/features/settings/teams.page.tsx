import { Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TeamDto, UserDto } from '../../../shared/users.ts';
import { formatDate } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm.modal.tsx';
import { useFeedback } from './settings.feedback.ts';
import { ReadOnlyNote, SectionIntro } from './settings.layout.tsx';
import { useDeleteTeam, useTeams, useUsers } from './settings.queries.ts';
import { nowrap, RowMenu, SettingsTable, TableState } from './settings.table.tsx';
import { TeamFormModal } from './team-form.modal.tsx';
import { useDialog } from './use-dialog.ts';

const MAX_BADGES = 6;

export function TeamsPage() {
  const { t, i18n } = useTranslation('settings');
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const teams = useTeams();
  const users = useUsers();
  const remove = useDeleteTeam();
  const feedback = useFeedback();
  const formDialog = useDialog<TeamDto | null>();
  const deleteDialog = useDialog<TeamDto>();
  const userById = new Map((users.data ?? []).map((u) => [u.id, u]));
  const rows = teams.data ?? [];

  const confirmDelete = async (team: TeamDto) => {
    try {
      await remove.mutateAsync(team.id);
      feedback.success(t('teams.deleted', { name: team.name }));
      deleteDialog.close();
    } catch (err) {
      feedback.failure(err);
    }
  };

  return (
    <Stack>
      <ReadOnlyNote />
      <Group justify="space-between" align="flex-end">
        <SectionIntro>{t('teams.intro')}</SectionIntro>
        {isAdmin && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => formDialog.open(null)}>
            {t('teams.add')}
          </Button>
        )}
      </Group>
      <TableState
        isPending={teams.isPending}
        error={teams.error}
        empty={rows.length === 0}
        emptyText={t('teams.empty')}
        onRetry={() => void teams.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={700}
          head={
            <Table.Tr>
              <Table.Th>{t('teams.columns.name')}</Table.Th>
              <Table.Th>{t('teams.columns.members')}</Table.Th>
              <Table.Th>{t('teams.columns.created')}</Table.Th>
              {isAdmin && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {rows.map((team) => (
            <Table.Tr key={team.id}>
              <Table.Td>
                <Text fw={500} size="sm">
                  {team.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Members ids={team.memberIds} userById={userById} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={nowrap}>
                  {formatDate(team.createdAt, i18n.language)}
                </Text>
              </Table.Td>
              {isAdmin && (
                <Table.Td>
                  <RowMenu label={t('rowActions', { name: team.name })}>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => formDialog.open(team)}>
                      {t('teams.actions.edit')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => deleteDialog.open(team)}
                    >
                      {t('teams.actions.delete')}
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </SettingsTable>
      )}
      <TeamFormModal
        opened={formDialog.opened}
        team={formDialog.data}
        users={users.data ?? []}
        onClose={formDialog.close}
      />
      <ConfirmModal
        opened={deleteDialog.opened}
        title={t('teams.deleteTitle', { name: deleteDialog.data?.name ?? '' })}
        confirmLabel={t('teams.actions.delete')}
        loading={remove.isPending}
        onConfirm={() => deleteDialog.data && void confirmDelete(deleteDialog.data)}
        onClose={deleteDialog.close}
      >
        {t('teams.deleteBody')}
      </ConfirmModal>
    </Stack>
  );
}

function Members({ ids, userById }: { ids: string[]; userById: Map<string, UserDto> }) {
  const { t } = useTranslation('settings');
  if (ids.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('teams.noMembers')}
      </Text>
    );
  }
  const names = ids.map((id) => userById.get(id)).map((u) => (u ? u.name || u.email : '…'));
  return (
    <Group gap={4} preventGrowOverflow={false}>
      {names.slice(0, MAX_BADGES).map((name, i) => (
        <Badge key={ids[i]} variant="default" size="sm" tt="none">
          {name}
        </Badge>
      ))}
      {names.length > MAX_BADGES && (
        <Text size="xs" c="dimmed" title={names.slice(MAX_BADGES).join(', ')}>
          {t('more', { count: names.length - MAX_BADGES })}
        </Text>
      )}
    </Group>
  );
}
