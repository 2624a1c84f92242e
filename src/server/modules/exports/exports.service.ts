import { and, desc, eq } from 'drizzle-orm';
import type {
  CreateExportInput,
  ExportDto,
  ExportEntity,
  ExportFormat,
  ExportStatus,
} from '../../../shared/exports.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { files, storeFile, toFileDto } from '../files/index.ts';
import { enqueueJob, JobCancelledError, type JobHandler, jobs, requestCancel } from '../jobs/index.ts';
import type { Lang } from './exports.columns.ts';
import { exports } from './exports.schema.ts';
import { countExport, exportFileName, prepareExport, writeExport } from './exports.stream.ts';
import { contentTypes } from './exports.writers.ts';

export const EXPORT_JOB = 'export';
/** Exported files are kept a week, then maintenance removes them. */
export const EXPORT_TTL_MS = 7 * 24 * 3_600_000;

const langOf = (l: string | undefined): Lang => (l === 'fr' || l === 'de' || l === 'da' ? l : 'en');

const selection = {
  e: exports,
  status: jobs.status,
  progress: jobs.progress,
  error: jobs.error,
  finishedAt: jobs.finishedAt,
  file: files,
};
type Joined = {
  e: typeof exports.$inferSelect;
  status: string | null;
  progress: unknown;
  error: string | null;
  finishedAt: Date | null;
  file: typeof files.$inferSelect | null;
};

function toDto(r: Joined): ExportDto {
  const progress = (r.progress ?? {}) as { rows?: number; total?: number | null; exact?: boolean };
  return {
    id: r.e.id,
    entity: r.e.entity as ExportEntity,
    format: r.e.format as ExportFormat,
    status: (r.status ?? 'failed') as ExportStatus,
    rows: progress.rows ?? 0,
    total: progress.total ?? null,
    totalExact: progress.exact ?? false,
    columns: r.e.columns,
    file: r.file ? toFileDto(r.file) : null,
    // A failure's message is for the log; the caller gets a plain statement.
    error: r.status === 'failed' ? 'The export failed. Try again, or export fewer rows.' : null,
    createdAt: r.e.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

const joined = (ctx: Ctx) =>
  ctx.db
    .select(selection)
    .from(exports)
    .leftJoin(jobs, eq(jobs.id, exports.jobId))
    .leftJoin(files, eq(files.id, exports.fileId));

/**
 * Queues an export of a list as the caller sees it. The request is checked now (query, filters, columns)
 * and the first count taken, so the caller gets a 4xx at once and a total to show progress against.
 */
export async function createExport(ctx: Ctx, input: CreateExportInput): Promise<ExportDto> {
  const request = {
    entity: input.entity,
    format: input.format,
    query: input.query,
    columns: input.columns,
    language: langOf(input.language ?? ctx.user.language),
    timeZone: input.timeZone ?? 'UTC',
  };
  const prepared = await prepareExport(ctx, request);
  const total = await countExport(ctx, prepared);
  const id = await ctx.db.transaction(async (tx) => {
    const job = await enqueueJob(tx, { kind: EXPORT_JOB, payload: {}, createdById: ctx.user.id });
    const [row] = await tx
      .insert(exports)
      .values({
        jobId: job.id,
        entity: request.entity,
        format: request.format,
        query: request.query,
        columns: prepared.columns.map((c) => c.key),
        language: request.language,
        timeZone: request.timeZone,
        createdById: ctx.user.id,
      })
      .returning({ id: exports.id });
    await tx
      .update(jobs)
      .set({
        payload: { exportId: row!.id },
        progress: { rows: 0, total: total?.count ?? null, exact: total?.exact ?? false },
      })
      .where(eq(jobs.id, job.id));
    return row!.id;
  });
  return getExport(ctx, id);
}

/** An export the caller started (admins see everyone's); anyone else's answers 404. */
export async function getExport(ctx: Ctx, id: string): Promise<ExportDto> {
  const [row] = await joined(ctx).where(eq(exports.id, id));
  if (!row || (row.e.createdById !== ctx.user.id && !atLeast(ctx.user, 'admin'))) throw notFound('export');
  return toDto(row as Joined);
}

/** The caller's most recent exports, newest first (through `exports_creator_idx`). */
export async function listExports(ctx: Ctx): Promise<{ data: ExportDto[] }> {
  const rows = await joined(ctx)
    .where(eq(exports.createdById, ctx.user.id))
    .orderBy(desc(exports.createdAt))
    .limit(20);
  return { data: (rows as Joined[]).map(toDto) };
}

export async function cancelExport(ctx: Ctx, id: string): Promise<ExportDto> {
  const current = await getExport(ctx, id);
  const [row] = await ctx.db.select({ jobId: exports.jobId }).from(exports).where(eq(exports.id, current.id));
  await requestCancel(ctx.db, row!.jobId);
  return getExport(ctx, id);
}

/**
 * The export job: acting as the user who asked (so the list shows only what they may see), it streams the
 * list page by page into a stored file, checkpointing rows written after each page. Cancelled at the next
 * page after a cancel request; a job taken over after a crash starts the file again.
 */
export const exportJobHandler: JobHandler = {
  kind: EXPORT_JOB,
  async run({ job, ctx, checkpoint }) {
    const exportId = (job.payload as { exportId?: string }).exportId;
    const [row] = exportId
      ? await ctx.db
          .select()
          .from(exports)
          .where(and(eq(exports.id, exportId), eq(exports.jobId, job.id)))
      : [];
    if (!row) throw new Error('export row missing');
    // The job acts as the person who asked; if they can no longer sign in, it must not fall back to
    // the system user (who sees everything).
    if (ctx.user.via !== 'job' || ctx.user.id !== row.createdById)
      throw new Error('the user who asked for this export is no longer active');
    const request = {
      entity: row.entity as ExportEntity,
      format: row.format as ExportFormat,
      query: row.query as Record<string, unknown>,
      columns: row.columns,
      language: langOf(row.language),
      timeZone: row.timeZone,
    };
    const prepared = await prepareExport(ctx, request);
    const total = await countExport(ctx, prepared);
    const base = { total: total?.count ?? null, exact: total?.exact ?? false };
    let rows = 0;
    const file = await storeFile(
      ctx,
      {
        purpose: 'export',
        name: exportFileName(request.entity, request.format, request.language, ctx.now()),
        contentType: contentTypes[request.format],
        expiresAt: new Date(ctx.now().getTime() + EXPORT_TTL_MS),
      },
      async (out) => {
        rows = await writeExport(ctx, prepared, out, async (n) => {
          const { cancelRequested } = await checkpoint(ctx.db, { ...base, rows: n });
          if (cancelRequested) throw new JobCancelledError();
        });
      },
    );
    await ctx.db.update(exports).set({ fileId: file.id }).where(eq(exports.id, row.id));
    // The count is now exact: the rows written.
    await checkpoint(ctx.db, { total: rows, exact: true, rows });
    return { rows, fileId: file.id };
  },
};
