import { Badge, Button, Code, Group, Menu, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import {
  type CustomFieldDto,
  type CustomFieldEntity,
  customFieldEntities,
  labelOf,
} from '../../../shared/custom-fields.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from './confirm.modal.tsx';
import { CustomFieldFormModal } from './custom-field-form.modal.tsx';
import type { CustomFieldsSearch } from './routes.tsx';
import { useFeedback } from './settings.feedback.ts';
import { ReadOnlyNote, SectionIntro } from './settings.layout.tsx';
import { useCustomFields, useDeleteCustomField } from './settings.queries.ts';
import { RowMenu, SettingsTable, TableState } from './settings.table.tsx';
import { useDialog } from './use-dialog.ts';

const MAX_OPTIONS = 4;

export function CustomFieldsPage() {
  const { t, i18n } = useTranslation('settings');
  const lng = i18n.language;
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const { entity = 'contact' } = useSearch({ strict: false }) as Partial<CustomFieldsSearch>;
  const navigate = useNavigate();
  const fields = useCustomFields(entity);
  const remove = useDeleteCustomField();
  const feedback = useFeedback();
  const formDialog = useDialog<CustomFieldDto | null>();
  const deleteDialog = useDialog<CustomFieldDto>();
  const rows = fields.data ?? [];
  const nextPosition = rows.reduce((max, f) => Math.max(max, f.position + 1), 0);

  const confirmDelete = async (field: CustomFieldDto) => {
    try {
      await remove.mutateAsync(field.id);
      feedback.success(t('customFields.deleted', { label: labelOf(field.labels, lng) }));
      deleteDialog.close();
    } catch (err) {
      feedback.failure(err);
    }
  };

  return (
    <Stack>
      <ReadOnlyNote />
      <SectionIntro>{t('customFields.intro')}</SectionIntro>
      <Group justify="space-between">
        <SegmentedControl
          aria-label={t('customFields.entity')}
          value={entity}
          onChange={(v) =>
            void navigate({ to: '/settings/custom-fields', search: { entity: v as CustomFieldEntity } })
          }
          data={customFieldEntities.map((e) => ({ value: e, label: t(`customFields.entities.${e}`) }))}
        />
        {isAdmin && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => formDialog.open(null)}>
            {t('customFields.add')}
          </Button>
        )}
      </Group>
      <TableState
        isPending={fields.isPending}
        error={fields.error}
        empty={rows.length === 0}
        emptyText={t('customFields.empty')}
        onRetry={() => void fields.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={900}
          head={
            <Table.Tr>
              <Table.Th w={80}>{t('customFields.columns.position')}</Table.Th>
              <Table.Th>{t('customFields.columns.label')}</Table.Th>
              <Table.Th>{t('customFields.columns.key')}</Table.Th>
              <Table.Th>{t('customFields.columns.type')}</Table.Th>
              <Table.Th>{t('customFields.columns.flags')}</Table.Th>
              <Table.Th>{t('customFields.columns.options')}</Table.Th>
              {isAdmin && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {rows.map((f) => (
            <FieldRow
              key={f.id}
              field={f}
              lng={lng}
              isAdmin={isAdmin}
              onEdit={() => formDialog.open(f)}
              onDelete={() => deleteDialog.open(f)}
            />
          ))}
        </SettingsTable>
      )}
      <CustomFieldFormModal
        opened={formDialog.opened}
        entity={entity}
        field={formDialog.data}
        nextPosition={nextPosition}
        onClose={formDialog.close}
      />
      <ConfirmModal
        opened={deleteDialog.opened}
        title={t('customFields.deleteTitle', {
          label: deleteDialog.data ? labelOf(deleteDialog.data.labels, lng) : '',
        })}
        confirmLabel={t('customFields.actions.delete')}
        loading={remove.isPending}
        onConfirm={() => deleteDialog.data && void confirmDelete(deleteDialog.data)}
        onClose={deleteDialog.close}
      >
        {t('customFields.deleteBody')}
      </ConfirmModal>
    </Stack>
  );
}

type RowProps = {
  field: CustomFieldDto;
  lng: string;
  isAdmin: boolean;
  onEdit: () => void;
  onDelete: () => void;
};

function FieldRow({ field: f, lng, isAdmin, onEdit, onDelete }: RowProps) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const label = labelOf(f.labels, lng);
  const translations = (['en', 'fr', 'de', 'da'] as const).filter(
    (l) => l !== lng && f.labels[l] && f.labels[l] !== label,
  );
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{f.position}</Text>
      </Table.Td>
      <Table.Td>
        <Text fw={500} size="sm">
          {label}
        </Text>
        {translations.length > 0 && (
          <Text size="xs" c="dimmed">
            {translations.map((l) => `${l.toUpperCase()}: ${f.labels[l]}`).join(' · ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Code>{f.key}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {t(`customFields.types.${f.type}`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" preventGrowOverflow={false}>
          {f.required && (
            <Badge miw="max-content" size="sm" variant="light" color="orange">
              {t('customFields.fields.required')}
            </Badge>
          )}
          {f.unique && (
            <Badge miw="max-content" size="sm" variant="light" color="violet">
              {t('customFields.fields.unique')}
            </Badge>
          )}
          {!f.required && !f.unique && (
            <Text size="sm" c="dimmed">
              {tc('states.none')}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {f.options.length === 0 ? (
          <Text size="sm" c="dimmed">
            {tc('states.none')}
          </Text>
        ) : (
          <Group gap={4} preventGrowOverflow={false}>
            {f.options.slice(0, MAX_OPTIONS).map((o) => (
              <Badge key={o.value} size="sm" variant="default" tt="none">
                {labelOf(o.labels, lng)}
              </Badge>
            ))}
            {f.options.length > MAX_OPTIONS && (
              <Text size="xs" c="dimmed">
                {t('more', { count: f.options.length - MAX_OPTIONS })}
              </Text>
            )}
          </Group>
        )}
      </Table.Td>
      {isAdmin && (
        <Table.Td>
          <RowMenu label={t('rowActions', { name: label })}>
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
              {t('customFields.actions.edit')}
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete}>
              {t('customFields.actions.delete')}
            </Menu.Item>
          </RowMenu>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
