import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Long-running background work (an import, a large export): one row a job. A worker leases a job for a
 * short time and renews the lease while it runs; a job whose lease ran out (its worker was killed) is taken
 * over by the next worker, which resumes from the job's own checkpoint (ADR 0010).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** queued → running → done | failed | cancelled */
    status: text('status').notNull().default('queued'),
    payload: jsonb('payload').notNull().default({}),
    /** What the job has done so far, for progress bars (rows, bytes, rate). */
    progress: jsonb('progress').notNull().default({}),
    result: jsonb('result'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_pending_idx').on(t.createdAt).where(sql`${t.status} in ('queued', 'running')`)],
);
