import { and, desc, eq, inArray, lt, type SQLWrapper } from 'drizzle-orm';
import type { HistoryEntry } from '../../../shared/history.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { users } from '../users/users.schema.ts';
import { recordHistory } from './history.schema.ts';

export type Change = { field: string; old: unknown; new: unknown };
type Entity =
  | 'contact'
  | 'company'
  | 'interaction'
  | 'task'
  | 'event'
  | 'product'
  | 'deal'
  | 'quote'
  | 'order'
  | 'invoice';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field differences between two versions; custom fields are compared key by key as `custom.<key>`. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Change[] {
  const changes: Change[] = [];
  for (const f of fields) {
    if (f === 'custom') {
      const b = (before.custom ?? {}) as Record<string, unknown>;
      const a = (after.custom ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (!same(b[k], a[k])) changes.push({ field: `custom.${k}`, old: b[k] ?? null, new: a[k] ?? null });
      }
    } else if (!same(before[f], after[f]))
      changes.push({ field: f, old: before[f] ?? null, new: after[f] ?? null });
  }
  return changes;
}

export async function recordHistoryEntry(
  tx: Executor,
  ctx: Pick<Ctx, 'user'>,
  entity: Entity,
  recordId: string,
  action: HistoryEntry['action'],
  changes: Change[],
) {
  if (action === 'update' && changes.length === 0) return;
  await tx
    .insert(recordHistory)
    .values({ entity, recordId, actorId: ctx.user.via === 'system' ? null : ctx.user.id, action, changes });
}

export async function listHistory(
  ctx: Ctx,
  entity: Entity,
  recordId: string,
  limit: number,
  cursor?: string,
) {
  const rows = await ctx.db
    .select({ h: recordHistory, actorName: users.name, actorEmail: users.email })
    .from(recordHistory)
    .leftJoin(users, eq(users.id, recordHistory.actorId))
    .where(
      and(
        eq(recordHistory.entity, entity),
        eq(recordHistory.recordId, recordId),
        cursor ? lt(recordHistory.id, Number(cursor)) : undefined,
      ),
    )
    .orderBy(desc(recordHistory.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const data: HistoryEntry[] = page.map(({ h, actorName, actorEmail }) => ({
    id: h.id,
    action: h.action,
    actorId: h.actorId,
    actorName: actorName || actorEmail || null,
    changes: h.changes as Change[],
    at: h.at.toISOString(),
  }));
  return { data, nextCursor: rows.length > limit ? String(page[page.length - 1]!.h.id) : null };
}

/** The history of every record a subquery selects (e.g. a contact's interactions, when it is erased). */
export async function eraseHistoryOf(tx: Executor, entity: Entity, ids: SQLWrapper) {
  await tx
    .delete(recordHistory)
    .where(and(eq(recordHistory.entity, entity), inArray(recordHistory.recordId, ids as never)));
}

/** Erasure removes the record's history too: it holds the personal data that was erased. */
export async function eraseHistory(tx: Executor, entity: Entity, recordId: string) {
  await tx
    .delete(recordHistory)
    .where(and(eq(recordHistory.entity, entity), eq(recordHistory.recordId, recordId)));
}

/** History entries by id (for the timeline), with their actors' names. */
export async function historyByIds(db: Executor, ids: number[]): Promise<HistoryEntry[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ h: recordHistory, actorName: users.name, actorEmail: users.email })
    .from(recordHistory)
    .leftJoin(users, eq(users.id, recordHistory.actorId))
    .where(inArray(recordHistory.id, ids));
  return rows.map(({ h, actorName, actorEmail }) => ({
    id: h.id,
    action: h.action,
    actorId: h.actorId,
    actorName: actorName || actorEmail || null,
    changes: h.changes as Change[],
    at: h.at.toISOString(),
  }));
}
