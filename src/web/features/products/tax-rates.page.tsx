import { Alert, Button, Group, Menu, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taxRate as taxRateSchema } from '../../../shared/money.ts';
import { type TaxCategory, type TaxRateDto, taxCategories } from '../../../shared/products.ts';
import { ApiError } from '../../lib/api.ts';
import { countryOptions } from '../../lib/countries.ts';
import { countryName } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { ReadOnlyNote, SectionIntro } from '../settings/settings.layout.tsx';
import { RowMenu, SettingsTable, TableState } from '../settings/settings.table.tsx';
import { useDialog } from '../settings/use-dialog.ts';
import { useDeleteTaxRate, useSaveTaxRate, useTaxRates } from './use-products.ts';

const categoryOrder = Object.fromEntries(taxCategories.map((c, i) => [c, i]));

/** Settings → Tax rates: every country's rates, grouped by country; admins add, change and delete. */
export function TaxRatesPage() {
  const { t, i18n } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const rates = useTaxRates();
  const remove = useDeleteTaxRate();
  const formDialog = useDialog<TaxRateDto | null>();
  const deleteDialog = useDialog<TaxRateDto>();
  const [filter, setFilter] = useState('');

  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const byCountry = new Map<string, TaxRateDto[]>();
    for (const r of rates.data ?? []) {
      const name = countryName(r.country, i18n.language);
      if (f && !r.country.toLowerCase().includes(f) && !name.toLowerCase().includes(f)) continue;
      byCountry.set(r.country, [...(byCountry.get(r.country) ?? []), r]);
    }
    return [...byCountry.entries()]
      .map(([country, list]) => ({
        country,
        name: countryName(country, i18n.language),
        list: list.sort((a, b) => (categoryOrder[a.category] ?? 0) - (categoryOrder[b.category] ?? 0)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  }, [rates.data, filter, i18n.language]);

  const label = (r: TaxRateDto) => ({
    country: countryName(r.country, i18n.language),
    category: t(`taxCategories.${r.category}`),
  });
  const confirmDelete = async (r: TaxRateDto) => {
    try {
      await remove.mutateAsync(r);
      notifications.show({ color: 'teal', message: t('taxRates.deleted') });
      deleteDialog.close();
    } catch (err) {
      notifications.show({ color: 'red', message: message(err) });
    }
  };

  return (
    <Stack>
      <ReadOnlyNote />
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <SectionIntro>{t('taxRates.intro')}</SectionIntro>
        {isAdmin && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => formDialog.open(null)}
            style={{ flexShrink: 0 }}
          >
            {t('taxRates.add')}
          </Button>
        )}
      </Group>
      <TextInput
        aria-label={t('taxRates.filter')}
        placeholder={t('taxRates.filter')}
        leftSection={<IconSearch size={16} />}
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        w={280}
      />
      <TableState
        isPending={rates.isPending}
        error={rates.error}
        empty={groups.length === 0}
        emptyText={t('taxRates.empty')}
        onRetry={() => void rates.refetch()}
      />
      {groups.length > 0 && (
        <SettingsTable
          minWidth={640}
          head={
            <Table.Tr>
              <Table.Th>{t('taxRates.category')}</Table.Th>
              <Table.Th w={120} ta="right">
                {t('taxRates.rate')}
              </Table.Th>
              <Table.Th>{t('taxRates.label')}</Table.Th>
              {isAdmin && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {groups.map((g) => [
            <Table.Tr key={g.country} bg="var(--mantine-color-default-hover)">
              <Table.Th colSpan={isAdmin ? 4 : 3} scope="rowgroup">
                <Text size="sm" fw={600}>
                  {g.name}{' '}
                  <Text span c="dimmed" size="xs">
                    {g.country}
                  </Text>
                </Text>
              </Table.Th>
            </Table.Tr>,
            ...g.list.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{t(`taxCategories.${r.category}`)}</Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 }).format(
                    r.rate as Intl.StringNumericLiteral,
                  )}{' '}
                  %
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {r.label ?? ''}
                  </Text>
                </Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <RowMenu label={t('taxRates.actions', label(r))}>
                      <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => formDialog.open(r)}>
                        {tc('actions.edit')}
                      </Menu.Item>
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={16} />}
                        onClick={() => deleteDialog.open(r)}
                      >
                        {tc('actions.delete')}
                      </Menu.Item>
                    </RowMenu>
                  </Table.Td>
                )}
              </Table.Tr>
            )),
          ])}
        </SettingsTable>
      )}
      <Modal
        opened={formDialog.opened}
        onClose={formDialog.close}
        title={formDialog.data ? t('taxRates.editTitle', label(formDialog.data)) : t('taxRates.createTitle')}
      >
        {formDialog.opened && (
          <TaxRateForm key={formDialog.data?.id ?? 'new'} rate={formDialog.data} onDone={formDialog.close} />
        )}
      </Modal>
      <Modal
        opened={deleteDialog.opened}
        onClose={deleteDialog.close}
        title={deleteDialog.data ? t('taxRates.deleteTitle', label(deleteDialog.data)) : ''}
      >
        <Text size="sm">{t('taxRates.deleteBody')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={deleteDialog.close}>
            {tc('actions.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => deleteDialog.data && void confirmDelete(deleteDialog.data)}
          >
            {tc('actions.delete')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

function TaxRateForm({ rate, onDone }: { rate: TaxRateDto | null; onDone: () => void }) {
  const { t, i18n } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const save = useSaveTaxRate();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      country: rate?.country ?? '',
      category: (rate?.category ?? 'standard') as TaxCategory,
      rate: rate?.rate ?? '',
      label: rate?.label ?? '',
    },
  });
  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    // People type "5,5" as often as "5.5".
    const parsed = taxRateSchema.safeParse(v.rate.replace(',', '.'));
    if (!parsed.success) {
      form.setFieldError('rate', t('taxRates.invalidRate'));
      return;
    }
    const body = {
      country: v.country,
      category: v.category,
      rate: parsed.data,
      label: v.label.trim() || null,
    };
    try {
      await save.mutateAsync(rate ? { id: rate.id, version: rate.version, patch: body } : { create: body });
      notifications.show({ color: 'teal', message: t(rate ? 'taxRates.saved' : 'taxRates.created') });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'tax_rate_exists')
        form.setFieldError('category', t('taxRates.exists'));
      else if (err instanceof ApiError && err.errors.length) form.setErrors(err.fieldErrors());
      else setProblem(message(err));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Select
          label={t('taxRates.country')}
          data={countryOptions(i18n.language)}
          searchable
          required
          data-autofocus
          {...form.getInputProps('country')}
        />
        <Select
          label={t('taxRates.category')}
          data={taxCategories.map((c) => ({ value: c, label: t(`taxCategories.${c}`) }))}
          allowDeselect={false}
          required
          {...form.getInputProps('category')}
        />
        <TextInput
          label={t('taxRates.rate')}
          description={t('taxRates.rateHint')}
          inputMode="decimal"
          required
          {...form.getInputProps('rate')}
        />
        <TextInput label={t('taxRates.label')} {...form.getInputProps('label')} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {rate ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
