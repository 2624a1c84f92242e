import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { MergeDto, MergeListQuery } from '../../../shared/merge.ts';
import type { Executor } from '../../db/client.ts';
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
import { lockRows, markJourneys, writeValues } from './merge.service.ts';

type MergeRow = typeof merges.$inferSelect;

const nameSql = sql<string>`coalesce(
  (select nullif(trim(c.first_name || ' ' || c.last_name), '') from contacts c where ${merges.entity} = 'contact' and c.id = ${merges.survivorId}),
  (select co.name from companies co where ${merges.entity} = 'company' and co.id = ${merges.survivorId}))`;

type Loser = { id: string; name: string };

function toDto(
  m: MergeRow,
  survivorName: string | null,
  actorName: string | null,
  group: MergeRow[] = [m],
): MergeDto {
  const moved = new Map<string, { table: string; column: string; count: number }>();
  for (const g of group)
    for (const x of g.moved as Moved[]) {
      const key = `${x.table}.${x.column}`;
      moved.set(key, {
        table: x.table,
        column: x.column,
        count: (moved.get(key)?.count ?? 0) + x.keys.length,
      });
    }
  const losers: Loser[] = group.map((g) => ({
    id: g.loserId,
    name: rawName(g.entity, g.loserSnapshot as RawRow),
  }));
  return {
    id: m.id,
    entity: m.entity,
    survivorId: m.survivorId,
    survivorName: survivorName || rawName(m.entity, m.survivorBefore as RawRow),
    loserId: m.loserId,
    loserName: rawName(m.entity, m.loserSnapshot as RawRow),
    losers,
    actorId: m.actorId,
    actorName,
    changes: m.changes as MergeDto['changes'],
    moved: [...moved.values()],
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

/** A group's head: its own group (a pair, or a merge recorded before groups), or the first of a cluster. */
const isHead = or(isNull(merges.groupId), eq(merges.groupId, merges.id));

/** The rows of these groups, by head id, in the order they were merged. */
async function groupsOf(db: Executor, heads: MergeRow[]) {
  const grouped = heads.filter((h) => h.groupId);
  const rows = grouped.length
    ? await db
        .select()
        .from(merges)
        .where(
          inArray(
            merges.groupId,
            grouped.map((h) => h.id),
          ),
        )
        .orderBy(asc(merges.position))
    : [];
  const out = new Map<string, MergeRow[]>(heads.map((h) => [h.id, h.groupId ? [] : [h]]));
  for (const r of rows) out.get(r.groupId!)?.push(r);
  return out;
}

/** A merge by its id (any row of a cluster merge gives the whole group, shown through its head). */
export async function getMerge(ctx: Ctx, mergeId: string): Promise<MergeDto> {
  const [one] = await ctx.db.select().from(merges).where(eq(merges.id, mergeId));
  if (!one) throw notFound('merge');
  const [r] = await ctx.db
    .select(select)
    .from(merges)
    .leftJoin(users, eq(users.id, merges.actorId))
    .where(eq(merges.id, one.groupId ?? one.id));
  if (!r) throw notFound('merge');
  const groups = await groupsOf(ctx.db, [r.m]);
  return toDto(r.m, r.survivorName, r.actorName, groups.get(r.m.id));
}

/** Recent merges, newest first (keyset on created_at, id), optionally of one record; a cluster merge once. */
export async function listMerges(ctx: Ctx, q: MergeListQuery) {
  const conds: (SQL | undefined)[] = [
    isHead,
    q.entity ? eq(merges.entity, q.entity) : undefined,
    q.recordId
      ? or(
          eq(merges.survivorId, q.recordId),
          eq(merges.loserId, q.recordId),
          inArray(
            merges.id,
            ctx.db
              .select({ g: merges.groupId })
              .from(merges)
              .where(and(eq(merges.loserId, q.recordId), isNotNull(merges.groupId))),
          ),
        )
      : undefined,
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
  const groups = await groupsOf(
    ctx.db,
    page.map((r) => r.m),
  );
  return {
    data: page.map((r) => toDto(r.m, r.survivorName, r.actorName, groups.get(r.m.id))),
    nextCursor: rows.length > q.limit && last ? `${last.m.createdAt.toISOString()}~${last.m.id}` : null,
  };
}

const refuse = (code: string, detail: string) => new AppError(code, { status: 409, detail });

/**
 * Puts everything back as it was before the merge: the survivor's values, every re-pointed row, the rows
 * set aside, and the other records out of the recycle bin — all records of a cluster merge at once, from
 * any of its rows. Refused (409) when the survivor or another record changed since: undoing would silently
 * throw those changes away.
 */
export async function undoMerge(ctx: Ctx, mergeId: string): Promise<MergeDto> {
  let headId = mergeId;
  await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    const [one] = await tx.select().from(merges).where(eq(merges.id, mergeId));
    if (!one) throw notFound('merge');
    headId = one.groupId ?? one.id;
    const group = await tx
      .select()
      .from(merges)
      .where(or(eq(merges.id, headId), eq(merges.groupId, headId)))
      .orderBy(asc(merges.position))
      .for('update');
    const m = group.find((g) => g.id === headId)!;
    if (group.some((g) => g.undoneAt)) throw refuse('already_undone', 'This merge was already undone.');
    const cfg = entityConfigs[m.entity];
    const loserIds = group.map((g) => g.loserId);
    const locked = await lockRows(tx, cfg, [m.survivorId, ...loserIds]);
    const survivor = locked.get(m.survivorId);
    if (!survivor) throw refuse('survivor_gone', 'The record the other was merged into no longer exists.');
    await assertCanEdit(tctx, (survivor.owner_id as string | null) ?? null);
    for (const g of group) {
      const loser = locked.get(g.loserId);
      if (!loser)
        throw refuse(
          'merged_record_erased',
          'The merged record was erased from the recycle bin: it cannot come back.',
        );
      await assertCanEdit(tctx, (loser.owner_id as string | null) ?? null);
    }
    if (survivor.version !== m.survivorVersion || survivor.deleted_at)
      throw refuse(
        'changed_since_merge',
        'The record was changed after the merge; undoing would lose those changes. Change it back by hand, or edit the other record from the recycle bin.',
      );
    for (const g of group) {
      const loser = locked.get(g.loserId)!;
      if (loser.version !== g.loserVersion || !loser.deleted_at)
        throw refuse('changed_since_merge', 'The merged record was restored or changed after the merge.');
    }

    // Backwards: the last record merged gives its rows back first (a row it set aside may have collided
    // with one an earlier record brought).
    for (const g of [...group].reverse())
      await putBack(tx, g.moved as Moved[], g.removed as Removed[], g.loserId, g.survivorId);
    const before = m.survivorBefore as RawRow;
    await writeValues(tx, cfg, m.survivorId, before, ctx.now());
    const table = m.entity === 'contact' ? contacts : companies;
    await tx
      .update(table)
      .set({ deletedAt: null, deletedById: null, version: sql`${table.version} + 1`, updatedAt: ctx.now() })
      .where(inArray(table.id, loserIds));
    if (m.entity === 'contact') await markJourneys(tx, [m.survivorId, ...loserIds]);
    const changes = (m.changes as { field: string; old: unknown; new: unknown }[]).map((c) => ({
      field: c.field,
      old: c.new,
      new: c.old,
    }));
    const names = group.map((g) => rawName(m.entity, locked.get(g.loserId))).join(', ');
    await recordHistoryEntry(tx, ctx, m.entity, m.survivorId, 'update', [
      { field: 'unmerged', old: null, new: names },
      ...changes,
    ]);
    for (const loserId of loserIds) await recordHistoryEntry(tx, ctx, m.entity, loserId, 'restore', []);
    await tx
      .update(merges)
      .set({ undoneAt: ctx.now(), undoneById: ctx.user.via === 'system' ? null : ctx.user.id })
      .where(
        inArray(
          merges.id,
          group.map((g) => g.id),
        ),
      );
    await audit(tctx, `${m.entity}.unmerge`, m.entity, m.survivorId, {
      mergeId: headId,
      loserId: m.loserId,
      ...(loserIds.length > 1 ? { loserIds } : {}),
    });
  });
  return getMerge(ctx, headId);
}
