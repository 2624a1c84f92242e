import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconPlugConnected, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IngestSourceDto } from '../../../shared/interactions.ts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm.modal.tsx';
import { useFeedback } from './settings.feedback.ts';
import { SectionIntro } from './settings.layout.tsx';
import { nowrap, SettingsTable, TableState } from './settings.table.tsx';
import { useDialog } from './use-dialog.ts';

const key = ['ingest-sources'];

/** Settings → Integrations: systems that post interactions to the signed webhook (admins only). */
export function IntegrationsPage() {
  const { t, i18n } = useTranslation('integrations');
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const qc = useQueryClient();
  const feedback = useFeedback();
  const sources = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ data: IngestSourceDto[] }>('/ingest-sources', { signal }),
    enabled: isAdmin,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/ingest-sources/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const createDialog = useDialog<true>();
  const revokeDialog = useDialog<IngestSourceDto>();
  const secretDialog = useDialog<{ name: string; secret: string }>();
  const rows = sources.data?.data ?? [];
  const lng = i18n.language;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <SectionIntro>{t('intro')}</SectionIntro>
          <Text size="xs" c="dimmed" ff="monospace">
            {t('usage')}
          </Text>
        </Stack>
        {isAdmin && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => createDialog.open(true)}
            style={{ flexShrink: 0 }}
          >
            {t('add')}
          </Button>
        )}
      </Group>
      {isAdmin && (
        <TableState
          isPending={sources.isPending}
          error={sources.error}
          empty={rows.length === 0}
          emptyText={t('empty')}
          onRetry={() => void sources.refetch()}
        />
      )}
      {rows.length > 0 && (
        <SettingsTable
          minWidth={760}
          head={
            <Table.Tr>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('webhookUrl')}</Table.Th>
              <Table.Th>{t('created')}</Table.Th>
              <Table.Th>{t('lastUsed')}</Table.Th>
              <Table.Th>{t('status')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          }
        >
          {rows.map((s) => (
            <Table.Tr key={s.id} opacity={s.revokedAt ? 0.6 : 1}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <IconPlugConnected size={16} />
                  <Text fw={500} size="sm">
                    {s.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Code>/api/v1/interactions/webhooks/{s.name}</Code>
              </Table.Td>
              <Table.Td style={nowrap}>{formatDateTime(s.createdAt, lng)}</Table.Td>
              <Table.Td style={nowrap}>
                {s.lastUsedAt ? formatDateTime(s.lastUsedAt, lng) : t('never')}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={s.revokedAt ? 'gray' : 'teal'}>
                  {s.revokedAt ? t('revoked') : t('active')}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                {!s.revokedAt && (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => revokeDialog.open(s)}>
                    {t('revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </SettingsTable>
      )}
      <CreateSourceModal
        opened={createDialog.opened}
        onClose={createDialog.close}
        onCreated={(created) => {
          createDialog.close();
          void qc.invalidateQueries({ queryKey: key });
          secretDialog.open(created);
        }}
      />
      <Modal
        opened={secretDialog.opened}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        onExitTransitionEnd={secretDialog.clear}
        title={t('secretTitle', { name: secretDialog.data?.name ?? '' })}
      >
        <Stack>
          <Text size="sm">{t('secretText')}</Text>
          <Code block>{secretDialog.data?.secret}</Code>
          <Group justify="flex-end">
            <CopyButton value={secretDialog.data?.secret ?? ''}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? t('copied') : t('copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={secretDialog.close}>{t('done')}</Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={revokeDialog.opened}
        title={t('revokeTitle', { name: revokeDialog.data?.name ?? '' })}
        confirmLabel={t('revoke')}
        loading={revoke.isPending}
        onClose={revokeDialog.close}
        onConfirm={async () => {
          if (!revokeDialog.data) return;
          try {
            await revoke.mutateAsync(revokeDialog.data.id);
            revokeDialog.close();
          } catch (err) {
            feedback.failure(err);
          }
        }}
      >
        {t('revokeText')}
      </ConfirmModal>
    </Stack>
  );
}

function CreateSourceModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: { name: string; secret: string }) => void;
}) {
  const { t } = useTranslation('integrations');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '' } });
  const create = useMutation({
    mutationFn: (name: string) =>
      api<{ name: string; secret: string }>('/ingest-sources', { method: 'POST', body: { name } }),
  });
  const submit = form.onSubmit(async ({ name }) => {
    setProblem(null);
    try {
      const created = await create.mutateAsync(name.trim());
      form.reset();
      onCreated(created);
    } catch (err) {
      setProblem(feedback.applyToForm(form, err));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('add')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <TextInput
            label={t('name')}
            description={t('nameHint')}
            required
            data-autofocus
            autoComplete="off"
            {...form.getInputProps('name')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
