import { Center, Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './record-table.module.css';
import { nextSort, parseSort } from './sort.ts';

/** A list column: its header, width, how a row renders in it, and the API field it sorts by (if any). */
export type ColumnSpec<T> = {
  id: string;
  header: string;
  width: number;
  sortField?: string;
  cell: (row: T) => ReactNode;
};

type Props<T extends { id: string }> = {
  label: string;
  columns: ColumnSpec<T>[];
  rows: T[];
  sort: string | null;
  onSortChange: (sort: string | null) => void;
  rowHref: (row: T) => string;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  isLoading: boolean;
  /** The rows are the previous query's while the new one loads: shown dimmed. */
  stale?: boolean;
  /** Shown in the body when there are no rows (empty list or no match). */
  empty: ReactNode;
};

const ROW_HEIGHT = 42;

/**
 * The virtualised record table: only the visible rows are in the DOM, the next page loads as the
 * user scrolls near the end, headers sort on the server (Shift-click adds a second key).
 */
export function RecordTable<T extends { id: string }>(p: Props<T>) {
  const { t } = useTranslation('records');
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const defs = useMemo<ColumnDef<T>[]>(
    () =>
      p.columns.map((c) => ({
        id: c.id,
        header: c.header,
        size: c.width,
        cell: (ctx) => c.cell(ctx.row.original),
      })),
    [p.columns],
  );
  const table = useReactTable({
    data: p.rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = p;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 15) fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const sortKeys = parseSort(p.sort);
  const minWidth = p.columns.reduce((s, c) => s + c.width, 0);
  const flex = (w: number) => ({ flex: `${w} 0 ${w}px`, width: w });

  const open = (row: T) => void navigate({ to: p.rowHref(row) });

  return (
    <div ref={scrollRef} className={classes.scroller}>
      <table
        aria-label={p.label}
        aria-rowcount={rows.length + 1}
        className={classes.table}
        style={{ minWidth }}
      >
        <thead className={classes.thead}>
          {table.getHeaderGroups().map((hg) => (
            <tr aria-rowindex={1} key={hg.id} className={classes.headRow}>
              {hg.headers.map((h) => {
                const spec = p.columns.find((c) => c.id === h.column.id)!;
                const idx = spec.sortField ? sortKeys.findIndex((k) => k.field === spec.sortField) : -1;
                const key = idx >= 0 ? sortKeys[idx] : undefined;
                const Icon = key ? (key.desc ? IconArrowDown : IconArrowUp) : IconArrowsSort;
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <th
                    key={h.id}
                    scope="col"
                    className={classes.th}
                    style={flex(spec.width)}
                    aria-sort={
                      spec.sortField ? (key ? (key.desc ? 'descending' : 'ascending') : 'none') : undefined
                    }
                  >
                    {spec.sortField ? (
                      <UnstyledButton
                        className={`${classes.sortButton} ${key ? classes.sorted : ''}`}
                        title={t('list.sortHint')}
                        onClick={(e) => p.onSortChange(nextSort(p.sort, spec.sortField!, e.shiftKey))}
                      >
                        <span className={classes.cellText}>{label}</span>
                        <Icon size={13} aria-hidden style={{ flexShrink: 0, opacity: key ? 1 : 0.35 }} />
                        {key && sortKeys.length > 1 && (
                          <Text span size="10px" aria-hidden>
                            {idx + 1}
                          </Text>
                        )}
                      </UnstyledButton>
                    ) : (
                      <span className={classes.cellText}>{label}</span>
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody
          className={classes.tbody}
          style={{ height: rows.length ? virtualizer.getTotalSize() : undefined }}
        >
          {items.map((vi) => {
            const row = rows[vi.index]!;
            return (
              <tr
                aria-rowindex={vi.index + 2}
                key={row.id}
                tabIndex={0}
                className={classes.row}
                style={{ transform: `translateY(${vi.start}px)`, height: ROW_HEIGHT }}
                onClick={(e) => {
                  // links and buttons inside the row do their own thing; selecting text is not a click
                  if ((e.target as HTMLElement).closest('a,button,input')) return;
                  if (window.getSelection()?.toString()) return;
                  open(row.original);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && e.target === e.currentTarget) open(row.original);
                }}
              >
                {row.getVisibleCells().map((cell) => {
                  const spec = p.columns.find((c) => c.id === cell.column.id)!;
                  return (
                    <td key={cell.id} className={classes.td} style={flex(spec.width)}>
                      <div className={classes.cellText} style={{ width: '100%' }}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {p.isLoading && rows.length === 0 && (
        <div className={classes.status}>
          <Loader size="sm" aria-label={t('list.loading')} />
        </div>
      )}
      {!p.isLoading && rows.length === 0 && <div className={classes.status}>{p.empty}</div>}
      {isFetchingNextPage && (
        <Center py="xs" className={classes.status}>
          <Loader size="xs" mr="xs" />
          <Text size="xs" c="dimmed">
            {t('list.loadingMore')}
          </Text>
        </Center>
      )}
    </div>
  );
}
