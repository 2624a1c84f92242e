import { Alert, Anchor, Badge, Button, Code, Group, Menu, Stack, Switch, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconKeyOff, IconPlus } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ApiKeyDto } from '../../../shared/users.ts';
import { formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ApiKeyCreatedModal, ApiKeyCreateModal } from './api-key-create.modal.tsx';
import { ConfirmModal } from './confirm.modal.tsx';
import type { ApiKeysSearch } from './routes.tsx';
import { useFeedback } from './settings.feedback.ts';
import { SectionIntro } from './settings.layout.tsx';
import { useApiKeys, useRevokeApiKey, useUsers } from './settings.queries.ts';
import { nowrap, RowMenu, SettingsTable, TableState } from './settings.table.tsx';
import { useDialog } from './use-dialog.ts';

export function ApiKeysPage() {
  const { t, i18n } = useTranslation('settings');
  const me = useSession().data?.user;
  const isAdmin = hasRole(me, 'admin');
  const canCreate = hasRole(me, 'agent');
  const search = useSearch({ strict: false }) as ApiKeysSearch;
  const navigate = useNavigate();
  const all = isAdmin && search.all === true;
  const keys = useApiKeys(all);
  const users = useUsers();
  const revoke = useRevokeApiKey();
  const feedback = useFeedback();
  const createDialog = useDialog<true>();
  const revokeDialog = useDialog<ApiKeyDto>();
  const createdDialog = useDialog<{ name: string; key: string }>();
  const userById = new Map((users.data ?? []).map((u) => [u.id, u]));
  const rows = keys.data ?? [];
  const lng = i18n.language;

  const confirmRevoke = async (key: ApiKeyDto) => {
    try {
      await revoke.mutateAsync(key.id);
      feedback.success(t('apiKeys.revoked', { name: key.name }));
      revokeDialog.close();
    } catch (err) {
      feedback.failure(err);
    }
  };
  const ownerName = (id: string) => {
    const u = userById.get(id);
    return u ? u.name || u.email : t('apiKeys.unknownOwner');
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <SectionIntro>{t('apiKeys.intro')}</SectionIntro>
          <Text size="sm" c="dimmed">
            {t('apiKeys.usage')}{' '}
            <Anchor href="/api/docs" target="_blank" rel="noopener">
              {t('apiKeys.docs')}
            </Anchor>
          </Text>
        </Stack>
        {canCreate && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => createDialog.open(true)}>
            {t('apiKeys.add')}
          </Button>
        )}
      </Group>
      {!canCreate && (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
          {t('apiKeys.viewerNote')}
        </Alert>
      )}
      {isAdmin && (
        <Switch
          label={t('apiKeys.showAll')}
          checked={all}
          onChange={(e) =>
            void navigate({ to: '/settings/api-keys', search: e.currentTarget.checked ? { all: true } : {} })
          }
        />
      )}
      <TableState
        isPending={keys.isPending}
        error={keys.error}
        empty={rows.length === 0}
        emptyText={t('apiKeys.empty')}
        onRetry={() => void keys.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={all ? 1000 : 820}
          head={
            <Table.Tr>
              <Table.Th>{t('apiKeys.columns.name')}</Table.Th>
              <Table.Th>{t('apiKeys.columns.prefix')}</Table.Th>
              {all && <Table.Th>{t('apiKeys.columns.owner')}</Table.Th>}
              <Table.Th>{t('apiKeys.columns.created')}</Table.Th>
              <Table.Th>{t('apiKeys.columns.lastUsed')}</Table.Th>
              <Table.Th>{t('apiKeys.columns.status')}</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          }
        >
          {rows.map((key) => (
            <Table.Tr key={key.id} opacity={key.revokedAt ? 0.6 : 1}>
              <Table.Td>
                <Text fw={500} size="sm">
                  {key.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              {all && (
                <Table.Td>
                  <Group gap={6} wrap="nowrap" preventGrowOverflow={false}>
                    <Text size="sm">{ownerName(key.userId)}</Text>
                    {key.userId === me?.id && (
                      <Badge miw="max-content" size="xs" variant="outline">
                        {t('you')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" style={nowrap}>
                  {formatDateTime(key.createdAt, lng)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={nowrap}>
                  {key.lastUsedAt ? formatDateTime(key.lastUsedAt, lng) : t('never')}
                </Text>
              </Table.Td>
              <Table.Td>
                {key.revokedAt ? (
                  <Stack gap={2} align="flex-start">
                    <Badge miw="max-content" color="gray">
                      {t('apiKeys.status.revoked')}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {t('apiKeys.status.revokedAt', { date: formatDateTime(key.revokedAt, lng) })}
                    </Text>
                  </Stack>
                ) : (
                  <Badge miw="max-content" color="green" variant="dot">
                    {t('apiKeys.status.active')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {!key.revokedAt && (
                  <RowMenu label={t('rowActions', { name: key.name })}>
                    <Menu.Item
                      color="red"
                      leftSection={<IconKeyOff size={16} />}
                      onClick={() => revokeDialog.open(key)}
                    >
                      {t('apiKeys.actions.revoke')}
                    </Menu.Item>
                  </RowMenu>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </SettingsTable>
      )}
      <ApiKeyCreateModal
        opened={createDialog.opened}
        onClose={createDialog.close}
        onCreated={(k) => {
          createDialog.close();
          createdDialog.open(k);
        }}
      />
      <ApiKeyCreatedModal
        opened={createdDialog.opened}
        created={createdDialog.data}
        onClose={createdDialog.close}
        onClosed={createdDialog.clear}
      />
      <ConfirmModal
        opened={revokeDialog.opened}
        title={t('apiKeys.revokeTitle', { name: revokeDialog.data?.name ?? '' })}
        confirmLabel={t('apiKeys.actions.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revokeDialog.data && void confirmRevoke(revokeDialog.data)}
        onClose={revokeDialog.close}
      >
        {t('apiKeys.revokeBody')}
      </ConfirmModal>
    </Stack>
  );
}
