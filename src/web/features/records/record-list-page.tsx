import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { useScoreColumns } from '../analytics/score-columns.tsx';
import { ExportButton } from '../exports/export-button.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { useCustomColumns } from './custom-columns.tsx';
import { DebouncedTextInput } from './debounced-text-input.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { FilterChips } from './filter-chips.tsx';
import { useFilterFields } from './filter-fields.ts';
import {
  conditionsFromSearch,
  forRequest,
  fromDefinition,
  isComplete,
  type ListState,
  sameDefinition,
  toDefinition,
  toFilterTree,
  usePersistentListState,
} from './list-state.ts';
import { type ColumnSpec, RecordTable } from './record-table.tsx';
import type { EntityKind } from './record-types.ts';
import { SavedViewsMenu } from './saved-views-menu.tsx';
import { usePageTitle } from './use-page-title.ts';
import { roundEstimate, useRecordCount, useRecordList } from './use-record-list.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useViews } from './use-views.ts';

export type RecordListProps<T> = {
  kind: EntityKind;
  title: string;
  newLabel: string;
  allLabel: string;
  searchLabel: string;
  emptyTitle: string;
  emptyHint: string;
  /** The header's total: `exact` false for the database's estimate of a long list. */
  countLabel: (count: number, exact: boolean) => string;
  columns: ColumnSpec<T>[];
  defaultColumns: string[];
  /** Columns that cannot be hidden or moved (the record's name). */
  lockedColumns: string[];
  rowHref: (row: T) => string;
  canCreate: boolean;
  onCreate: () => void;
  /** More toolbar buttons beside "New" (e.g. Import). */
  actions?: ReactNode;
  children?: ReactNode;
};

/**
 * A list of contacts or companies as a CRM user expects it: search, filter builder, sortable and
 * choosable columns, saved views, infinite scrolling; `n` creates, `/` searches.
 */
