import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import {
  type DismissInput,
  type DuplicateList,
  type DuplicatePair,
  type MergeEntity,
  mergeEntities,
  type RefreshJobDto,
  type RefreshResult,
} from '../../../shared/merge.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { enqueueJob, getJob, type JobHandler, jobs, type Sweep } from '../jobs/index.ts';
import { assertCanEdit } from '../records/index.ts';
import { candidatesInsert, clusterRound, clusterTotals } from './duplicates.refresh.ts';
import { entityConfigs } from './merge.fields.ts';
import { queryRows } from './merge.references.ts';
import { duplicateCandidates, duplicateDismissals, duplicateRefreshes } from './merge.schema.ts';

/** The scheduled refresh runs when the last one is older than this. */
export const REFRESH_EVERY_MS = 24 * 3600_000;
/** Label propagation rounds (a chain of N pairs needs about log N … N rounds; real clusters are small). */
const CLUSTER_ROUNDS = 30;

/**
 * Recomputes one entity's candidate pairs in one transaction (readers see the old list until it commits);
 * a second refresh of the same entity at the same time is refused rather than queued.
 */
export async function refreshDuplicates(ctx: Ctx, entity: MergeEntity): Promise<RefreshResult> {
  const started = Date.now();
  const now = ctx.now();
  const pairs = await ctx.db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${`rapport:duplicates:${entity}`})) as ok`,
    );
    if (!lock?.ok)
      throw new AppError('refresh_running', { status: 409, detail: 'A refresh is already running.' });
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.delete(duplicateCandidates).where(eq(duplicateCandidates.entity, entity));
    await tx.execute(candidatesInsert(entity, now));
    // Statistics of the new pairs before the cluster rounds join them: planned with the old ones (none
    // of this entity, on a first refresh or after the other entity's), a round was a nested loop over all
    // pairs × records — minutes for 1,000 companies' pairs at 1M contacts.
    await tx.execute(sql`analyze duplicate_candidates`);
    for (let round = 0; round < CLUSTER_ROUNDS; round++) {
      const [changed] = await queryRows<{ n: number | string }>(tx, clusterRound(entity));
      if (!Number(changed?.n)) break;
    }
    await tx.execute(clusterTotals(entity));
    // Fresh statistics, so the page's keyset read is planned as the index range it is.
    await tx.execute(sql`analyze duplicate_candidates`);
    const [n] = await queryRows<{ n: number | string }>(
      tx,
      sql`select count(*) as n from duplicate_candidates where entity = ${entity}`,
    );
    return Number(n?.n ?? 0);
  });
  const durationMs = Date.now() - started;
  await ctx.db
    .insert(duplicateRefreshes)
    .values({ entity, refreshedAt: now, pairs, durationMs })
    .onConflictDoUpdate({ target: duplicateRefreshes.entity, set: { refreshedAt: now, pairs, durationMs } });
  return { entity, pairs, durationMs, refreshedAt: now.toISOString() };
}

/** The background job kind of a refresh (payload `{entity}`), run by the job worker. */
export const DUPLICATES_JOB = 'duplicates-refresh';
/** A refresh the sweep queued that failed is tried again after this long, not at every sweep. */
const RETRY_AFTER_MS = 3600_000;

type JobRow = typeof jobs.$inferSelect;
const forEntity = (entity: MergeEntity) =>
  and(eq(jobs.kind, DUPLICATES_JOB), sql`${jobs.payload}->>'entity' = ${entity}`);
const active = inArray(jobs.status, ['queued', 'running']);

function toJobDto(j: JobRow): RefreshJobDto {
  return {
    id: j.id,
    entity: (j.payload as { entity: MergeEntity }).entity,
    status: j.status as RefreshJobDto['status'],
    result: (j.result as RefreshResult | null) ?? null,
    // A failure's message is for the log; the caller gets a plain statement.
    error: j.status === 'failed' ? 'The refresh failed. Try again later.' : null,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** The refresh of this entity queued or running now (read through the jobs' pending index). */
async function activeRefresh(db: Executor, entity: MergeEntity): Promise<JobRow | undefined> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(active, forEntity(entity)))
    .orderBy(jobs.createdAt)
    .limit(1);
  return job;
}

/**
 * Queues a refresh of one entity (answered 202 with the job); 409 `refresh_running` while one is queued or
 * running. The check and the insert hold a transaction-scoped advisory lock, so two presses make one job.
 */
export async function queueRefresh(ctx: Ctx, entity: MergeEntity): Promise<RefreshJobDto> {
  const job = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rapport:duplicates-queue:${entity}`}))`);
    const running = await activeRefresh(tx, entity);
    if (running)
      throw new AppError('refresh_running', {
        status: 409,
        detail: 'A refresh is already queued or running.',
        extra: { jobId: running.id },
      });
    return enqueueJob(tx, {
      kind: DUPLICATES_JOB,
      payload: { entity },
      createdById: ctx.user.via === 'system' ? null : ctx.user.id,
    });
  });
  return toJobDto(job);
}

/** A refresh job's status (404 for any other job). */
export async function getRefreshJob(ctx: Ctx, id: string): Promise<RefreshJobDto> {
  const job = await getJob(ctx.db, id);
  if (!job || job.kind !== DUPLICATES_JOB) throw notFound('job');
  return toJobDto(job);
}

/** The job: one refresh, in its own transaction (no checkpoints: a refresh taken over starts again). */
export const duplicatesRefreshJob: JobHandler = {
  kind: DUPLICATES_JOB,
  async run({ job, ctx }) {
    const entity = (job.payload as { entity?: unknown }).entity;
    if (!mergeEntities.includes(entity as MergeEntity)) throw new Error('unknown entity');
    return refreshDuplicates(ctx, entity as MergeEntity);
  },
};

/**
 * Queues a refresh of each entity whose candidates are older than a day (or were never computed), unless
 * one is queued or running, or one was queued in the last hour (a refresh that failed is not retried at
 * every sweep). The job worker runs it.
 */
export const duplicatesSweep: Sweep = {
  name: 'duplicates',
  async run(ctx) {
    let queued = 0;
    for (const entity of mergeEntities) {
      const [last] = await ctx.db
        .select({ at: duplicateRefreshes.refreshedAt })
        .from(duplicateRefreshes)
        .where(eq(duplicateRefreshes.entity, entity));
      if (last && ctx.now().getTime() - last.at.getTime() < REFRESH_EVERY_MS) continue;
      const since = new Date(ctx.now().getTime() - RETRY_AFTER_MS);
      const [recent] = await ctx.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(forEntity(entity), or(active, gt(jobs.createdAt, since))))
        .limit(1);
      if (recent) continue;
      try {
        await queueRefresh(ctx, entity);
        queued++;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'refresh_running')) throw err;
      }
    }
    return queued;
  },
};

type PairRow = {
  cluster_id: string;
  cluster_score: number;
  cluster_size: number;
  score: number;
  reasons: DuplicatePair['reasons'];
  a_id: string;
  b_id: string;
  a_name: string;
  b_name: string;
  a_detail: string | null;
  b_detail: string | null;
  a_owner: string | null;
  b_owner: string | null;
  a_created: string | Date;
  b_created: string | Date;
};

const contactSide = (x: string) =>
  sql.raw(`coalesce(nullif(trim(${x}.first_name || ' ' || ${x}.last_name), ''), ${x}.email_keys[1], '') as ${x}_name,
    coalesce(${x}.email_keys[1] || coalesce(' · ' || ${x}co.name, ''), ${x}co.name) as ${x}_detail,
    ${x}.owner_id as ${x}_owner, ${x}.created_at as ${x}_created`);
const companySide = (x: string) =>
  sql.raw(`${x}.name as ${x}_name, coalesce(${x}.domain, ${x}.website) as ${x}_detail,
    ${x}.owner_id as ${x}_owner, ${x}.created_at as ${x}_created`);

/** A cluster is never cut at a page's end: its last pairs are read on (up to this many more). */
const CLUSTER_TAIL_MAX = 200;

/**
 * The candidate pairs, highest score first, keyset-paged; pairs with a binned record are skipped. A page
 * ends with a whole cluster (the page then holds a few more than `limit`), so "Merge all" sees every record.
 */
export async function listDuplicates(
  ctx: Ctx,
  q: { entity: MergeEntity; limit: number; cursor?: string },
): Promise<DuplicateList> {
  const from =
    q.entity === 'contact'
      ? sql`select d.cluster_id, d.cluster_score, d.cluster_size, d.score, d.reasons, d.a_id, d.b_id, ${contactSide('a')}, ${contactSide('b')}
          from duplicate_candidates d
          join contacts a on a.id = d.a_id and a.deleted_at is null
          join contacts b on b.id = d.b_id and b.deleted_at is null
          left join companies aco on aco.id = a.company_id
          left join companies bco on bco.id = b.company_id`
      : sql`select d.cluster_id, d.cluster_score, d.cluster_size, d.score, d.reasons, d.a_id, d.b_id, ${companySide('a')}, ${companySide('b')}
          from duplicate_candidates d
          join companies a on a.id = d.a_id and a.deleted_at is null
          join companies b on b.id = d.b_id and b.deleted_at is null`;
  const read = (cursor: string | undefined, limit: number, cluster?: { score: number; id: string }) => {
    const after = cursor
      ? (() => {
          const [cs, c, s, a, b] = cursor.split('~') as [string, string, string, string, string];
          return sql`and (d.cluster_score, d.cluster_id, d.score, d.a_id, d.b_id)
          < (${Number(cs)}::smallint, ${c}::uuid, ${Number(s)}::smallint, ${a}::uuid, ${b}::uuid)`;
        })()
      : sql``;
    const within = cluster
      ? sql`and d.cluster_score = ${cluster.score}::smallint and d.cluster_id = ${cluster.id}::uuid`
      : sql``;
    return queryRows<PairRow>(
      ctx.db,
      sql`${from} where d.entity = ${q.entity} ${within} ${after}
          order by d.cluster_score desc, d.cluster_id desc, d.score desc, d.a_id desc, d.b_id desc
          limit ${limit}`,
    );
  };
  const cursorOf = (r: PairRow) => `${r.cluster_score}~${r.cluster_id}~${r.score}~${r.a_id}~${r.b_id}`;
  const rows = await read(q.cursor, q.limit + 1);
  const page = rows.slice(0, q.limit);
  let more = rows.length > q.limit;
  const last = page[page.length - 1];
  if (more && last && rows[q.limit]!.cluster_id === last.cluster_id) {
    const cluster = { score: Number(last.cluster_score), id: last.cluster_id };
    const tail = await read(cursorOf(last), CLUSTER_TAIL_MAX, cluster);
    page.push(...tail);
    // Whether anything follows the cluster: one more row past its end.
    more = (await read(cursorOf(page[page.length - 1]!), 1)).length > 0;
  }
  const end = page[page.length - 1];
  const [meta] = await ctx.db
    .select({ at: duplicateRefreshes.refreshedAt })
    .from(duplicateRefreshes)
    .where(eq(duplicateRefreshes.entity, q.entity));
  const side = (r: PairRow, x: 'a' | 'b') => ({
    id: r[`${x}_id`],
    name: r[`${x}_name`],
    detail: r[`${x}_detail`],
    ownerId: r[`${x}_owner`],
    createdAt: new Date(r[`${x}_created`]).toISOString(),
  });
  return {
    data: page.map((r) => ({
      entity: q.entity,
      score: Number(r.score),
      reasons: r.reasons,
      cluster: { id: r.cluster_id, score: Number(r.cluster_score), size: Number(r.cluster_size) },
      a: side(r, 'a'),
      b: side(r, 'b'),
    })),
    nextCursor: more && end ? cursorOf(end) : null,
    refreshedAt: meta?.at.toISOString() ?? null,
    refreshing: await activeRefresh(ctx.db, q.entity).then((j) => (j ? toJobDto(j) : null)),
  };
}

/** "Not a duplicate": remembered for good, so no refresh proposes the pair again. */
export async function dismissPair(ctx: Ctx, input: DismissInput) {
  if (input.aId === input.bId) throw invalid([{ path: 'bId', message: 'Two different records' }]);
  const [aId, bId] = input.aId < input.bId ? [input.aId, input.bId] : [input.bId, input.aId];
  const { table } = entityConfigs[input.entity];
  const owners = await ctx.db
    .select({ id: table.id, ownerId: table.ownerId })
    .from(table as typeof entityConfigs.contact.table)
    .where(and(or(eq(table.id, aId), eq(table.id, bId)), sql`${table.deletedAt} is null`));
  if (owners.length !== 2) throw notFound(input.entity);
  for (const o of owners) await assertCanEdit(ctx, o.ownerId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(duplicateDismissals)
      .values({
        entity: input.entity,
        aId,
        bId,
        dismissedById: ctx.user.via === 'system' ? null : ctx.user.id,
      })
      .onConflictDoNothing();
    await tx
      .delete(duplicateCandidates)
      .where(
        and(
          eq(duplicateCandidates.entity, input.entity),
          eq(duplicateCandidates.aId, aId),
          eq(duplicateCandidates.bId, bId),
        ),
      );
  });
}

/** A merged record's pairs go at once (the next refresh would drop them anyway). */
export async function forgetPairsOf(tx: Executor, entity: MergeEntity, recordId: string) {
  await tx
    .delete(duplicateCandidates)
    .where(
      and(
        eq(duplicateCandidates.entity, entity),
        or(eq(duplicateCandidates.aId, recordId), eq(duplicateCandidates.bId, recordId)),
      ),
    );
}
