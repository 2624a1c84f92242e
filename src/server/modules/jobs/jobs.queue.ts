import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database, Executor } from '../../db/client.ts';
import { type Ctx, systemCtx } from '../../http/context.ts';
import { loadPrincipal } from '../users/index.ts';
import { jobs } from './jobs.schema.ts';

export type JobRow = typeof jobs.$inferSelect;

/** Thrown inside a job when its lease went to another worker: the batch in hand must not commit. */
export class LeaseLostError extends Error {
  constructor() {
    super('job lease lost');
  }
}

/** What a running job is handed: its row, a context acting as the user who started it, and its lease. */
export type JobRun = {
  job: JobRow;
  ctx: Ctx;
  /**
   * Records progress in `db` (pass the transaction that commits the batch, so work and checkpoint commit
   * together) after checking the lease is still this worker's; says whether a cancel was asked for.
   */
  checkpoint(db: Executor, progress: Record<string, unknown>): Promise<{ cancelRequested: boolean }>;
};

export type JobHandler = { kind: string; run(run: JobRun): Promise<Record<string, unknown>> };

export async function enqueueJob(
  db: Executor,
  job: { kind: string; payload: Record<string, unknown>; createdById: string | null },
): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: job.kind, payload: job.payload, createdById: job.createdById })
    .returning();
  return row!;
}

export async function getJob(db: Executor, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Asks a queued or running job to stop; the job stops at its next checkpoint. */
export async function requestCancel(db: Executor, id: string): Promise<void> {
  await db
    .update(jobs)
    .set({ cancelRequested: true })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['queued', 'running'])));
}

/**
 * Takes the oldest job of these kinds that nobody holds (queued, or running with an expired lease), or the
 * job `onlyId` when given (the CLI runs the job it queued itself).
 */
export async function claimJob(
  db: Executor,
  owner: string,
  kinds: string[],
  now: Date,
  leaseMs: number,
  onlyId?: string,
): Promise<JobRow | undefined> {
  return db.transaction(async (tx) => {
    const [free] = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.status, ['queued', 'running']),
          inArray(jobs.kind, kinds),
          or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, now)),
          onlyId ? eq(jobs.id, onlyId) : undefined,
        ),
      )
      .orderBy(asc(jobs.createdAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!free) return undefined;
    const [row] = await tx
      .update(jobs)
      .set({
        status: 'running',
        leaseOwner: owner,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: sql`${jobs.attempts} + 1`,
        startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
      })
      .where(eq(jobs.id, free.id))
      .returning();
    return row;
  });
}

/**
 * On PGlite one process owns the database, so at start every job still marked running belonged to a process
 * that died (kill -9, power loss): free them at once instead of waiting for their leases to run out.
 */
export async function releaseOrphanedJobs(database: Database): Promise<void> {
  if (database.kind !== 'pglite') return;
  await database.db
    .update(jobs)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(eq(jobs.status, 'running'));
}

async function contextFor(database: Database, config: Config, log: FastifyBaseLogger, job: JobRow) {
  const base = systemCtx(database, config, log);
  const user = job.createdById ? await loadPrincipal(database.db, job.createdById, 'job') : null;
  return user ? { ...base, user } : base;
}

/** Runs one claimed job to its end: renews the lease while it works, records the result or the failure. */
export async function runJob(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  handler: JobHandler,
  job: JobRow,
  owner: string,
): Promise<void> {
  const ctx = await contextFor(database, config, log, job);
  const mine = and(eq(jobs.id, job.id), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running'));
  let lost = false;
  const renew = setInterval(() => {
    database.db
      .update(jobs)
      .set({ leaseUntil: new Date(ctx.now().getTime() + config.jobLeaseMs) })
      .where(mine)
      .returning({ id: jobs.id })
      .then((r) => {
        if (!r.length) lost = true;
      })
      .catch((err) => log.warn({ err, job: job.id }, 'job lease renewal failed'));
  }, config.jobLeaseMs / 3);
  renew.unref();
  const checkpoint: JobRun['checkpoint'] = async (db, progress) => {
    if (lost) throw new LeaseLostError();
    const [row] = await db
      .update(jobs)
      .set({ progress, leaseUntil: new Date(ctx.now().getTime() + config.jobLeaseMs) })
      .where(mine)
      .returning({ cancelRequested: jobs.cancelRequested });
    if (!row) throw new LeaseLostError();
    return { cancelRequested: row.cancelRequested };
  };
  try {
    const result = await handler.run({ job, ctx, checkpoint });
    await database.db
      .update(jobs)
      .set({ status: 'done', result, finishedAt: ctx.now(), leaseOwner: null, leaseUntil: null })
      .where(mine);
  } catch (err) {
    if (err instanceof LeaseLostError) {
      log.warn({ job: job.id }, 'job taken over by another worker');
      return;
    }
    const cancelled = err instanceof JobCancelledError;
    if (!cancelled) log.error({ err, job: job.id, kind: job.kind }, 'job failed');
    await database.db
      .update(jobs)
      .set({
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : err instanceof Error ? err.message.slice(0, 2000) : String(err),
        finishedAt: ctx.now(),
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(mine);
  } finally {
    clearInterval(renew);
  }
}

/** Thrown by a handler that saw `cancelRequested`: the job ends as cancelled, not failed. */
export class JobCancelledError extends Error {
  constructor() {
    super('job cancelled');
  }
}

/** Runs one queued job now, in this process (the CLI's imports); false when someone else holds it. */
export async function runJobNow(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  handler: JobHandler,
  jobId: string,
): Promise<boolean> {
  const owner = `cli-${randomUUID()}`;
  const job = await claimJob(
    database.db,
    owner,
    [handler.kind],
    config.clock.now(),
    config.jobLeaseMs,
    jobId,
  );
  if (!job) return false;
  await runJob(database, config, log, handler, job, owner);
  return true;
}

/** Claims and runs jobs until none is free; returns how many ran. Tests call this directly. */
export async function drainJobs(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  handlers: JobHandler[],
  owner = `worker-${randomUUID()}`,
): Promise<number> {
  const byKind = new Map(handlers.map((h) => [h.kind, h]));
  let ran = 0;
  for (;;) {
    const job = await claimJob(database.db, owner, [...byKind.keys()], config.clock.now(), config.jobLeaseMs);
    if (!job) return ran;
    await runJob(database, config, log, byKind.get(job.kind)!, job, owner);
    ran++;
  }
}

/**
 * The background worker of one server process: looks for free jobs every `config.jobPollMs` and runs them
 * one at a time. `kick()` looks at once (after a job is queued). Returns a stop function.
 */
export function startJobWorker(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  handlers: JobHandler[],
): { stop: () => Promise<void>; kick: () => void } {
  if (!config.jobPollMs || !handlers.length) return { stop: async () => {}, kick: () => {} };
  const owner = `worker-${randomUUID()}`;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = releaseReady
      .then(() => drainJobs(database, config, log, handlers, owner))
      .catch((err) => log.error({ err }, 'job worker failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const releaseReady = releaseOrphanedJobs(database).catch((err) =>
    log.error({ err }, 'could not release orphaned jobs'),
  );
  const timer = setInterval(tick, config.jobPollMs);
  timer.unref();
  setTimeout(tick, 0).unref();
  return {
    kick: tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
