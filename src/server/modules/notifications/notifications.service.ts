import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { NotificationDto } from '../../../shared/notifications.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { users } from '../users/users.schema.ts';
import { notifications } from './notifications.schema.ts';

export type NewNotification = {
  userId: string;
  kind: NotificationDto['kind'];
  title: string;
  body?: string | null;
  linkType?: NotificationDto['linkType'];
  linkId?: string | null;
  actorId?: string | null;
  dedupeKey?: string | null;
};

/**
 * Adds notifications, in the caller's transaction so they exist exactly when the change that caused them
 * does. A `dedupeKey` already used for that user is skipped, so a retried job notifies once.
 */
export async function notify(db: Executor, items: NewNotification[]): Promise<number> {
  if (!items.length) return 0;
  const rows = await db
    .insert(notifications)
    .values(items.map((n) => ({ ...n, body: n.body ?? null, linkType: n.linkType ?? null })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length;
}

const cursorOf = (r: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([r.createdAt.toISOString(), r.id])).toString('base64url');

function parseCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return [date, id];
  } catch {
    throw new AppError('invalid_query', {
      status: 400,
      errors: [{ path: 'query.cursor', message: 'Not a cursor of this list' }],
    });
  }
}

export async function listNotifications(
  ctx: Ctx,
  query: { unread?: 'true' | 'false'; limit: number; cursor?: string },
) {
  const mine = eq(notifications.userId, ctx.user.id);
  const after = query.cursor ? parseCursor(query.cursor) : null;
  const rows = await ctx.db
    .select({ n: notifications, actorName: users.name })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(
      and(
        mine,
        query.unread === 'true' ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.createdAt, after[0]),
              and(eq(notifications.createdAt, after[0]), lt(notifications.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const [unread] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return {
    data: page.map(({ n, actorName }) => toDto(n, actorName)),
    nextCursor: rows.length > query.limit ? cursorOf(page[page.length - 1]!.n) : null,
    unread: Number(unread?.n ?? 0),
  };
}

function toDto(n: typeof notifications.$inferSelect, actorName: string | null): NotificationDto {
  return {
    id: n.id,
    kind: n.kind as NotificationDto['kind'],
    title: n.title,
    body: n.body,
    linkType: n.linkType as NotificationDto['linkType'],
    linkId: n.linkId,
    actorId: n.actorId,
    actorName,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

/** Marks one of the caller's notifications read; another user's answers 404 like a missing one. */
export async function markRead(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.user.id)))
    .returning({ id: notifications.id });
  if (!row) throw notFound('notification');
}

export async function markAllRead(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** For a hard erase: notifications about the record go (their text may quote what was erased). */
export async function forgetNotificationsAbout(
  tx: Executor,
  linkType: NonNullable<NotificationDto['linkType']>,
  ids: string[],
) {
  if (!ids.length) return;
  await tx
    .delete(notifications)
    .where(and(eq(notifications.linkType, linkType), inArray(notifications.linkId, ids)));
}
