import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import {
  type ImportCounts,
  type ImportEntity,
  importRoles,
  type PartyEntity,
} from '../../../shared/imports.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import { atLeast, type Ctx, SYSTEM_USER_ID } from '../../http/context.ts';
import { JobCancelledError, type JobHandler, type JobRun, LeaseLostError } from '../jobs/index.ts';
import { writeRecordBatch } from './entities/write.ts';
import type { BuiltRow } from './imports.build.ts';
import { resolveCompanies } from './imports.companies.ts';
import { type ImportRow, importContext } from './imports.context.ts';
import { clearProblems, saveProblems } from './imports.errors.ts';
import { type BatchPlan, planBatch } from './imports.plan.ts';
import { type Batch, batchSize, failedRows, scan } from './imports.scan.ts';
import { importRecords, imports } from './imports.schema.ts';
import { undoImport, undoRecords } from './imports.undo.ts';
import { insertRecords, merged, updateRecords, type WriteEnv } from './imports.write.ts';
import type { ColumnMapping, RowProblem } from './parse/index.ts';

export type ImportAction = 'dry_run' | 'run' | 'undo';
type Progress = ImportCounts & {
  companiesCreated: number;
  phase: 'validate' | 'write';
  lastRowNo: number;
  startedMs: number;
  rowsAtStart: number;
};
const zero = () => ({
  total: 0,
  rowsDone: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
  companiesCreated: 0,
});
/** Duplicates listed by a dry run (all are counted). */
const MAX_LISTED_DUPLICATES = 1000;

class AllOrNothing extends Error {}

async function loadImport(db: Executor, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row;
}

/** Rows a second and the time left, from the rows written since this run (re)started. */
function withRate(p: Progress, now: number) {
  const secs = (now - p.startedMs) / 1000;
  const done = p.rowsDone - p.rowsAtStart;
  const rate = secs > 1 && done > 0 ? done / secs : null;
  return {
    total: p.total,
    rowsDone: p.rowsDone,
    created: p.created,
    updated: p.updated,
    skipped: p.skipped,
    failed: p.failed,
    companiesCreated: p.companiesCreated ?? 0,
    rowsPerSecond: rate === null ? null : Math.round(rate),
    etaSeconds: rate ? Math.max(0, Math.round((p.total - p.rowsDone) / rate)) : null,
    undo: null,
  };
}

async function setStatus(db: Executor, id: string, set: PgUpdateSetSource<typeof imports>) {
  await db.update(imports).set(set).where(eq(imports.id, id));
}

const writeEnv = (ctx: Ctx, imp: ImportRow, c: Awaited<ReturnType<typeof importContext>>): WriteEnv => ({
  importId: imp.id,
  entity: c.entity as PartyEntity,
  settings: c.settings,
  defs: c.defs,
  actorId: ctx.user.via === 'system' ? null : ctx.user.id,
  defaultOwnerId: c.settings.ownerId ?? (ctx.user.via === 'system' ? null : ctx.user.id),
  now: ctx.now(),
});

const companyRefs = (rows: BuiltRow[]) =>
  rows.filter((r) => r.company).map((r) => ({ rowNo: r.rowNo, ...r.company! }));

/** One batch planned against the database as it is (and, in a dry run, against the file's earlier rows). */
async function plan(
  db: Executor,
  ctx: Ctx,
  imp: ImportRow,
  c: Awaited<ReturnType<typeof importContext>>,
  rows: BuiltRow[],
  seenInFile?: Map<number, number>,
): Promise<BatchPlan> {
  // What the rows refer to (customers, products, stages…) is looked up first: an unknown one fails the row.
  if (c.importer?.resolve) await c.importer.resolve(db, rows);
  const companyOf =
    c.entity === 'contacts' && c.settings.fuzzy
      ? (await resolveCompanies(db, writeEnv(ctx, imp, c), companyRefs(rows), { create: false })).ids
      : undefined;
  return planBatch(db, rows, {
    entity: c.entity,
    settings: c.settings,
    decisions: imp.decisions as Record<string, 'skip' | 'update' | 'create'>,
    editableOwners: c.importer ? null : c.editableOwners,
    importer: c.importer,
    seenInFile,
    companyOf,
  });
}

/**
 * A dry run: reads the whole file, plans every batch against the database without writing, and records what
 * would happen (counts, duplicates, problems). The real run uses the same pass to refuse a file with bad rows
 * before writing anything, unless the user chose to keep the valid rows.
 */
