import { and, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { MergeDto, MergeListQuery } from '../../../shared/merge.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { assertCanEdit } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import { entityConfigs, type RawRow, rawName } from './merge.fields.ts';
import { type Moved, putBack, type Removed } from './merge.references.ts';
import { merges } from './merge.schema.ts';
import { lockPair, markJourneys, writeValues } from './merge.service.ts';

type MergeRow = typeof merges.$inferSelect;

const nameSql = sql<string>`coalesce(
  (select nullif(trim(c.first_name || ' ' || c.last_name), '') from contacts c where ${merges.entity} = 'contact' and c.id = ${merges.survivorId}),
  (select co.name from companies co where ${merges.entity} = 'company' and co.id = ${merges.survivorId}))`;

function toDto(m: MergeRow, survivorName: string | null, actorName: string | null): MergeDto {
  const moved = (m.moved as Moved[]).map((x) => ({ table: x.table, column: x.column, count: x.keys.length }));
  return {
    id: m.id,
    entity: m.entity,
    survivorId: m.survivorId,
    survivorName: survivorName || rawName(m.entity, m.survivorBefore as RawRow),
    loserId: m.loserId,
    loserName: rawName(m.entity, m.loserSnapshot as RawRow),
    actorId: m.actorId,
    actorName,
    changes: m.changes as MergeDto['changes'],
    moved,
    createdAt: m.createdAt.toISOString(),
    undoneAt: m.undoneAt?.toISOString() ?? null,
    survivorVersion: m.survivorVersion,
  };
}

const select = {
  m: merges,
  survivorName: nameSql,
  actorName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
};

export async function getMerge(ctx: Ctx, mergeId: string): Promise<MergeDto> {
  const [r] = await ctx.db
    .select(select)
    .from(merges)
    .leftJoin(users, eq(users.id, merges.actorId))
    .where(eq(merges.id, mergeId));
  if (!r) throw notFound('merge');
  return toDto(r.m, r.survivorName, r.actorName);
}

/** Recent merges, newest first (keyset on created_at, id), optionally of one record. */
export async function listMerges(ctx: Ctx, q: MergeListQuery) {
  const conds: (SQL | undefined)[] = [
    q.entity ? eq(merges.entity, q.entity) : undefined,
    q.recordId ? or(eq(merges.survivorId, q.recordId), eq(merges.loserId, q.recordId)) : undefined,
  ];
  if (q.cursor) {
    const [at, id] = q.cursor.split('~') as [string, string];
    conds.push(sql`(${merges.createdAt}, ${merges.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select(select)
    .from(merges)
    .leftJoin(users, eq(users.id, merges.actorId))
    .where(and(...conds))
    .orderBy(desc(merges.createdAt), desc(merges.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => toDto(r.m, r.survivorName, r.actorName)),
    nextCursor: rows.length > q.limit && last ? `${last.m.createdAt.toISOString()}~${last.m.id}` : null,
  };
}

const refuse = (code: string, detail: string) => new AppError(code, { status: 409, detail });

/**
 * Puts everything back as it was before the merge: the survivor's values, every re-pointed row, the rows
 * set aside, and the other record out of the recycle bin. Refused (409) when the survivor or the other
 * record changed since: undoing would silently throw those changes away.
 */
export async function undoMerge(ctx: Ctx, mergeId: string): Promise<MergeDto> {
  await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    const [m] = await tx.select().from(merges).where(eq(merges.id, mergeId)).for('update');
    if (!m) throw notFound('merge');
    if (m.undoneAt) throw refuse('already_undone', 'This merge was already undone.');
    const cfg = entityConfigs[m.entity];
    const { first: survivor, second: loser } = await lockPair(tx, cfg, m.survivorId, m.loserId);
    if (!survivor) throw refuse('survivor_gone', 'The record the other was merged into no longer exists.');
    await assertCanEdit(tctx, (survivor.owner_id as string | null) ?? null);
    if (!loser)
      throw refuse(
        'merged_record_erased',
        'The merged record was erased from the recycle bin: it cannot come back.',
      );
    await assertCanEdit(tctx, (loser.owner_id as string | null) ?? null);
    if (survivor.version !== m.survivorVersion || survivor.deleted_at)
      throw refuse(
        'changed_since_merge',
        'The record was changed after the merge; undoing would lose those changes. Change it back by hand, or edit the other record from the recycle bin.',
      );
    if (loser.version !== m.loserVersion || !loser.deleted_at)
      throw refuse('changed_since_merge', 'The merged record was restored or changed after the merge.');

    await putBack(tx, m.moved as Moved[], m.removed as Removed[], m.loserId, m.survivorId);
    const before = m.survivorBefore as RawRow;
    await writeValues(tx, cfg, m.survivorId, before, ctx.now());
    const table = m.entity === 'contact' ? contacts : companies;
    await tx
      .update(table)
      .set({ deletedAt: null, deletedById: null, version: sql`${table.version} + 1`, updatedAt: ctx.now() })
      .where(eq(table.id, m.loserId));
    if (m.entity === 'contact') await markJourneys(tx, [m.survivorId, m.loserId]);
    const changes = (m.changes as { field: string; old: unknown; new: unknown }[]).map((c) => ({
      field: c.field,
      old: c.new,
      new: c.old,
    }));
    await recordHistoryEntry(tx, ctx, m.entity, m.survivorId, 'update', [
      { field: 'unmerged', old: null, new: rawName(m.entity, loser) },
      ...changes,
    ]);
    await recordHistoryEntry(tx, ctx, m.entity, m.loserId, 'restore', []);
    await tx
      .update(merges)
      .set({ undoneAt: ctx.now(), undoneById: ctx.user.via === 'system' ? null : ctx.user.id })
      .where(eq(merges.id, mergeId));
    await audit(tctx, `${m.entity}.unmerge`, m.entity, m.survivorId, { mergeId, loserId: m.loserId });
  });
  return getMerge(ctx, mergeId);
}
