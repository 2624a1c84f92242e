import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { IconPlus, IconSearch, IconShoppingCart } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderStatus, OrderSummary } from '../../../shared/orders.ts';
import { orderChannels, orderStatuses } from '../../../shared/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { ImportButton } from '../imports/import-button.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { ChannelLabel, StatusBadge } from './order-cells.tsx';
import classes from './orders.module.css';
import { listParams, type OrderFilters, useOrderList } from './use-orders.ts';

const customerOf = (o: OrderSummary) =>
  o.contactName && o.companyName
    ? `${o.contactName} · ${o.companyName}`
    : (o.contactName ?? o.companyName ?? '—');

/**
 * /orders: every order, newest first, filtered by status, channel, order number and date. Keyboard: j/k or
 * ↑/↓ move, Enter opens the order, n enters a new one.
 */
export function OrdersPage() {
  const { t, i18n } = useTranslation('orders');
  const lng = i18n.language;
  const message = useErrorMessage();
  const navigate = useNavigate();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  usePageTitle(t('title'));
  const [stored, setStored] = useLocalStorage<OrderFilters>({
    key: 'rapport.orders.filters',
    defaultValue: {},
  });
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const filters = useMemo(() => ({ ...stored, q: q || undefined }), [stored, q]);
  const set = (patch: Partial<OrderFilters>) => setStored({ ...stored, ...patch });
  const list = useOrderList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const [focus, setFocus] = useState(0);
  const focused = Math.min(focus, Math.max(rows.length - 1, 0));
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const keyboard = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows changing moves the cursor's row
  useEffect(() => {
    if (keyboard.current) rowRefs.current[focused]?.focus();
  }, [focused, rows]);

  const open = (o: OrderSummary) => void navigate({ to: `/orders/${o.id}` });
  const move = (by: number) => {
    keyboard.current = true;
    setFocus(Math.max(0, Math.min(rows.length - 1, focused + by)));
    if (by > 0 && focused + by >= rows.length - 5 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Enter: () => {
      const el = document.activeElement;
      if (el && el !== document.body && !el.matches('tr[data-order]')) return;
      if (rows[focused]) open(rows[focused]);
    },
    n: () => canWrite && void navigate({ to: '/orders/new' }),
  });
  const filtered = Boolean(filters.status || filters.channel || filters.q || filters.from || filters.to);

  return (
    <Stack gap="sm" maw={1280}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <ExportButton entity="orders" query={listParams(filters)} />
          <ImportButton entity="orders" />
          {canWrite && (
            <Button
              component={Link}
              to="/orders/new"
              leftSection={<IconPlus size={16} />}
              title={t('newShortcut')}
            >
              {t('new')}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label={t('filters.search')}
          placeholder={t('filters.searchPlaceholder')}
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={180}
        />
        <Select
          label={t('filters.status')}
          data={[
            { value: '', label: t('filters.any') },
            ...orderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
          value={filters.status ?? ''}
          onChange={(v) => set({ status: (v || undefined) as OrderStatus | undefined })}
          allowDeselect={false}
          w={160}
        />
        <Select
          label={t('filters.channel')}
          data={[
            { value: '', label: t('filters.any') },
            ...orderChannels.map((c) => ({ value: c, label: t(`channel.${c}`) })),
          ]}
          value={filters.channel ?? ''}
          onChange={(v) => set({ channel: v || undefined })}
          allowDeselect={false}
          w={170}
        />
        <TextInput
          type="date"
          label={t('filters.from')}
          value={filters.from ?? ''}
          onChange={(e) => set({ from: e.currentTarget.value || undefined })}
          w={160}
        />
        <TextInput
          type="date"
          label={t('filters.to')}
          value={filters.to ?? ''}
          onChange={(e) => set({ to: e.currentTarget.value || undefined })}
          w={160}
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
            <IconShoppingCart size={22} />
          </ThemeIcon>
          <Text c="dimmed" ta="center">
            {filtered ? t('emptyFiltered') : t('empty')}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table
            layout="fixed"
            aria-label={t('title')}
            highlightOnHover
            verticalSpacing={6}
            className={classes.table}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('columns.number')}</Table.Th>
                <Table.Th w={120}>{t('columns.status')}</Table.Th>
                <Table.Th w={150}>{t('columns.channel')}</Table.Th>
                <Table.Th>{t('columns.customer')}</Table.Th>
                <Table.Th w={150} ta="right">
                  {t('columns.total')}
                </Table.Th>
                <Table.Th w={140}>{t('columns.orderedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((o, i) => (
                <Table.Tr
                  key={o.id}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  data-order={o.id}
                  data-focused={i === focused || undefined}
                  tabIndex={i === focused ? 0 : -1}
                  aria-selected={i === focused}
                  className={classes.row}
                  onFocus={() => setFocus(i)}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button')) return;
                    keyboard.current = false;
                    open(o);
                  }}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${o.id}`} size="sm" fw={600} ff="monospace">
                      {o.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={o.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      <ChannelLabel channel={o.channel} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {customerOf(o)}
                    </Text>
                  </Table.Td>
                  <Table.Td className={classes.money}>
                    <Text size="sm" ff="monospace">
                      {formatMoney({ amount: o.totals.gross, currency: o.currency }, lng)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(o.orderedAt, lng)}</Text>
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
    </Stack>
  );
}
