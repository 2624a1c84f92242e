import { MAX_COLUMNS, MAX_FIELD_BYTES } from './limits.ts';
import {
  FileFormatError,
  type ProblemText,
  problem,
  type RowProblem,
  rowProblem,
  type SourceRow,
} from './types.ts';

export const genericColumn = (index: number) => `Column ${index + 1}`;

/**
 * Header cells → unique column names: trimmed, blanks named "Column N", repeats suffixed "Email (2)".
 * Trailing blank header cells are dropped (spreadsheets export them as "a,b,c,").
 */
export const dedupeColumns = (header: string[]): string[] => {
  let end = header.length;
  while (end > 0 && header[end - 1]!.trim() === '') end--;
  const used = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < end; i++) {
    const base = header[i]!.trim().replace(/\s+/g, ' ') || genericColumn(i);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    out.push(name);
  }
  return out;
};

export const checkColumnCount = (count: number, rowNo?: number) => {
  if (count > MAX_COLUMNS)
    throw new FileFormatError(
      'too_many_columns',
      `The file has ${count} columns; at most ${MAX_COLUMNS} are supported`,
      rowNo,
    );
};

/** A record of a tabular file (CSV or a sheet) before it is matched to the header. */
export type RawRecord = { rowNo: number; cells: string[] };

export type TabularOptions = {
  hasHeader?: boolean;
  columns?: string[];
  /** Called once with the column names, before the first row (also for a header-only file). */
  onColumns?: (columns: string[]) => void;
};

/**
 * Turns raw records into rows keyed by column name. Blank records are skipped (they hold no data); a record
 * with more non-empty cells than there are columns, or with fewer cells (CSV only: `strictWidth`), or with
 * an oversized cell is reported and skipped.
 */
export async function* tabularRows(
  records: AsyncIterable<RawRecord>,
  opts: TabularOptions & { strictWidth: boolean },
  onProblem: (p: RowProblem) => void,
): AsyncGenerator<SourceRow> {
  let columns: string[] | null = null;
  for await (const { rowNo, cells } of records) {
    if (columns === null) {
      if (opts.hasHeader !== false) {
        checkColumnCount(cells.length, rowNo);
        columns = opts.columns ?? dedupeColumns(cells);
        opts.onColumns?.(columns);
        continue;
      }
      checkColumnCount(cells.length, rowNo);
      columns = opts.columns ?? cells.map((_, i) => genericColumn(i));
      opts.onColumns?.(columns);
    }
    if (isBlank(cells)) continue;
    const problem = checkWidth(cells, columns.length, opts.strictWidth);
    if (problem) {
      onProblem({ rowNo, field: null, ...problem });
      continue;
    }
    const values: Record<string, string> = {};
    let oversized: string | null = null;
    for (let i = 0; i < columns.length; i++) {
      const v = cells[i] ?? '';
      if (v.length > MAX_FIELD_BYTES) oversized = columns[i]!;
      values[columns[i]!] = v;
    }
    if (oversized !== null) {
      onProblem(rowProblem(rowNo, oversized, 'cell_too_large', { column: oversized, max: MAX_FIELD_BYTES }));
      continue;
    }
    yield { rowNo, values };
  }
  if (columns === null) opts.onColumns?.(opts.columns ?? []);
}

const isBlank = (cells: string[]) => {
  for (const c of cells) if (c !== '') return false;
  return true;
};

const checkWidth = (cells: string[], width: number, strict: boolean): ProblemText | null => {
  if (cells.length > width) {
    // Trailing empty cells ("a,b,c,") carry no data, so they are not worth rejecting the row for.
    for (let i = width; i < cells.length; i++)
      if (cells[i] !== '') return problem('row_width', { cells: cells.length, columns: width });
    return null;
  }
  if (strict && cells.length < width) return problem('row_width', { cells: cells.length, columns: width });
  return null;
};