export function RecordListPage<T extends { id: string; custom: Record<string, unknown> }>(
  p: RecordListProps<T>,
) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const [state, setState, defaults] = usePersistentListState(p.kind, p.defaultColumns);
  const [filterOpen, setFilterOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const fields = useFilterFields(p.kind);
  const customColumns = useCustomColumns<T>(p.kind);
  const scoreColumns = useScoreColumns<T>(p.kind);
  const { views } = useViews(p.kind);
  const patch = (x: Partial<ListState>) => setState((s) => ({ ...s, ...x }));
  const navigate = useNavigate();
  const linkedFilter = useRouterState({
    select: (s) => (s.location.search as Record<string, unknown>).filter,
  });
  // A link with `?filter=` (e.g. from the Customer value dashboard) opens the list on just those conditions,
  // with a column for each filtered score; the parameter is then dropped, so the list is the user's again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: applied once per link followed
  useEffect(() => {
    const incoming = conditionsFromSearch(linkedFilter);
    if (!incoming) return;
    const extra = incoming.map((c) => c.field).filter((f) => scoreColumns.some((col) => col.id === f));
    setState((s) => ({
      ...s,
      q: '',
      advanced: null,
      viewId: null,
      conditions: incoming,
      // first, so they are in view without scrolling the table sideways
      columns: [...extra.filter((f) => !s.columns.includes(f)), ...s.columns],
    }));
    void navigate({ to: '.', search: {} as never, replace: true });
  }, [linkedFilter]);

  const current = views.find((v) => v.id === state.viewId) ?? null;
  const definition = toDefinition(state);
  const modified = current
    ? !sameDefinition(
        definition,
        toDefinition(fromDefinition(current.definition, current.id, p.defaultColumns)),
      )
    : false;
  const filter = useMemo(() => {
    const datetime = new Set(fields.filter((f) => f.type === 'datetime').map((f) => f.key));
    return toFilterTree(
      state.conditions.map((c) => forRequest(c, datetime.has(c.field))),
      state.advanced,
    );
  }, [state.conditions, state.advanced, fields]);
  const list = useRecordList<T>(p.kind, { q: state.q, filter, sort: state.sort });
  const total = useRecordCount(p.kind, { q: state.q, filter });
  const rows = useMemo(() => list.data?.pages.flatMap((pg) => pg.data) ?? [], [list.data]);

  const allColumns = useMemo(
    () => [...p.columns, ...scoreColumns, ...customColumns],
    [p.columns, scoreColumns, customColumns],
  );
  const visibleIds = [...p.lockedColumns, ...state.columns.filter((id) => !p.lockedColumns.includes(id))];
  const visible = visibleIds
    .map((id) => allColumns.find((c) => c.id === id))
    .filter((c): c is ColumnSpec<T> => Boolean(c));
  const filtered = Boolean(state.q.trim() || state.advanced || state.conditions.some(isComplete));

  usePageTitle(p.title);
  useShortcuts({
    n: () => p.canCreate && p.onCreate(),
    '/': () => searchRef.current?.focus(),
  });

  const clearFilters = () => patch({ q: '', conditions: [], advanced: null });
  const invalidQuery = list.error instanceof ApiError && list.error.status === 400;

  const empty = filtered ? (
    <Stack align="center" gap="xs">
      <ThemeIcon variant="light" color="gray" size={44} radius="xl">
        <IconSearch size={22} />
      </ThemeIcon>
      <Text fw={600}>{t('list.noMatch')}</Text>
      <Text size="sm" c="dimmed">
        {t('list.noMatchHint')}
      </Text>
      <Button variant="light" size="xs" onClick={clearFilters}>
        {t('list.clearFilters')}
      </Button>
    </Stack>
  ) : (
    <Stack align="center" gap="xs">
      <ThemeIcon variant="light" size={44} radius="xl">
        <IconUsersGroup size={22} />
      </ThemeIcon>
      <Text fw={600}>{p.emptyTitle}</Text>
      <Text size="sm" c="dimmed" ta="center" maw={420}>
        {p.emptyHint}
      </Text>
      {p.canCreate && (
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={p.onCreate}>
          {p.newLabel}
        </Button>
      )}
    </Stack>
  );

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Title order={1} size="h2">
            {p.title}
          </Title>
          <SavedViewsMenu
            entity={p.kind}
            allLabel={p.allLabel}
            current={current}
            definition={definition}
            modified={modified}
            onSelect={(v) => setState(v ? fromDefinition(v.definition, v.id, p.defaultColumns) : defaults)}
          />
        </Group>
        <Group gap="sm" wrap="nowrap">
          {p.actions}
          {p.canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={p.onCreate} title={t('list.newShortcut')}>
              {p.newLabel}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap">
        <DebouncedTextInput
          ref={searchRef}
          aria-label={p.searchLabel}
          placeholder={`${p.searchLabel}  /`}
          leftSection={<IconSearch size={16} />}
          rightSection={list.isFetching && !list.isFetchingNextPage ? <Loader size={14} aria-hidden /> : null}
          value={state.q}
          onChange={(q) => patch({ q })}
          w={280}
          type="search"
        />
        <FilterBuilder
          fields={fields}
          conditions={state.conditions}
          onChange={(conditions) => patch({ conditions })}
          opened={filterOpen}
          onOpenedChange={(open) => {
            setFilterOpen(open);
            // rows left without a field are dropped when the panel closes
            if (!open) patch({ conditions: state.conditions.filter((c) => c.field) });
          }}
        />
        <ColumnChooser
          columns={allColumns
            .filter((c) => !p.lockedColumns.includes(c.id))
            .map((c) => ({ id: c.id, header: c.header }))}
          visible={state.columns.filter((id) => !p.lockedColumns.includes(id))}
          onChange={(columns) => patch({ columns })}
          onReset={() => patch({ columns: p.defaultColumns })}
        />
        <ExportButton
          entity={p.kind === 'contact' ? 'contacts' : 'companies'}
          query={{ q: state.q.trim(), filter: filter ? JSON.stringify(filter) : null, sort: state.sort }}
          viewColumns={visibleIds}
          count={total.data ?? null}
        />
        <Text size="sm" c="dimmed" aria-live="polite" ml="auto">
          {total.data
            ? p.countLabel(
                total.data.exact ? total.data.count : roundEstimate(total.data.count),
                total.data.exact,
              )
            : ''}
        </Text>
      </Group>
      <FilterChips
        fields={fields}
        conditions={state.conditions}
        hasAdvanced={Boolean(state.advanced)}
        onRemove={(id) => patch({ conditions: state.conditions.filter((c) => c.id !== id) })}
        onClearAdvanced={() => patch({ advanced: null })}
        onClearAll={clearFilters}
        onEdit={() => setFilterOpen(true)}
      />
      {list.isError && !rows.length ? (
        <Center style={{ flex: 1 }}>
          <Alert color="red" icon={<IconAlertTriangle />} title={tc('states.error')} maw={520} role="alert">
            <Text size="sm">
              {list.error instanceof ApiError ? list.error.message : tc('errors.network')}
            </Text>
            {list.error instanceof ApiError && list.error.errors.length > 0 && (
              <Text size="xs" c="dimmed" mt={4}>
                {list.error.errors.map((e) => e.message).join(' · ')}
              </Text>
            )}
            <Group mt="sm" gap="xs">
              <Button size="xs" variant="light" color="red" onClick={() => void list.refetch()}>
                {tc('actions.retry')}
              </Button>
              {invalidQuery && (
                <Button size="xs" variant="default" onClick={() => setState(defaults)}>
                  {t('list.resetList')}
                </Button>
              )}
            </Group>
          </Alert>
        </Center>
      ) : (
        <RecordTable
          label={p.title}
          columns={visible}
          rows={rows}
          sort={state.sort}
          onSortChange={(sort) => patch({ sort })}
          rowHref={p.rowHref}
          hasNextPage={Boolean(list.hasNextPage)}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          isLoading={list.isPending}
          stale={list.isPlaceholderData}
          empty={empty}
        />
      )}
      {p.children}
    </Stack>
  );
}
