import type { ImportEntity } from '../../../../shared/imports.ts';
import type { Executor } from '../../../db/client.ts';
import type { Ctx } from '../../../http/context.ts';
import { AppError } from '../../../http/errors.ts';
import type { BuiltRow } from '../imports.build.ts';
import type { BatchPlan } from '../imports.plan.ts';
import { appErrorProblem, fieldErrorProblem, RowProblemsError } from '../imports.problems.ts';
import { recordImported } from '../imports.write.ts';
import type { RowProblem } from '../parse/index.ts';
import { purgeUndoneLeftovers } from './external.ts';
import type { RecordImporter, RecordWriteResult } from './types.ts';

/** A refusal of the service as the row's problems (a 422's field errors name the fields). */
function problemsOf(err: unknown, row: BuiltRow, importer: RecordImporter): RowProblem[] | null {
  if (!(err instanceof AppError) || err.status >= 500) return null;
  if (err instanceof RowProblemsError) return err.problems.map((p) => ({ ...p, rowNo: row.rowNo }));
  if (err.errors?.length)
    return err.errors.map((e) => ({
      rowNo: row.rowNo,
      field: e.path ? (importer.fieldOf?.(e.path) ?? e.path) : null,
      ...fieldErrorProblem(e),
    }));
  return [{ rowNo: row.rowNo, field: null, ...appErrorProblem(err) }];
}

/**
 * Writes a planned batch through the importer's service calls, inside the batch's transaction: each record
 * in its own savepoint, so a record the service refuses is reported for its row and the others go on.
 * Every created or updated record is noted for undo.
 */
export async function writeRecordBatch(
  tx: Executor,
  ctx: Ctx,
  importer: RecordImporter,
  importId: string,
  plan: Pick<BatchPlan, 'creates' | 'updates'>,
): Promise<RecordWriteResult> {
  const out: RecordWriteResult = { created: [], updated: 0, unchanged: [], problems: [] };
  const env = { importId };
  // What undo needs, noted for the whole batch at the end (one insert an entity, not one a record).
  const notes = new Map<ImportEntity, Parameters<typeof recordImported>[3]>();
  const note = (entity: ImportEntity, item: Parameters<typeof recordImported>[3][number]) =>
    notes.set(entity, [...(notes.get(entity) ?? []), item]);
  const noted = (row: BuiltRow, made: { id: string; also?: { entity: ImportEntity; id: string }[] }) => {
    out.created.push({ id: made.id, rowNo: row.rowNo });
    note(importer.entity, { id: made.id, rowNo: row.rowNo, action: 'created' });
    for (const also of made.also ?? [])
      note(also.entity, { id: also.id, rowNo: row.rowNo, action: 'created' });
  };
  if (importer.purgesLeftovers && plan.creates.length)
    await purgeUndoneLeftovers(
      tx,
      importer.table,
      importer.historyEntity,
      plan.creates.flatMap((r) => importer.keysOf(r, 'externalId')),
    );
  if (importer.createMany && plan.creates.length) {
    const results = await importer.createMany({ ...ctx, db: tx }, plan.creates);
    for (const [i, row] of plan.creates.entries()) {
      const r = results[i]!;
      if ('id' in r) {
        noted(row, r);
        continue;
      }
      const problems = problemsOf(r.error, row, importer);
      if (!problems) throw r.error;
      out.problems.push(...problems);
    }
  }
  for (const row of importer.createMany ? [] : plan.creates) {
    try {
      const made = await tx.transaction((sp) => importer.create({ ...ctx, db: sp }, row));
      noted(row, made);
    } catch (err) {
      const problems = problemsOf(err, row, importer);
      if (!problems) throw err;
      out.problems.push(...problems);
    }
  }
  for (const { id, row } of plan.updates) {
    if (!importer.update) {
      out.unchanged.push(row.rowNo);
      continue;
    }
    try {
      const done = await tx.transaction((sp) => importer.update!({ ...ctx, db: sp }, id, row));
      if (!done) {
        out.unchanged.push(row.rowNo);
        continue;
      }
      out.updated++;
      note(importer.entity, {
        id,
        rowNo: row.rowNo,
        action: 'updated',
        before: done.before,
        versionAfter: done.versionAfter,
      });
    } catch (err) {
      const problems = problemsOf(err, row, importer);
      if (!problems) throw err;
      out.problems.push(...problems);
    }
  }
  for (const [entity, items] of notes) await recordImported(tx, env, entity, items);
  return out;
}
