import { and, asc, count, eq, sql } from 'drizzle-orm';
import {
  type ImportProblemParamValues,
  importProblemText,
  importReportColumnsIn,
} from '../../../shared/import-problems.ts';
import type { ImportEntity } from '../../../shared/imports.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { csvText } from '../exports/index.ts';
import { importErrors } from './imports.schema.ts';
import { importTargets, labelOf } from './imports.targets.ts';
import type { ColumnMapping, RowProblem } from './parse/index.ts';

/** Stores row problems with the cell the user typed, so the report shows what was wrong where. */
export async function saveProblems(
  db: Executor,
  importId: string,
  dryRun: boolean,
  problems: RowProblem[],
  raw: Map<number, Record<string, string>>,
  mapping: ColumnMapping,
) {
  if (!problems.length) return;
  const columnOf = new Map<string, string>();
  for (const m of mapping) if (!columnOf.has(m.target)) columnOf.set(m.target, m.column);
  const values = problems.map((p) => {
    const column = p.field
      ? (columnOf.get(p.field) ?? columnOf.get(p.field.replace(/^custom\./, 'custom.')))
      : undefined;
    const cell = column ? raw.get(p.rowNo)?.[column] : undefined;
    return {
      importId,
      dryRun,
      rowNo: p.rowNo,
      field: p.field,
      value: cell === undefined ? null : cell.slice(0, 500),
      message: p.message.slice(0, 1000),
      code: p.code,
      params: p.params,
    };
  });
  for (let i = 0; i < values.length; i += 1000)
    await db.insert(importErrors).values(values.slice(i, i + 1000));
}

export async function clearProblems(db: Executor, importId: string, dryRun: boolean) {
  await db
    .delete(importErrors)
    .where(and(eq(importErrors.importId, importId), eq(importErrors.dryRun, dryRun)));
}

export async function countProblems(db: Executor, importId: string, dryRun: boolean): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(importErrors)
    .where(and(eq(importErrors.importId, importId), eq(importErrors.dryRun, dryRun)));
  return row?.n ?? 0;
}

/**
 * A page of problems in row order: keyset on (row, id), the order of the import's errors index. Each is
 * worded in the caller's language as well (`localizedMessage`); a problem stored before codes existed, or
 * one whose code this server does not know, keeps its English message there.
 */
export async function listProblems(
  ctx: Ctx,
  importId: string,
  q: { dryRun: boolean; limit: number; cursor?: string },
) {
  const [afterRow, afterId] = (q.cursor ?? '0:0').split(':').map(Number);
  const valid = Number.isSafeInteger(afterRow) && Number.isSafeInteger(afterId);
  const rows = await ctx.db
    .select({
      id: importErrors.id,
      rowNo: importErrors.rowNo,
      field: importErrors.field,
      value: importErrors.value,
      message: importErrors.message,
      code: importErrors.code,
      params: importErrors.params,
    })
    .from(importErrors)
    .where(
      and(
        eq(importErrors.importId, importId),
        eq(importErrors.dryRun, q.dryRun),
        valid ? sql`(${importErrors.rowNo}, ${importErrors.id}) > (${afterRow}, ${afterId})` : sql`false`,
      ),
    )
    .orderBy(asc(importErrors.rowNo), asc(importErrors.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(({ id: _id, params, ...r }) => {
      const values = (params ?? null) as ImportProblemParamValues | null;
      return {
        ...r,
        params: values,
        localizedMessage: (r.code && importProblemText(r.code, values, ctx.user.language)) || r.message,
      };
    }),
    nextCursor: rows.length > q.limit ? `${page[page.length - 1]!.rowNo}:${page[page.length - 1]!.id}` : null,
  };
}

/**
 * The error report's headings and lines in the reader's language: the field by its label, the reason as a
 * sentence, and the stable code last (what a script keys on). Cells are made safe for spreadsheets.
 */
export async function problemReport(ctx: Ctx, entity: ImportEntity) {
  const lang = ctx.user.language;
  const head = importReportColumnsIn(lang);
  const { targets } = await importTargets(ctx.db, entity);
  const labels = new Map(targets.map((t) => [t.key, labelOf(t, lang)]));
  type Line = Awaited<ReturnType<typeof listProblems>>['data'][number];
  return {
    columns: [head.row, head.field, head.value, head.reason, head.code],
    line: (e: Line) => [
      e.rowNo,
      csvText(e.field ? (labels.get(e.field) ?? e.field) : ''),
      csvText(e.value ?? ''),
      csvText(e.localizedMessage),
      e.code ?? '',
    ],
  };
}
