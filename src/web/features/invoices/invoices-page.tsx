import {
  Alert,
  Anchor,
  Button,
  Center,
  Chip,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { IconReceipt, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvoiceDto, type InvoiceStatusFilter, invoiceStatusFilters } from '../../../shared/invoices.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { InvoiceStatusBadge } from './invoice-status.tsx';
import classes from './invoices.module.css';
import { type InvoiceFilters, useInvoiceList } from './use-invoices.ts';

export const customerOf = (i: Pick<InvoiceDto, 'contactName' | 'companyName'>) =>
  i.contactName && i.companyName
    ? `${i.contactName} · ${i.companyName}`
    : (i.contactName ?? i.companyName ?? '—');

/**
 * /invoices: invoices and credit notes, newest issued first; status chips (overdue lists the oldest due
 * first), number search and issue dates. Keyboard: j/k or ↑/↓ move, Enter opens.
 */
export function InvoicesPage() {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const message = useErrorMessage();
  const navigate = useNavigate();
  usePageTitle(t('title'));
  const [stored, setStored] = useLocalStorage<InvoiceFilters>({
    key: 'rapport.invoices.filters',
    defaultValue: {},
  });
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const filters = useMemo(() => ({ ...stored, q: q || undefined }), [stored, q]);
  const set = (patch: Partial<InvoiceFilters>) => setStored({ ...stored, ...patch });
  const list = useInvoiceList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const [focus, setFocus] = useState(0);
  const focused = Math.min(focus, Math.max(rows.length - 1, 0));
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const keyboard = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows changing moves the cursor's row
  useEffect(() => {
    if (keyboard.current) rowRefs.current[focused]?.focus();
  }, [focused, rows]);

  const open = (inv: InvoiceDto) => void navigate({ to: `/invoices/${inv.id}` });
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
      if (el && el !== document.body && !el.matches('tr[data-invoice]')) return;
      if (rows[focused]) open(rows[focused]);
    },
  });
  const money = (amount: number, currency: string) => formatMoney({ amount, currency }, lng);

  return (
    <Stack gap="sm" maw={1280}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <ExportButton entity="invoices" query={filters} />
      </Group>
      <Chip.Group
        value={filters.status ?? 'all'}
        onChange={(v) => set({ status: v === 'all' ? undefined : (v as InvoiceStatusFilter) })}
      >
        <Group gap={6} role="group" aria-label={t('filters.label')}>
          <Chip value="all" size="sm">
            {t('filters.all')}
          </Chip>
          {invoiceStatusFilters.map((s) => (
            <Chip key={s} value={s} size="sm" color={s === 'overdue' ? 'red' : undefined}>
              {t(`status.${s}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label={t('filters.search')}
          placeholder={t('filters.searchPlaceholder')}
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={200}
        />
        <TextInput
          type="date"
          label={t('filters.from')}
          value={filters.issuedFrom ?? ''}
          onChange={(e) => set({ issuedFrom: e.currentTarget.value || undefined })}
          w={160}
        />
        <TextInput
          type="date"
          label={t('filters.to')}
          value={filters.issuedTo ?? ''}
          onChange={(e) => set({ issuedTo: e.currentTarget.value || undefined })}
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
            <IconReceipt size={22} />
          </ThemeIcon>
          <Text c="dimmed" ta="center">
            {t('empty')}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={980}>
          <Table
            layout="fixed"
            aria-label={t('title')}
            highlightOnHover
            verticalSpacing={6}
            className={classes.table}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>{t('columns.number')}</Table.Th>
                <Table.Th w={130}>{t('columns.status')}</Table.Th>
                <Table.Th>{t('columns.customer')}</Table.Th>
                <Table.Th w={110}>{t('columns.issued')}</Table.Th>
                <Table.Th w={110}>{t('columns.due')}</Table.Th>
                <Table.Th w={125} ta="right">
                  {t('columns.gross')}
                </Table.Th>
                <Table.Th w={125} ta="right">
                  {t('columns.balance')}
                </Table.Th>
                <Table.Th w={90} ta="right">
                  {t('columns.daysLate')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((inv, i) => (
                <Table.Tr
                  key={inv.id}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  data-invoice={inv.id}
                  data-focused={i === focused || undefined}
                  tabIndex={i === focused ? 0 : -1}
                  aria-selected={i === focused}
                  className={classes.row}
                  onFocus={() => setFocus(i)}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button')) return;
                    keyboard.current = false;
                    open(inv);
                  }}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${inv.id}`} size="sm" fw={600} ff="monospace">
                      {inv.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <InvoiceStatusBadge invoice={inv} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {customerOf(inv)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(inv.issuedOn, lng)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={inv.overdue ? 'red' : undefined}>
                      {inv.kind === 'invoice' ? formatDate(inv.dueOn, lng) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td className={classes.money}>
                    <Text size="sm" ff="monospace">
                      {money(inv.totals.gross, inv.currency)}
                    </Text>
                  </Table.Td>
                  <Table.Td className={classes.money}>
                    <Text size="sm" ff="monospace">
                      {inv.kind === 'invoice' && inv.status !== 'void'
                        ? money(inv.balance, inv.currency)
                        : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c={inv.overdue ? 'red' : undefined}>
                      {inv.daysLate ? t('daysLate', { count: inv.daysLate }) : '—'}
                    </Text>
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
