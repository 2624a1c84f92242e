import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type CalendarFeedDto, FEED_DAYS_AHEAD, FEED_DAYS_BACK } from '../../../shared/events.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import type { Viewer } from './events.access.ts';
import { type Person, toIcs } from './events.ics.ts';
import { calendarFeeds } from './events.schema.ts';
import { loadRows, toDtos } from './events.service.ts';

const DAY_MS = 86_400_000;
const FEED_MAX_EVENTS = 5000;
/** 32 random bytes as base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const toDto = (r: typeof calendarFeeds.$inferSelect | undefined): CalendarFeedDto => ({
  active: Boolean(r),
  tokenHint: r ? `…${r.tokenHint}` : null,
  createdAt: r?.createdAt.toISOString() ?? null,
  lastUsedAt: r?.lastUsedAt?.toISOString() ?? null,
});

async function activeFeed(ctx: Ctx) {
  const [row] = await ctx.db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, ctx.user.id), isNull(calendarFeeds.revokedAt)));
  return row;
}

export async function getCalendarFeed(ctx: Ctx): Promise<CalendarFeedDto> {
  return toDto(await activeFeed(ctx));
}

/**
 * Creates the caller's feed, or replaces it (the old URL stops working at once). The token is returned
 * this once, inside the URL; only its SHA-256 is stored.
 */
export async function createCalendarFeed(ctx: Ctx): Promise<{ feed: CalendarFeedDto; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = await ctx.db.transaction(async (tx) => {
    const revoked = await tx
      .update(calendarFeeds)
      .set({ revokedAt: ctx.now() })
      .where(and(eq(calendarFeeds.userId, ctx.user.id), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    const [created] = await tx
      .insert(calendarFeeds)
      .values({
        userId: ctx.user.id,
        tokenHash: hashOf(token),
        tokenHint: token.slice(-4),
        createdAt: ctx.now(),
      })
      .returning();
    await audit(
      { db: tx, user: ctx.user },
      revoked.length ? 'calendar_feed.rotate' : 'calendar_feed.create',
      'user',
      ctx.user.id,
      {},
    );
    return created!;
  });
  return { feed: toDto(row), token };
}

export async function revokeCalendarFeed(ctx: Ctx): Promise<void> {
  const revoked = await ctx.db
    .update(calendarFeeds)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(calendarFeeds.userId, ctx.user.id), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  if (revoked.length) await audit(ctx, 'calendar_feed.revoke', 'user', ctx.user.id, {});
}

export const feedNotFound = () =>
  new AppError('calendar_feed_not_found', { status: 404, detail: 'There is no calendar at this address.' });

/**
 * The public feed: the token's SHA-256 is looked up (an equality on a unique index over hashes, so
 * neither the time taken nor the answer tells a near miss from a wild guess), and the owner must still be
 * an active user. Any failure is the same 404. It holds the owner's own events only — those they organise
 * or attend (unless they declined) — from 90 days back to a year ahead, cancelled ones as CANCELLED so subscribed calendars drop them.
 */
export async function renderFeed(ctx: Omit<Ctx, 'user'>, token: string): Promise<string> {
  if (!TOKEN.test(token)) throw feedNotFound();
  const [feed] = await ctx.db
    .select({
      id: calendarFeeds.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      lastUsedAt: calendarFeeds.lastUsedAt,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(
      and(eq(calendarFeeds.tokenHash, hashOf(token)), isNull(calendarFeeds.revokedAt), eq(users.active, 1)),
    );
  if (!feed) throw feedNotFound();
  const now = ctx.now();
  // Calendar apps poll every few minutes to hours: note the use at most every five minutes.
  await ctx.db
    .update(calendarFeeds)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(calendarFeeds.id, feed.id),
        or(
          isNull(calendarFeeds.lastUsedAt),
          lt(calendarFeeds.lastUsedAt, new Date(now.getTime() - 5 * 60_000)),
        ),
      ),
    );
  const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS);
  const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS);
  const lo = new Date(from.getTime() - 31 * DAY_MS);
  const range = (x: string) =>
    sql`${sql.raw(x)}.deleted_at is null and ${sql.raw(x)}.starts_at >= ${lo.toISOString()}::timestamptz
      and ${sql.raw(x)}.starts_at < ${to.toISOString()}::timestamptz and ${sql.raw(x)}.ends_at > ${from.toISOString()}::timestamptz`;
  const ids = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`select e.id from events e where ${range('e')} and e.id in (
        select x.id from events x where x.organizer_id = ${feed.userId} and ${range('x')}
        union select a.event_id from event_attendees a
          where a.user_id = ${feed.userId} and a.response <> 'declined')
      order by e.starts_at, e.id limit ${FEED_MAX_EVENTS}`),
  ).map((r) => r.id);
  const owner: Viewer = { id: feed.userId, admin: false, writer: false, organizers: [feed.userId] };
  const list = await toDtos(ctx.db, await loadRows(ctx.db, ids), owner);
  return toIcs(list, {
    name: `Rapport — ${feed.name || feed.email}`,
    organizers: await organizersOf(ctx.db, list),
    stamp: now,
    refreshMinutes: 60,
  });
}

/** The organisers' names and addresses, for ORGANIZER lines. */
export async function organizersOf(db: Ctx['db'], list: { organizerId: string | null }[]) {
  const ids = [...new Set(list.flatMap((e) => (e.organizerId ? [e.organizerId] : [])))];
  const rows = ids.length
    ? await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(inArray(users.id, ids))
    : [];
  return new Map<string, Person>(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}