async function validate(run: JobRun, imp: ImportRow, dryRun: boolean) {
  const { ctx } = run;
  const c = await importContext(ctx, imp);
  await clearProblems(ctx.db, imp.id, dryRun);
  const counts = zero();
  const duplicates: BatchPlan['duplicates'] = [];
  let duplicateCount = 0;
  const seenInFile = new Map<number, number>();
  for await (const batch of scan(c, 0, batchSize(ctx))) {
    const p = await plan(ctx.db, ctx, imp, c, batch.rows, seenInFile);
    const problems = [...batch.readerProblems, ...p.failures];
    await saveProblems(ctx.db, imp.id, dryRun, problems, batch.raw, imp.mapping as ColumnMapping);
    counts.total += batch.rows.length + failedRows(batch.readerProblems);
    counts.created += p.creates.length;
    counts.updated += p.updates.length + p.mergeIntoNew.length;
    counts.skipped += p.skipped.length;
    counts.failed += failedRows(problems);
    counts.rowsDone = counts.total;
    duplicateCount += p.duplicates.length;
    for (const d of p.duplicates) if (duplicates.length < MAX_LISTED_DUPLICATES) duplicates.push(d);
    const { cancelRequested } = await run.checkpoint(ctx.db, { phase: 'validate', ...counts });
    if (dryRun)
      await setStatus(ctx.db, imp.id, {
        stats: {
          ...withRate(
            { ...counts, phase: 'validate', lastRowNo: 0, startedMs: Date.now(), rowsAtStart: 0 },
            Date.now(),
          ),
        },
      });
    if (cancelRequested) throw new JobCancelledError();
  }
  return { counts, duplicates, duplicateCount };
}

export async function dryRunImport(run: JobRun, imp: ImportRow) {
  try {
    const { counts, duplicates, duplicateCount } = await validate(run, imp, true);
    await setStatus(run.ctx.db, imp.id, {
      status: 'draft',
      dryRun: { ...counts, duplicates, duplicateCount },
      stats: { ...zero(), total: counts.total, rowsPerSecond: null, etaSeconds: null, undo: null },
      error: null,
      version: sql`${imports.version} + 1`,
    });
    return counts;
  } catch (err) {
    await setStatus(run.ctx.db, imp.id, {
      status: 'draft',
      error: err instanceof JobCancelledError ? null : messageOf(err),
      version: sql`${imports.version} + 1`,
    });
    if (err instanceof JobCancelledError) return zero();
    throw err;
  }
}

export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/** Applies later rows of a batch to a record an earlier row of the same batch creates. */
function foldIntoCreates(p: BatchPlan) {
  for (const { into, row } of p.mergeIntoNew) {
    const target = p.creates[into]!;
    const next = merged(
      { id: '', version: 0, emails: [], phones: [], tags: [], addresses: [], ...target.fields },
      row.fields,
      { ...(target.fields.custom as object), ...(row.fields.custom as object) },
    );
    const { id: _id, version: _v, ...fields } = next;
    target.fields = fields;
    target.company = row.company ?? target.company;
  }
}

async function writeBatch(
  run: JobRun,
  imp: ImportRow,
  c: Awaited<ReturnType<typeof importContext>>,
  batch: Awaited<ReturnType<typeof scan>> extends AsyncGenerator<infer B> ? B : never,
  progress: Progress,
) {
  const { ctx } = run;
  return ctx.db.transaction(async (tx) => {
    // Two imports of one record type write one batch at a time: neither can create what the other just did.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rapport:import:${c.entity}`}))`);
    const p = await plan(tx, ctx, imp, c, batch.rows);
    if (c.importer) {
      // Later rows repeating a record created earlier in the same batch are duplicates of it.
      const w = await writeRecordBatch(tx, ctx, c.importer, imp.id, {
        creates: p.creates,
        updates: [...p.updates, ...p.mergeIntoNew.map(({ row }) => ({ id: '', row }))].filter((u) => u.id),
      });
      const skippedInBatch = p.mergeIntoNew.map(({ row }) => row.rowNo);
      return finishBatch(tx, run, imp, c, batch, progress, p, {
        created: w.created.length,
        updated: w.updated,
        skipped: p.skipped.length + w.unchanged.length + skippedInBatch.length,
        problems: w.problems,
        companiesCreated: 0,
      });
    }
    foldIntoCreates(p);
    const env = writeEnv(ctx, imp, c);
    const linked = [...p.creates, ...p.updates.map((u) => u.row)];
    const companies =
      c.entity === 'contacts'
        ? await resolveCompanies(tx, env, companyRefs(linked), { create: true })
        : { ids: new Map<number, string | null>(), created: 0 };
    const companyOf = companies.ids;
    const ins = await insertRecords(
      tx,
      env,
      p.creates.map((row) => ({ row, companyId: companyOf.get(row.rowNo) })),
    );
    const upd = await updateRecords(
      tx,
      env,
      p.updates.map((u) => ({ ...u, companyId: u.row.company ? companyOf.get(u.row.rowNo) : undefined })),
    );
    return finishBatch(tx, run, imp, c, batch, progress, p, {
      created: ins.created.length,
      updated: upd.updated + p.mergeIntoNew.length,
      skipped: p.skipped.length + upd.unchanged.length,
      problems: [...ins.problems, ...upd.problems],
      companiesCreated: companies.created,
    });
  });
}

