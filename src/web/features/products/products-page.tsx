import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized, type ProductDto, type TaxCategory, taxCategories } from '../../../shared/products.ts';
import { formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { ImportButton } from '../imports/import-button.tsx';
import { DebouncedTextInput } from '../records/debounced-text-input.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { ProductFormModal } from './product-form-modal.tsx';
import { type ProductStatusView, useProductList, useSalesSettings } from './use-products.ts';

const views: ProductStatusView[] = ['active', 'archived', 'all'];

/**
 * /products: the catalogue, A–Z by SKU, or the best matches first while searching. Keyboard: `/` searches,
 * `n` adds a product, ↑/↓ move, Enter opens.
 */
export function ProductsPage() {
  const { t, i18n } = useTranslation('products');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const currency = useSalesSettings().data?.defaultCurrency ?? 'EUR';
  const [q, setQ] = useState('');
  const [status, setStatus] = useLocalStorage<ProductStatusView>({
    key: 'rapport.products.status',
    defaultValue: 'active',
  });
  const [taxCategory, setTaxCategory] = useState<TaxCategory | null>(null);
  const [creating, setCreating] = useState(false);
  const [focus, setFocus] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const list = useProductList({ q, status, taxCategory });
  usePageTitle(t('title'));

  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const focused = Math.min(focus, Math.max(rows.length - 1, 0));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new result list starts at its first row
  useEffect(() => setFocus(0), [q, status, taxCategory]);

  const open = (p: ProductDto) => void navigate({ to: `/products/${p.id}` });
  const move = (by: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, focused + by));
    setFocus(next);
    rowRefs.current[next]?.focus();
    if (by > 0 && next >= rows.length - 5 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  };
  useShortcuts({
    '/': () => searchRef.current?.focus(),
    n: () => canWrite && setCreating(true),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    j: () => move(1),
    k: () => move(-1),
  });

  const priceIn = (p: ProductDto) => {
    const hit = p.prices.find((x) => x.currency === currency);
    return hit ? formatMoney({ amount: hit.unitPrice, currency }, i18n.language) : '—';
  };

  return (
    <Stack gap="sm" maw={1280}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <ExportButton entity="products" query={{ q, status, taxCategory }} />
          {canWrite && <ImportButton entity="products" />}
          {canWrite && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreating(true)}
              title={t('newShortcut')}
            >
              {t('new')}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <DebouncedTextInput
          ref={searchRef}
          value={q}
          onChange={setQ}
          wait={150}
          aria-label={t('search')}
          placeholder={t('search')}
          title={t('searchHint')}
          leftSection={<IconSearch size={16} />}
          rightSection={
            <Text size="xs" c="dimmed" aria-hidden>
              /
            </Text>
          }
          w={320}
          onKeyDownCapture={(e) => {
            if (e.key === 'ArrowDown' && rows.length) {
              e.preventDefault();
              setFocus(0);
              rowRefs.current[0]?.focus();
            }
            if (e.key === 'Enter' && rows[0] && !e.nativeEvent.isComposing) open(rows[0]);
          }}
        />
        <SegmentedControl
          aria-label={t('views.label')}
          value={status}
          onChange={(v) => setStatus(v as ProductStatusView)}
          data={views.map((v) => ({ value: v, label: t(`views.${v}`) }))}
        />
        <Select
          aria-label={t('taxCategoryFilter')}
          placeholder={t('anyCategory')}
          data={taxCategories.map((c) => ({ value: c, label: t(`taxCategories.${c}`) }))}
          value={taxCategory}
          onChange={(v) => setTaxCategory(v as TaxCategory | null)}
          clearable
          w={220}
        />
      </Group>
      {list.isError ? (
        <Alert color="red">{message(list.error)}</Alert>
      ) : list.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : rows.length === 0 ? (
        <Stack align="center" gap="xs" py="xl">
          <ThemeIcon variant="light" size={44} radius="xl">
            <IconPackage size={22} />
          </ThemeIcon>
          <Text c="dimmed" ta="center">
            {q ? t('emptySearch', { q }) : t('empty')}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing={6} aria-label={t('title')} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>{t('columns.sku')}</Table.Th>
                <Table.Th>{t('columns.name')}</Table.Th>
                <Table.Th w={100}>{t('columns.unit')}</Table.Th>
                <Table.Th w={160} ta="right">
                  {t('columns.price', { currency })}
                </Table.Th>
                <Table.Th w={190}>{t('columns.taxCategory')}</Table.Th>
                <Table.Th w={110}>{t('columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p, i) => (
                <Table.Tr
                  key={p.id}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  data-product={p.sku}
                  tabIndex={i === focused ? 0 : -1}
                  aria-selected={i === focused}
                  style={{ cursor: 'pointer' }}
                  onFocus={() => setFocus(i)}
                  onClick={() => open(p)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') open(p);
                  }}
                >
                  <Table.Td>
                    <Text size="sm" ff="monospace" truncate>
                      {p.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500} truncate>
                      {localized(p.names, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`units.${p.unit}`)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {priceIn(p)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {t(`taxCategories.${p.taxCategory}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.status === 'active' ? 'teal' : 'gray'}>
                      {t(`status.${p.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('keys')}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('loadMore')}
          </Button>
        )}
      </Group>
      <ProductFormModal opened={creating} product={null} onClose={() => setCreating(false)} onSaved={open} />
    </Stack>
  );
}
