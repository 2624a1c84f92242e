import type { Ctx } from '../../http/context.ts';
import { type BuiltRow, buildRow } from './imports.build.ts';
import type { importContext } from './imports.context.ts';
import { type MappedRow, type RowProblem, readRows } from './parse/index.ts';

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
 * streamed: memory holds two batches (the one being written and the next), whatever the file's size.
 *
 * One batch ahead: while the caller waits on the database with a batch, the next one is read, mapped and
 * built (the event loop runs that CPU work during the wait), so the process and the database work at the
 * same time instead of taking turns. Reading touches only the file, never the database.
 */
export const scan = (c: Awaited<ReturnType<typeof importContext>>, afterRowNo: number, size: number) =>
  readAhead(scanFile(c, afterRowNo, size));

/** Yields what `source` yields, having asked it for the next item before handing over the current one. */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  // A failure of the item read ahead surfaces when it is awaited below, or not at all if the caller stopped.
  next.catch(() => {});
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      next.catch(() => {});
      yield r.value;
    }
  } finally {
    // The caller stopped early (a cancel, a failed batch): let the reader close its file once it is idle.
    await next.then(
      () => it.return?.(),
      () => {},
    );
  }
}

async function* scanFile(
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
  const importer = c.importer;
  const group: MappedRow[] = [];
  let groupKey: string | null = null;
  const keyOf = (m: MappedRow) => {
    const v = importer?.groupBy ? m.fields[importer.groupBy] : undefined;
    return v === undefined || v === null || v === '' ? null : String(v);
  };
  /** The rows of one record (one row, or an order's lines) built into it. */
  const closeGroup = () => {
    if (!group.length) return;
    batch.push(importer ? importer.build([...group], c.recordBuild) : oneRow(group[0]!));
    last = group[group.length - 1]!.rowNo;
    group.length = 0;
  };
  const oneRow = (m: MappedRow) => buildRow(m.rowNo, m.fields, m.problems, c.build);
  for await (const source of rows) {
    if (source.rowNo <= afterRowNo) continue;
    const mapped = c.mapper(source);
    const key = keyOf(mapped);
    // A new record starts unless this row continues the previous row's group.
    if (!(key !== null && key === groupKey)) {
      closeGroup();
      // A batch never ends inside a group: the checkpoint after it is always a record's last row.
      if (batch.length >= size) yield flush();
    }
    groupKey = key;
    group.push(mapped);
    raw.set(source.rowNo, source.values);
  }
  closeGroup();
  for (const p of pending) last = Math.max(last, p.rowNo);
  if (batch.length || pending.length) yield flush();
}

/** Distinct rows among problems (a row with three bad fields is one failed row). */
export const failedRows = (problems: RowProblem[]) => new Set(problems.map((p) => p.rowNo)).size;
