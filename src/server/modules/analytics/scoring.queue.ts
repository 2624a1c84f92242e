import { desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { SCORING_MODEL_VERSION, type ScoringRunDto } from '../../../shared/analytics.ts';
import type { Currency } from '../../../shared/money.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { enqueueJob, type JobHandler, type Sweep } from '../jobs/index.ts';
import { getSalesSettings } from '../sales/index.ts';
import { analyticsRuns } from './analytics.schema.ts';
import { runScoring } from './scoring.run.ts';

/** The background job kind of a scoring run (payload `{runId}`). */
export const SCORING_JOB = 'analytics-scoring';
/** The nightly run is queued by the first sweep after this hour (UTC) each day. */
const NIGHTLY_HOUR_UTC = 2;
const HOUR_MS = 3600_000;

type RunRow = typeof analyticsRuns.$inferSelect;

export function toRunDto(r: RunRow): ScoringRunDto {
  return {
    id: r.id,
    jobId: r.jobId,
    status: r.status as ScoringRunDto['status'],
    trigger: r.trigger as ScoringRunDto['trigger'],
    modelVersion: r.modelVersion,
    currency: r.currency as Currency,
    startedAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    subjects: r.subjects as ScoringRunDto['subjects'],
    otherCurrencyOrders: r.otherCurrencyOrders,
    alerts: r.alerts,
    // The failure's message is in the log; the caller gets a plain statement.
    error: r.status === 'failed' ? 'The scoring run failed. Try again later.' : null,
  };
}

async function pendingRun(db: Executor): Promise<RunRow | undefined> {
  const [run] = await db
    .select()
    .from(analyticsRuns)
    .where(inArray(analyticsRuns.status, ['queued', 'running']))
    .orderBy(analyticsRuns.createdAt)
    .limit(1);
  return run;
}

/**
 * Queues a scoring run (answered 202); 409 `run_running` while one is queued or running. The check and the
 * insert hold a transaction-scoped advisory lock, so two presses make one run.
 */
export async function queueRun(ctx: Ctx, trigger: 'manual' | 'nightly'): Promise<ScoringRunDto> {
  const run = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rapport:analytics-scoring'))`);
    const pending = await pendingRun(tx);
    if (pending)
      throw new AppError('run_running', {
        status: 409,
        detail: 'A scoring run is already queued or running.',
        extra: { jobId: pending.jobId, runId: pending.id },
      });
    const { defaultCurrency } = await getSalesSettings(tx);
    const [row] = await tx
      .insert(analyticsRuns)
      .values({
        trigger,
        modelVersion: SCORING_MODEL_VERSION,
        currency: defaultCurrency,
        createdAt: ctx.now(),
      })
      .returning();
    const job = await enqueueJob(tx, {
      kind: SCORING_JOB,
      payload: { runId: row!.id },
      createdById: ctx.user.via === 'system' ? null : ctx.user.id,
    });
    const [linked] = await tx
      .update(analyticsRuns)
      .set({ jobId: job.id })
      .where(eq(analyticsRuns.id, row!.id))
      .returning();
    return linked!;
  });
  return toRunDto(run);
}

export async function getRun(ctx: Ctx, id: string): Promise<ScoringRunDto> {
  const [run] = await ctx.db.select().from(analyticsRuns).where(eq(analyticsRuns.id, id));
  if (!run) throw notFound('run');
  return toRunDto(run);
}

/** The newest run (queued, running or finished), or null before the first. */
export async function latestRun(db: Executor): Promise<ScoringRunDto | null> {
  const [run] = await db.select().from(analyticsRuns).orderBy(desc(analyticsRuns.createdAt)).limit(1);
  return run ? toRunDto(run) : null;
}

/** The job: one run. A failure marks the run failed (its message goes to the log) and fails the job. */
export const scoringJob: JobHandler = {
  kind: SCORING_JOB,
  async run(job) {
    const runId = (job.job.payload as { runId?: unknown }).runId;
    if (typeof runId !== 'string') throw new Error('scoring job without a run');
    try {
      return await runScoring(job, runId);
    } catch (err) {
      await job.ctx.db
        .update(analyticsRuns)
        .set({
          status: 'failed',
          finishedAt: job.ctx.now(),
          error: err instanceof Error ? err.message : String(err),
        })
        .where(eq(analyticsRuns.id, runId));
      throw err;
    }
  },
};

/** The start of the current nightly window: today at 02:00 UTC, or yesterday's before that hour. */
export function nightlyWindowStart(now: Date): Date {
  const start = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), NIGHTLY_HOUR_UTC),
  );
  return start.getTime() > now.getTime() ? new Date(start.getTime() - 24 * HOUR_MS) : start;
}

/**
 * Queues the nightly run: once per day, at the first sweep after 02:00 UTC (or at the first sweep after a
 * start, when the last run is older than that), unless a run was queued since. A run that failed is not
 * retried before the next night (the manual button retries at once).
 */
export const scoringSweep: Sweep = {
  name: 'analytics-scoring',
  async run(ctx) {
    const since = nightlyWindowStart(ctx.now());
    const [recent] = await ctx.db
      .select({ id: analyticsRuns.id })
      .from(analyticsRuns)
      .where(gt(analyticsRuns.createdAt, since))
      .limit(1);
    if (recent) return 0;
    try {
      await queueRun(ctx, 'nightly');
      return 1;
    } catch (err) {
      if (err instanceof AppError && err.code === 'run_running') return 0;
      throw err;
    }
  },
};
