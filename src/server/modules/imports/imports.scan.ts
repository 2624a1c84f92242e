import type { Ctx } from '../../http/context.ts';
import { type BuiltRow, buildRow } from './imports.build.ts';
import type { importContext } from './imports.context.ts';
import { type RowProblem, readRows } from './parse/index.ts';

export type Batch = {
  rows: BuiltRow[];
  /** Problems the reader found (a row with too many cells, a line that is not JSON): those rows failed. */
  readerProblems: RowProblem[];
  /** The cells of each row, for the error report's "value" column. */
  raw: Map<number, Record<string, string>>;
  /** The last row number this batch covers: the checkpoint after it commits. */
  lastRowNo: number;
};

export const batchSize = (ctx: Pick<Ctx, 'database'>) => (ctx.database.kind === 'postgres' ? 1000 : 500);

/**
 * Reads the file from just after `afterRowNo`, maps and builds each row, and hands over batches. The file is
 * streamed: memory holds one batch, whatever the file's size.
 */
export async function* scan(
  c: Awaited<ReturnType<typeof importContext>>,
  afterRowNo: number,
  size: number,
): AsyncGenerator<Batch> {
  let pending: RowProblem[] = [];
  const rows = readRows(c.path, c.reader, (p) => {
    if (p.rowNo > afterRowNo) pending.push(p);
  });
  let batch: BuiltRow[] = [];
  let raw = new Map<number, Record<string, string>>();
  let last = afterRowNo;
  const flush = (): Batch => {
    const out = { rows: batch, readerProblems: pending, raw, lastRowNo: last };
    batch = [];
    pending = [];
    raw = new Map();
    return out;
  };
  for await (const source of rows) {
    if (source.rowNo <= afterRowNo) continue;
    const mapped = c.mapper(source);
    batch.push(buildRow(source.rowNo, mapped.fields, mapped.problems, c.build));
    raw.set(source.rowNo, source.values);
    last = source.rowNo;
    if (batch.length >= size) yield flush();
  }
  for (const p of pending) last = Math.max(last, p.rowNo);
  if (batch.length || pending.length) yield flush();
}

/** Distinct rows among problems (a row with three bad fields is one failed row). */
export const failedRows = (problems: RowProblem[]) => new Set(problems.map((p) => p.rowNo)).size;