/** A written batch's problems (all or nothing, unless valid rows are kept), progress and checkpoint. */
async function finishBatch(
  tx: Executor,
  run: JobRun,
  imp: ImportRow,
  c: Awaited<ReturnType<typeof importContext>>,
  batch: Batch,
  progress: Progress,
  p: BatchPlan,
  done: {
    created: number;
    updated: number;
    skipped: number;
    problems: RowProblem[];
    companiesCreated: number;
  },
) {
  const problems: RowProblem[] = [...batch.readerProblems, ...p.failures, ...done.problems];
  if (problems.length && !c.settings.keepValidRows)
    throw Object.assign(new AllOrNothing(), { problems, raw: batch.raw });
  await saveProblems(tx, imp.id, false, problems, batch.raw, imp.mapping as ColumnMapping);
  progress.created += done.created;
  progress.companiesCreated = (progress.companiesCreated ?? 0) + done.companiesCreated;
  progress.updated += done.updated;
  progress.skipped += done.skipped;
  progress.failed += failedRows(problems);
  progress.rowsDone += batch.rows.length + failedRows(batch.readerProblems);
  progress.lastRowNo = batch.lastRowNo;
  await tx
    .update(imports)
    .set({ stats: withRate(progress, Date.now()) })
    .where(eq(imports.id, imp.id));
  return run.checkpoint(tx, progress);
}

/**
 * Fresh planner statistics while the import grows its table. Planned with the statistics of an empty or
 * much smaller table, the per-key look-ups of the next batches (matching, in-file references) turn into
 * scans — a bitmap AND over a whole partial index, 8 s a batch at 40,000 new contacts. The table is analysed
 * each time the import has written as many rows as it held (at least 2,000): a few times an import, and
 * never for a small import into a large table. (PostgreSQL's autovacuum catches up too, but minutes late.)
 */
async function statsRefresher(ctx: Ctx, entity: ImportEntity) {
  // A contact file creates the companies it names as it goes: they grow together.
  const tables = entity === 'contacts' ? sql`contacts, companies` : sql`${sql.identifier(entity)}`;
  const [row] = rowsOf<{ n: number | string }>(
    await ctx.db.execute(sql`select greatest(reltuples, 0)::bigint as n from pg_class
      where oid = to_regclass(${entity})`),
  );
  let held = Number(row?.n ?? 0);
  let at = 0;
  const analyze = async (written: number) => {
    await ctx.db.execute(sql`analyze ${tables}`);
    held += written - at;
    at = written;
  };
  return {
    /** After a batch. */
    grown: async (written: number) => {
      if (written - at >= Math.max(2000, held)) await analyze(written);
    },
    /**
     * At the end, when the rows since the last time are a tenth of the table or more (PGlite has no
     * autovacuum: without it the next queries would plan — and lists estimate their counts — for a table
     * without them). Only the tables the import wrote.
     */
    done: async (written: number) => {
      const since = written - at;
      if (since >= 1000 && since >= held / 10) await analyze(written);
    },
  };
}

