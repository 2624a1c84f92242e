import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ImportEntity } from '../../../shared/imports.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { recordHistory } from '../history/index.ts';
import type { JobRun } from '../jobs/index.ts';
import { recordImporterOf } from './entities/index.ts';
import type { ImportRow } from './imports.context.ts';
import { importRecords, imports } from './imports.schema.ts';

const PAGE = 1000;
const tableOf = (e: ImportEntity) =>
  (e === 'contacts'
    ? contacts
    : e === 'companies'
      ? companies
      : recordImporterOf(e)!.table) as typeof contacts;
const historyEntity = (e: ImportEntity) =>
  e === 'contacts' ? 'contact' : e === 'companies' ? 'company' : recordImporterOf(e)!.historyEntity;
/**
 * The order records are taken back in: what refers to others first (an order before the contact its import
 * created, a contact before the company it was linked to).
 */
const undoOrder: ImportEntity[] = ['orders', 'interactions', 'deals', 'products', 'contacts', 'companies'];
type UndoCounts = { removed: number; restored: number; conflicts: number };

/**
 * Takes an import back, one page of its records per transaction: records it created go to the recycle bin
 * (or are erased, when a failed import is being rolled back), records it updated get their old values back —
 * unless someone changed them after the import, then they are left as they are and counted as conflicts.
 * Contacts come before the companies the import created for them.
 */
export async function undoRecords(
  ctx: Ctx,
  imp: Pick<ImportRow, 'id'>,
  opts: { hard: boolean; after?: { entity: string; recordId: string }; counts?: UndoCounts },
  onPage?: (
    last: { entity: string; recordId: string },
    counts: UndoCounts,
    tx: Ctx['db'],
  ) => Promise<boolean>,
): Promise<UndoCounts> {
  const counts = opts.counts ?? { removed: 0, restored: 0, conflicts: 0 };
  let after = opts.after ?? { entity: '', recordId: '00000000-0000-0000-0000-000000000000' };
  const actorId = ctx.user.via === 'system' ? null : ctx.user.id;
  for (;;) {
    const stop = await ctx.db.transaction(async (tx) => {
      // 'companies' sorts before 'contacts': contacts first means ordering by entity descending.
      const page = await tx
        .select()
        .from(importRecords)
        .where(
          and(
            eq(importRecords.importId, imp.id),
            sql`(${importRecords.entity} < ${after.entity} or (${importRecords.entity} = ${after.entity} and ${importRecords.recordId} > ${after.recordId}) or ${after.entity} = '')`,
          ),
        )
        .orderBy(sql`${importRecords.entity} desc`, asc(importRecords.recordId))
        .limit(PAGE);
      if (!page.length) return true;
      for (const entity of undoOrder) {
        if (!page.some((r) => r.entity === entity)) continue;
        const t = tableOf(entity);
        const created = page
          .filter((r) => r.entity === entity && r.action === 'created')
          .map((r) => r.recordId);
        if (created.length) {
          if (opts.hard) {
            const gone = await tx.delete(t).where(inArray(t.id, created)).returning({ id: t.id });
            counts.removed += gone.length;
            // A rolled-back import never happened: the erased records' history goes with them.
            await tx
              .delete(recordHistory)
              .where(
                and(
                  eq(recordHistory.entity, historyEntity(entity)),
                  inArray(recordHistory.recordId, created),
                ),
              );
          } else {
            const binned = await tx
              .update(t)
              .set({ deletedAt: ctx.now(), deletedById: actorId, version: sql`${t.version} + 1` })
              .where(and(inArray(t.id, created), isNull(t.deletedAt)))
              .returning({ id: t.id });
            counts.removed += binned.length;
            if (binned.length)
              await tx.insert(recordHistory).values(
                binned.map((b) => ({
                  entity: historyEntity(entity),
                  recordId: b.id,
                  actorId,
                  action: 'delete' as const,
                  changes: [{ field: 'import', old: imp.id, new: null }],
                })),
              );
          }
        }
        const updated = page.filter((r) => r.entity === entity && r.action === 'updated');
        if (updated.length) {
          const current = await tx
            .select({ id: t.id, version: t.version })
            .from(t)
            .where(
              inArray(
                t.id,
                updated.map((u) => u.recordId),
              ),
            )
            .for('update');
          const versionOf = new Map(current.map((c) => [c.id, c.version]));
          for (const u of updated) {
            if (versionOf.get(u.recordId) !== u.versionAfter) {
              counts.conflicts++;
              continue;
            }
            const before = (u.before ?? {}) as Record<string, unknown>;
            const importer = recordImporterOf(entity);
            if (importer?.restore) {
              // The service may refuse to go back (the old owner deactivated, the old stage archived): the
              // record stays as it is and counts as a conflict, the rest of the undo goes on.
              const restored = await tx
                .transaction((sp) => importer.restore!({ ...ctx, db: sp }, u.recordId, before))
                .then(
                  () => true,
                  (err) => {
                    if (err instanceof AppError && err.status < 500) return false;
                    throw err;
                  },
                );
              if (restored) counts.restored++;
              else counts.conflicts++;
              continue;
            }
            await tx
              .update(t)
              .set({ ...before, version: sql`${t.version} + 1`, updatedAt: ctx.now() } as never)
              .where(eq(t.id, u.recordId));
            await tx.insert(recordHistory).values({
              entity: historyEntity(entity),
              recordId: u.recordId,
              actorId,
              action: 'update',
              changes: Object.keys(before).map((field) => ({ field, old: null, new: before[field] ?? null })),
            });
            counts.restored++;
          }
        }
      }
      const last = page[page.length - 1]!;
      after = { entity: last.entity, recordId: last.recordId };
      return onPage ? onPage(after, counts, tx) : false;
    });
    if (stop) return counts;
  }
}

/** The undo job: resumable from the last committed page, cancellable between pages. */
export async function undoImport(run: JobRun, imp: ImportRow) {
  const { ctx, job } = run;
  const resume = job.progress as { after?: { entity: string; recordId: string }; counts?: UndoCounts };
  await ctx.db
    .update(imports)
    .set({ status: 'undoing', version: sql`${imports.version} + 1` })
    .where(eq(imports.id, imp.id));
  const counts = await undoRecords(
    ctx,
    imp,
    { hard: false, after: resume.after, counts: resume.counts },
    async (after, counts, tx) => {
      await tx
        .update(imports)
        .set({ stats: sql`${imports.stats} || ${JSON.stringify({ undo: counts })}::jsonb` })
        .where(eq(imports.id, imp.id));
      // An undo is not cancelled half-way: it always ends with the import fully taken back.
      await run.checkpoint(tx, { after, counts });
      return false;
    },
  );
  await ctx.db
    .update(imports)
    .set({
      status: 'undone',
      undoneAt: ctx.now(),
      stats: sql`${imports.stats} || ${JSON.stringify({ undo: counts })}::jsonb`,
      version: sql`${imports.version} + 1`,
    })
    .where(eq(imports.id, imp.id));
  return counts;
}
