import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Currency, currencies, minorUnits, parseMajor, toMajorString } from '../../../shared/money.ts';
import {
  localized,
  type PriceListDetail,
  type PriceListDto,
  type ProductNames,
} from '../../../shared/products.ts';
import { ApiError } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { ReadOnlyNote, SectionIntro } from '../settings/settings.layout.tsx';
import { RowMenu, SettingsTable, TableState } from '../settings/settings.table.tsx';
import { useDialog } from '../settings/use-dialog.ts';
import {
  useDeletePriceList,
  usePriceList,
  usePriceLists,
  useProductSearch,
  useSavePriceList,
} from './use-products.ts';

/** Settings → Price lists: prices per customer group and currency that replace list prices. */
export function PriceListsPage() {
  const { t } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const lists = usePriceLists();
  const remove = useDeletePriceList();
  const editor = useDialog<PriceListDto | null>();
  const deleteDialog = useDialog<PriceListDto>();
  const rows = lists.data ?? [];

  const confirmDelete = async (list: PriceListDto) => {
    try {
      await remove.mutateAsync(list);
      notifications.show({ color: 'teal', message: t('priceLists.deleted') });
      deleteDialog.close();
    } catch (err) {
      notifications.show({ color: 'red', message: message(err) });
    }
  };

  return (
    <Stack>
      {!canWrite && <ReadOnlyNote />}
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <SectionIntro>{t('priceLists.intro')}</SectionIntro>
        {canWrite && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => editor.open(null)}
            style={{ flexShrink: 0 }}
          >
            {t('priceLists.add')}
          </Button>
        )}
      </Group>
      <TableState
        isPending={lists.isPending}
        error={lists.error}
        empty={rows.length === 0}
        emptyText={t('priceLists.empty')}
        onRetry={() => void lists.refetch()}
      />
      {rows.length > 0 && (
        <SettingsTable
          minWidth={640}
          head={
            <Table.Tr>
              <Table.Th>{t('priceLists.name')}</Table.Th>
              <Table.Th>{t('priceLists.group')}</Table.Th>
              <Table.Th w={100}>{t('priceLists.currency')}</Table.Th>
              <Table.Th w={120}>{t('title')}</Table.Th>
              <Table.Th w={110} />
              {canWrite && <Table.Th w={48} />}
            </Table.Tr>
          }
        >
          {rows.map((l) => (
            <Table.Tr
              key={l.id}
              style={{ cursor: 'pointer' }}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('button')) editor.open(l);
              }}
            >
              <Table.Td>
                <Text size="sm" fw={500}>
                  {l.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="default" tt="none">
                  {l.customerGroup}
                </Badge>
              </Table.Td>
              <Table.Td>{l.currency}</Table.Td>
              <Table.Td>{l.itemCount}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={l.active ? 'teal' : 'gray'}>
                  {l.active ? t('priceLists.active') : t('priceLists.inactive')}
                </Badge>
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <RowMenu label={t('priceLists.actions', { name: l.name })}>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => editor.open(l)}>
                      {tc('actions.edit')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => deleteDialog.open(l)}
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
          editor.data ? t('priceLists.editTitle', { name: editor.data.name }) : t('priceLists.createTitle')
        }
      >
        {editor.opened && (
          <Editor key={editor.data?.id ?? 'new'} id={editor.data?.id ?? null} onDone={editor.close} />
        )}
      </Modal>
      <Modal
        opened={deleteDialog.opened}
        onClose={deleteDialog.close}
        title={t('priceLists.deleteTitle', { name: deleteDialog.data?.name ?? '' })}
      >
        <Text size="sm">{t('priceLists.deleteBody')}</Text>
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

function Editor({ id, onDone }: { id: string | null; onDone: () => void }) {
  const detail = usePriceList(id);
  if (id && detail.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  return <PriceListForm list={id ? (detail.data ?? null) : null} onDone={onDone} />;
}

type ItemRow = {
  productId: string;
  sku: string;
  names: ProductNames;
  listPrice: number | null;
  /** The currency the list price is in (the list's when the row was added). */
  listCurrency: string;
  amount: string;
};
type Values = { name: string; customerGroup: string; currency: string; active: boolean; items: ItemRow[] };

function PriceListForm({ list, onDone }: { list: PriceListDetail | null; onDone: () => void }) {
  const { t, i18n } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const save = useSavePriceList();
  const [problem, setProblem] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const found = useProductSearch(search);
  const form = useForm<Values>({
    initialValues: {
      name: list?.name ?? '',
      customerGroup: list?.customerGroup ?? '',
      currency: list?.currency ?? 'EUR',
      active: list?.active ?? true,
      items: (list?.items ?? []).map((i) => ({
        ...i,
        listCurrency: list?.currency ?? 'EUR',
        amount: toMajorString(i.unitPrice, list?.currency ?? 'EUR'),
      })),
    },
  });
  const currency = form.values.currency;
  const chosen = new Set(form.values.items.map((i) => i.productId));
  const options = (found.data?.data ?? [])
    .filter((p) => !chosen.has(p.id))
    .map((p) => ({ value: p.id, label: `${p.sku} · ${localized(p.names, i18n.language)}` }));

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    const errors: Record<string, string> = {};
    const items = v.items.map((row, i) => {
      const minor = parseMajor(row.amount, v.currency);
      if (minor === null || minor < 0)
        errors[`items.${i}.amount`] = t('form.invalidAmount', { digits: minorUnits(v.currency) });
      return { productId: row.productId, unitPrice: minor ?? 0 };
    });
    if (Object.keys(errors).length) return form.setErrors(errors);
    const head = {
      name: v.name,
      customerGroup: v.customerGroup,
      currency: v.currency as Currency,
      active: v.active,
    };
    try {
      if (list) {
        const patch = Object.fromEntries(
          Object.entries(head).filter(([k, x]) => x !== list[k as keyof typeof head]),
        );
        await save.mutateAsync({ id: list.id, version: list.version, patch, items });
      } else await save.mutateAsync({ create: { ...head, items } });
      notifications.show({ color: 'teal', message: t(list ? 'priceLists.saved' : 'priceLists.created') });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'price_list_active_exists')
        form.setFieldError('active', t('priceLists.activeTaken'));
      else if (err instanceof ApiError && err.errors.length) {
        form.setErrors(
          Object.fromEntries(err.errors.map((e) => [e.path.replace(/\.unitPrice$/, '.amount'), e.message])),
        );
        setProblem(tc('errors.validation'));
      } else setProblem(message(err));
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
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('priceLists.name')}
            required
            data-autofocus
            readOnly={!canWrite}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('priceLists.group')}
            description={t('priceLists.groupHint')}
            required
            readOnly={!canWrite}
            {...form.getInputProps('customerGroup')}
          />
          <Select
            label={t('priceLists.currency')}
            data={currencies}
            searchable
            allowDeselect={false}
            readOnly={!canWrite}
            {...form.getInputProps('currency')}
          />
        </SimpleGrid>
        <Switch
          label={t('priceLists.active')}
          description={t('priceLists.activeHint')}
          disabled={!canWrite}
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Text size="sm" fw={500}>
          {t('priceLists.items', { count: form.values.items.length })}
        </Text>
        {form.values.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('priceLists.noItems')}
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label={t('priceLists.items', { count: form.values.items.length })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('priceLists.product')}</Table.Th>
                <Table.Th w={140} ta="right">
                  {t('priceLists.listPrice')}
                </Table.Th>
                <Table.Th w={170}>{t('priceLists.price')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {form.values.items.map((row, i) => (
                <Table.Tr key={row.productId}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" span>
                      {row.sku}
                    </Text>{' '}
                    <Text size="sm" span c="dimmed">
                      {localized(row.names, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c="dimmed">
                      {row.listPrice === null || row.listCurrency !== currency
                        ? '—'
                        : formatMoney({ amount: row.listPrice, currency }, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={t('priceLists.priceOf', { sku: row.sku })}
                      inputMode="decimal"
                      size="xs"
                      readOnly={!canWrite}
                      rightSection={
                        <Text size="xs" c="dimmed">
                          {currency}
                        </Text>
                      }
                      rightSectionWidth={44}
                      {...form.getInputProps(`items.${i}.amount`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('priceLists.removeItem', { sku: row.sku })}
                        onClick={() => form.removeListItem('items', i)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canWrite && (
          <Select
            label={t('priceLists.addProduct')}
            placeholder={t('priceLists.addProductHint')}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: o }) => o}
            data={options}
            value={null}
            nothingFoundMessage={found.isFetching ? tc('states.loading') : tc('search.nothing')}
            onChange={(productId) => {
              const p = found.data?.data.find((x) => x.id === productId);
              if (!p) return;
              const listPrice = p.prices.find((x) => x.currency === currency)?.unitPrice ?? null;
              form.insertListItem('items', {
                productId: p.id,
                sku: p.sku,
                names: p.names,
                listPrice,
                listCurrency: currency,
                amount: listPrice === null ? '' : toMajorString(listPrice, currency),
              });
              setSearch('');
            }}
          />
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          {canWrite && (
            <Button type="submit" loading={save.isPending}>
              {list ? tc('actions.save') : tc('actions.create')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
