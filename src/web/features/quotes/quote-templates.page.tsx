import {
  Alert,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuoteTemplateDto } from '../../../shared/quotes.ts';
import { ApiError } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { currencyOptions } from '../../lib/money.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ConfirmModal } from '../records/confirm-modal.tsx';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { fromLineDtos, type LineDraft, LineItemsEditor, toLineInputs } from '../sales/line-items-editor.tsx';
import { useSalesSettings } from '../sales/use-sales-settings.ts';
import { ReadOnlyNote, SectionIntro } from '../settings/settings.layout.tsx';
import { RowMenu, SettingsTable, TableState } from '../settings/settings.table.tsx';
import { useDialog } from '../settings/use-dialog.ts';
import { useDeleteQuoteTemplate, useQuoteTemplates, useSaveQuoteTemplate } from './use-quotes.ts';

/**
 * Settings → Quote templates: ready-made quotes (lines, terms, validity) that a new quote starts from in one
 * pick. Managers create, change and delete them; everyone else reads them.
 */
export function QuoteTemplatesPage() {
  const { t, i18n } = useTranslation('quotes');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const templates = useQuoteTemplates();
  const remove = useDeleteQuoteTemplate();
  const editor = useDialog<QuoteTemplateDto | null>();
  const deleteDialog = useDialog<QuoteTemplateDto>();
  const rows = templates.data?.data ?? [];

  const confirmDelete = async (tpl: QuoteTemplateDto) => {
    try {
      await remove.mutateAsync(tpl.id);
      notifications.show({ color: 'teal', message: t('templates.deleted') });
      deleteDialog.close();
    } catch (err) {
      notifications.show({ color: 'red', message: message(err) });
    }
  };

  return (
    <Stack>
      {!canWrite && <ReadOnlyNote />}
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <SectionIntro>{t('templates.intro')}</SectionIntro>
        {canWrite && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => editor.open(null)}
            style={{ flexShrink: 0 }}
          >
            {t('templates.add')}
          </Button>
        )}
      </Group>
      <TableState
        isPending={templates.isPending}
        error={templates.error}
        empty={rows.length === 0}
        emptyText={t('templates.empty')}
        onRetry={() => void templates.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={640}
          head={
            <Table.Tr>
              <Table.Th>{t('templates.name')}</Table.Th>
              <Table.Th w={110}>{t('templates.lineCount')}</Table.Th>
              <Table.Th w={160} ta="right">
                {t('templates.total')}
              </Table.Th>
              <Table.Th w={120}>{t('templates.validDays')}</Table.Th>
              {canWrite && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {rows.map((tpl) => (
            <Table.Tr
              key={tpl.id}
              style={canWrite ? { cursor: 'pointer' } : undefined}
              onClick={(e) => {
                if (canWrite && !(e.target as HTMLElement).closest('button')) editor.open(tpl);
              }}
            >
              <Table.Td>
                <Text size="sm" fw={500}>
                  {tpl.name}
                </Text>
                {tpl.terms && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {tpl.terms}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{tpl.lines.length}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMoney({ amount: tpl.totals.gross, currency: tpl.currency }, i18n.language)}
              </Table.Td>
              <Table.Td>{t('templates.days', { count: tpl.validDays })}</Table.Td>
              {canWrite && (
                <Table.Td>
                  <RowMenu label={t('templates.actions', { name: tpl.name })}>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => editor.open(tpl)}>
                      {tc('actions.edit')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => deleteDialog.open(tpl)}
                    >
                      {tc('actions.delete')}
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </SettingsTable>
      )}
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        size="xl"
        title={
          editor.data ? t('templates.editTitle', { name: editor.data.name }) : t('templates.createTitle')
        }
      >
        {editor.opened && (
          <TemplateEditor key={editor.data?.id ?? 'new'} template={editor.data} onDone={editor.close} />
        )}
      </Modal>
      <ConfirmModal
        opened={deleteDialog.opened}
        onClose={deleteDialog.close}
        title={t('templates.deleteTitle', { name: deleteDialog.data?.name ?? '' })}
        message={t('templates.deleteBody')}
        confirmLabel={tc('actions.delete')}
        busy={remove.isPending}
        onConfirm={() => deleteDialog.data && void confirmDelete(deleteDialog.data)}
      />
    </Stack>
  );
}

/** Name, currency, validity, terms and the lines in the shared editor; Ctrl+Enter saves. */
function TemplateEditor({ template, onDone }: { template: QuoteTemplateDto | null; onDone: () => void }) {
  const { t, i18n } = useTranslation('quotes');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const save = useSaveQuoteTemplate();
  const defaults = useSalesSettings().data;
  const [name, setName] = useState(template?.name ?? '');
  const [currency, setCurrency] = useState<string | null>(template?.currency ?? null);
  const [validDays, setValidDays] = useState<number | string>(
    template?.validDays ?? defaults?.quoteValidityDays ?? 30,
  );
  const [terms, setTerms] = useState(template?.terms ?? '');
  const [lines, setLines] = useState<LineDraft[]>(template ? fromLineDtos(template.lines) : []);
  const cur = currency ?? defaults?.defaultCurrency ?? 'EUR';
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};

  const submit = () => {
    if (save.isPending) return;
    save.mutate(
      {
        id: template?.id ?? null,
        version: template?.version,
        body: {
          name: name.trim(),
          currency: cur as never,
          lines: toLineInputs(lines),
          terms: terms.trim() || null,
          validDays: Number(validDays) || 30,
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('templates.saved') });
          onDone();
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('templates.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          required
          data-autofocus
        />
        <Select
          label={t('templates.currency')}
          data={currencyOptions(i18n.language)}
          value={cur}
          onChange={setCurrency}
          searchable
          allowDeselect={false}
          error={errors.currency}
        />
        <NumberInput
          label={t('templates.validDays')}
          value={validDays}
          onChange={setValidDays}
          min={1}
          max={365}
          error={errors.validDays}
        />
      </SimpleGrid>
      <Textarea
        label={t('templates.terms')}
        value={terms}
        onChange={(e) => setTerms(e.currentTarget.value)}
        autosize
        minRows={2}
        error={errors.terms}
      />
      <LineItemsEditor
        currency={cur}
        lines={lines}
        onChange={setLines}
        language={i18n.language}
        errors={errors}
        onSubmit={submit}
      />
      {save.isError && !Object.keys(errors).length && <Alert color="red">{message(save.error)}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {tc('actions.cancel')}
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          {tc('actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}