/** The real run: validates (unless valid rows are kept), then writes batch by batch, resumable at each commit. */
export async function runImport(run: JobRun, imp: ImportRow) {
  const { ctx, job } = run;
  const c = await importContext(ctx, imp);
  let progress = job.progress as Partial<Progress>;
  if (progress.phase !== 'write') {
    await setStatus(ctx.db, imp.id, {
      status: 'running',
      startedAt: ctx.now(),
      error: null,
      version: sql`${imports.version} + 1`,
    });
    const checked = await validate(run, imp, false).catch(async (err) => {
      if (err instanceof LeaseLostError) throw err; // another worker has it now
      // Cancelled (or failed) before anything was written: say so on the import, not only on the job.
      await setStatus(ctx.db, imp.id, {
        status: err instanceof JobCancelledError ? 'cancelled' : 'failed',
        finishedAt: ctx.now(),
        error: err instanceof JobCancelledError ? null : messageOf(err),
        version: sql`${imports.version} + 1`,
      });
      throw err;
    });
    if (!c.settings.keepValidRows && checked.counts.failed > 0) {
      await setStatus(ctx.db, imp.id, {
        status: 'failed',
        finishedAt: ctx.now(),
        stats: {
          ...zero(),
          total: checked.counts.total,
          failed: checked.counts.failed,
          rowsPerSecond: null,
          etaSeconds: null,
          undo: null,
        },
        error: `${checked.counts.failed} row(s) have problems, so nothing was imported. Fix them, or choose to keep the valid rows.`,
        version: sql`${imports.version} + 1`,
      });
      return { ...zero(), failed: checked.counts.failed };
    }
    await clearProblems(ctx.db, imp.id, false);
    progress = { ...zero(), total: checked.counts.total, phase: 'write', lastRowNo: 0 };
    await run.checkpoint(ctx.db, progress);
  }
  const p: Progress = {
    ...(progress as Progress),
    startedMs: Date.now(),
    rowsAtStart: progress.rowsDone ?? 0,
  };
  const stats = await statsRefresher(ctx, imp.entity as ImportEntity);
  try {
    for await (const batch of scan(c, p.lastRowNo, batchSize(ctx))) {
      const { cancelRequested } = await writeBatch(run, imp, c, batch, p);
      if (cancelRequested) throw new JobCancelledError();
      await stats.grown(p.created + p.updated);
    }
  } catch (err) {
    // Another worker holds the job now (this one was presumed dead): it resumes; touch nothing.
    if (err instanceof LeaseLostError) throw err;
    if (err instanceof JobCancelledError) {
      await setStatus(ctx.db, imp.id, {
        status: 'cancelled',
        finishedAt: ctx.now(),
        version: sql`${imports.version} + 1`,
      });
      throw err;
    }
    // Nothing half-imported stays: what earlier batches wrote is taken back before the import is marked failed.
    await undoRecords(ctx, imp, { hard: true });
    // Nothing of the import is left, so there is nothing an undo could take back.
    await ctx.db.delete(importRecords).where(eq(importRecords.importId, imp.id));
    if (err instanceof AllOrNothing) {
      const e = err as AllOrNothing & { problems: RowProblem[]; raw: Map<number, Record<string, string>> };
      await saveProblems(ctx.db, imp.id, false, e.problems, e.raw, imp.mapping as ColumnMapping);
    }
    await setStatus(ctx.db, imp.id, {
      status: 'failed',
      finishedAt: ctx.now(),
      stats: { ...withRate(p, Date.now()), created: 0, updated: 0 },
      error:
        err instanceof AllOrNothing
          ? 'Some rows could not be written, so nothing was imported.'
          : messageOf(err),
      version: sql`${imports.version} + 1`,
    });
    if (err instanceof AllOrNothing) return zero();
    throw err;
  }
  await stats.done(p.created + p.updated).catch(() => {});
  await setStatus(ctx.db, imp.id, {
    status: 'done',
    finishedAt: ctx.now(),
    stats: { ...withRate(p, Date.now()), etaSeconds: 0 },
    version: sql`${imports.version} + 1`,
  });
  return { total: p.total, created: p.created, updated: p.updated, skipped: p.skipped, failed: p.failed };
}

/** The background job that dry-runs, runs or undoes an import. */
export const importJob: JobHandler = {
  kind: 'import',
  async run(run) {
    const { importId, action } = run.job.payload as { importId: string; action: ImportAction };
    const imp = await loadImport(run.ctx.db, importId);
    if (!imp) return { missing: true };
    // A job acts as the user who queued it; one who has since been deactivated cannot write through it
    // (the job would otherwise run with the system's rights).
    if (imp.createdById && imp.createdById !== SYSTEM_USER_ID && run.ctx.user.id !== imp.createdById) {
      await setStatus(run.ctx.db, imp.id, {
        status: action === 'dry_run' ? 'draft' : 'failed',
        error: 'The user who started this import is no longer active.',
        version: sql`${imports.version} + 1`,
      });
      return { refused: true };
    }
    // …nor one whose role no longer allows this record type (the job writes through the services directly).
    if (!atLeast(run.ctx.user, importRoles[imp.entity as ImportEntity])) {
      await setStatus(run.ctx.db, imp.id, {
        status: action === 'dry_run' ? 'draft' : 'failed',
        error: `Importing ${imp.entity} needs the ${importRoles[imp.entity as ImportEntity]} role.`,
        version: sql`${imports.version} + 1`,
      });
      return { refused: true };
    }
    if (action === 'dry_run') return dryRunImport(run, imp);
    if (action === 'undo') return undoImport(run, imp);
    return runImport(run, imp);
  },
};
