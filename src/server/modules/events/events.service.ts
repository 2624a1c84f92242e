import { randomUUID } from 'node:crypto';
import { and, eq, getTableColumns, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import {
  type CreateEventInput,
  type EventDto,
  MAX_EVENT_DAYS,
  type UpdateEventInput,
} from '../../../shared/events.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { diff, recordHistoryEntry } from '../history/index.ts';
import { notify } from '../notifications/index.ts';
import { assertVersion, RECYCLE_BIN_DAYS, resolveCustomer } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import {
  assertCanEditEvent,
  assertCanOrganizeFor,
  canEditEvent,
  canSeeEvent,
  type Viewer,
  viewerOf,
} from './events.access.ts';
import {
  type AttendeeRow,
  attendeeRowsOf,
  loadAttendees,
  resolveAttendees,
  saveAttendees,
} from './events.attendees.ts';
import { eventAttendees, events } from './events.schema.ts';

export type EventRow = typeof events.$inferSelect & {
  organizerName: string | null;
  contactName: string | null;
  companyName: string | null;
};

const DAY_MS = 86_400_000;
const contactName = sql<
  string | null
>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`;
export const eventSelection = {
  ...getTableColumns(events),
  organizerName: users.name,
  contactName,
  companyName: companies.name,
};

/** Events with their organiser's, contact's and company's names. */
export const eventsWithNames = (db: Executor) =>
  db
    .select(eventSelection)
    .from(events)
    .leftJoin(users, eq(users.id, events.organizerId))
    .leftJoin(contacts, eq(contacts.id, events.contactId))
    .leftJoin(companies, eq(companies.id, events.companyId));

export async function loadRows(db: Executor, ids: string[]): Promise<EventRow[]> {
  if (!ids.length) return [];
  return (await eventsWithNames(db).where(inArray(events.id, ids))) as EventRow[];
}

/** Rows → DTOs with attendees (one query for the page), in the rows' order. */
export async function toDtos(db: Executor, rows: EventRow[], v: Viewer): Promise<EventDto[]> {
  const attendees = await loadAttendees(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    kind: r.kind as EventDto['kind'],
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    allDay: r.allDay,
    location: r.location,
    videoUrl: r.videoUrl,
    status: r.status as EventDto['status'],
    organizerId: r.organizerId,
    organizerName: r.organizerName || null,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    links: r.links as EventDto['links'],
    attendees: attendees.get(r.id) ?? [],
    remindMinutes: r.remindMinutes,
    remindAt: r.remindAt?.toISOString() ?? null,
    outcome: r.outcome,
    interactionId: r.interactionId,
    icsUid: r.icsUid,
    canEdit: canEditEvent(v, r.organizerId),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
  }));
}

export async function loadEvent(db: Executor, id: string, v: Viewer): Promise<EventDto> {
  const [row] = await loadRows(db, [id]);
  return (await toDtos(db, [row!], v))[0]!;
}

/** The fields whose changes the history keeps (attendees as who and how they answered). */
const historyFields = [
  'title',
  'description',
  'kind',
  'startsAt',
  'endsAt',
  'allDay',
  'location',
  'videoUrl',
  'status',
  'organizerId',
  'contactId',
  'companyId',
  'links',
  'attendees',
  'remindMinutes',
  'outcome',
  'interactionId',
] as const;
const forHistory = (e: EventDto): Record<string, unknown> => ({
  ...e,
  attendees: e.attendees.map((a) => ({
    userId: a.userId,
    contactId: a.contactId,
    email: a.userId || a.contactId ? null : a.email,
    response: a.response,
  })),
});

export const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);

/**
 * Start and end as stored: the end after the start, at most MAX_EVENT_DAYS apart (so range queries can
 * bound their index scan). All-day events run from midnight UTC to midnight UTC, the end exclusive.
 */
export function eventTimes(startsAt: Date, endsAt: Date, allDay: boolean) {
  let start = startsAt;
  let end = endsAt;
  if (allDay) {
    start = new Date(Math.floor(start.getTime() / DAY_MS) * DAY_MS);
    end = new Date(Math.max(Math.ceil(end.getTime() / DAY_MS) * DAY_MS, start.getTime() + DAY_MS));
  }
  if (end.getTime() <= start.getTime())
    throw invalid([{ path: 'endsAt', message: 'Must be after the start' }]);
  if (end.getTime() - start.getTime() > MAX_EVENT_DAYS * DAY_MS)
    throw invalid([{ path: 'endsAt', message: `An event lasts at most ${MAX_EVENT_DAYS} days` }]);
  return { startsAt: start, endsAt: end };
}

/** When to remind: `remindMinutes` before the start; an event that has begun is not reminded of. */
export function reminderFields(startsAt: Date, remindMinutes: number | null, now: Date) {
  if (remindMinutes === null) return { remindMinutes: null, remindAt: null, remindedAt: null };
  const remindAt = new Date(startsAt.getTime() - remindMinutes * 60_000);
  return { remindMinutes, remindAt, remindedAt: startsAt <= now ? now : null };
}

/** The event's contact and company: with only a contact, its company; neither is fine for an internal meeting. */
async function resolveEventCustomer(
  db: Executor,
  contactId: string | null | undefined,
  companyId: string | null | undefined,
) {
  if (!contactId && !companyId) return { contactId: null, companyId: null };
  return resolveCustomer(db, contactId, companyId);
}

async function notifyInvited(
  tx: Executor,
  ctx: Ctx,
  event: { id: string; title: string },
  userIds: string[],
) {
  const actor = actorId(ctx);
  const who = ctx.user.name || ctx.user.email;
  await notify(
    tx,
    userIds
      .filter((u) => u !== actor)
      .map((userId) => ({
        userId,
        kind: 'assignment' as const,
        title: actor ? `${who} invited you: ${event.title}` : `You are invited: ${event.title}`,
        linkType: 'event' as const,
        linkId: event.id,
        actorId: actor,
        dedupeKey: `event-invite:${event.id}:${userId}`,
      })),
  );
}

export async function createEvent(
  ctx: Ctx,
  input: CreateEventInput,
  opts: { icsUid?: string } = {},
): Promise<EventDto> {
  const v = await viewerOf(ctx);
  const organizerId = input.organizerId === undefined ? actorId(ctx) : input.organizerId;
  if (organizerId !== actorId(ctx)) await assertCanOrganizeFor(ctx, organizerId);
  const times = eventTimes(new Date(input.startsAt), new Date(input.endsAt), input.allDay);
  const customer = await resolveEventCustomer(ctx.db, input.contactId, input.companyId);
  const attendees = await resolveAttendees(ctx.db, input.attendees ?? []);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(events)
      .values({
        title: input.title,
        description: input.description ?? null,
        kind: input.kind,
        ...times,
        allDay: input.allDay,
        location: input.location ?? null,
        videoUrl: input.videoUrl ?? null,
        status: input.status,
        organizerId,
        ...customer,
        links: input.links ?? [],
        ...reminderFields(times.startsAt, input.remindMinutes ?? null, ctx.now()),
        icsUid: opts.icsUid ?? `${randomUUID()}@rapport`,
        createdById: actorId(ctx),
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning({ id: events.id, title: events.title });
    await saveAttendees(tx, row!.id, attendees);
    const created = await loadEvent(tx, row!.id, v);
    await recordHistoryEntry(
      tx,
      ctx,
      'event',
      created.id,
      'create',
      diff({}, forHistory(created), historyFields),
    );
    await notifyInvited(
      tx,
      ctx,
      row!,
      [organizerId, ...attendees.map((a) => a.userId)].filter((u): u is string => Boolean(u)),
    );
    return created;
  });
}

/** Locks a live event the caller may see, or answers 404. */
export async function lockVisible(tx: Executor, v: Viewer, id: string, opts: { deleted?: boolean } = {}) {
  const [row] = await tx.select().from(events).where(eq(events.id, id)).for('update');
  if (!row || Boolean(row.deletedAt) !== Boolean(opts.deleted)) throw notFound('event');
  const attendees = await attendeeRowsOf(tx, id);
  if (
    !canSeeEvent(
      v,
      row.organizerId,
      attendees.map((a) => a.userId),
    )
  )
    throw notFound('event');
  return { row, attendees };
}

export async function getEvent(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<EventDto> {
  const v = await viewerOf(ctx);
  const [row] = await loadRows(ctx.db, [id]);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('event');
  const [dto] = await toDtos(ctx.db, [row], v);
  if (
    !canSeeEvent(
      v,
      dto!.organizerId,
      dto!.attendees.map((a) => a.userId),
    )
  )
    throw notFound('event');
  return dto!;
}

export async function updateEvent(
  ctx: Ctx,
  id: string,
  input: UpdateEventInput,
  expectedVersion?: number,
): Promise<EventDto> {
  const v = await viewerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row, attendees: previous } = await lockVisible(tx, v, id);
    assertCanEditEvent(v, row.organizerId);
    assertVersion(row.version, expectedVersion);
    if (input.organizerId !== undefined && input.organizerId !== row.organizerId)
      await assertCanOrganizeFor(txCtx, input.organizerId);
    const allDay = input.allDay ?? row.allDay;
    const times = eventTimes(
      input.startsAt ? new Date(input.startsAt) : row.startsAt,
      input.endsAt ? new Date(input.endsAt) : row.endsAt,
      allDay,
    );
    const customer =
      input.contactId !== undefined || input.companyId !== undefined
        ? await resolveEventCustomer(
            tx,
            input.contactId === undefined ? row.contactId : input.contactId,
            input.companyId === undefined && input.contactId === undefined ? row.companyId : input.companyId,
          )
        : { contactId: row.contactId, companyId: row.companyId };
    const attendees = input.attendees ? await resolveAttendees(tx, input.attendees, previous) : null;
    const before = await loadEvent(tx, id, v);
    const { attendees: _a, startsAt: _s, endsAt: _e, ...rest } = input;
    const remindMinutes = input.remindMinutes === undefined ? row.remindMinutes : input.remindMinutes;
    const reminderMoved =
      remindMinutes !== row.remindMinutes || times.startsAt.getTime() !== row.startsAt.getTime();
    const set = {
      ...rest,
      ...times,
      ...customer,
      ...(reminderMoved ? reminderFields(times.startsAt, remindMinutes, ctx.now()) : {}),
    };
    const proposed = {
      ...before,
      ...set,
      startsAt: times.startsAt.toISOString(),
      endsAt: times.endsAt.toISOString(),
      attendees: attendees ?? before.attendees,
    };
    const attendeesChanged = attendees !== null && JSON.stringify(attendees) !== JSON.stringify(previous);
    if (
      !attendeesChanged &&
      diff(forHistory(before), forHistory(proposed as EventDto), historyFields).length === 0
    )
      return before;
    await tx
      .update(events)
      .set({ ...set, version: sql`${events.version} + 1`, updatedAt: ctx.now() })
      .where(eq(events.id, id));
    if (attendees && attendeesChanged) {
      await saveAttendees(tx, id, attendees);
      const had = new Set(previous.map((p) => p.userId));
      await notifyInvited(
        tx,
        ctx,
        { id, title: set.title ?? row.title },
        attendees.flatMap((a) => (a.userId && !had.has(a.userId) ? [a.userId] : [])),
      );
    }
    if (set.organizerId && set.organizerId !== row.organizerId)
      await notifyInvited(tx, ctx, { id, title: set.title ?? row.title }, [set.organizerId]);
    const after = await loadEvent(tx, id, v);
    await recordHistoryEntry(
      tx,
      ctx,
      'event',
      id,
      'update',
      diff(forHistory(before), forHistory(after), historyFields),
    );
    return after;
  });
}

export async function deleteEvent(ctx: Ctx, id: string, expectedVersion?: number) {
  const v = await viewerOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const { row } = await lockVisible(tx, v, id);
    assertCanEditEvent(v, row.organizerId);
    assertVersion(row.version, expectedVersion);
    await tx
      .update(events)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${events.version} + 1` })
      .where(eq(events.id, id));
    await recordHistoryEntry(tx, ctx, 'event', id, 'delete', []);
  });
}

export async function restoreEvent(ctx: Ctx, id: string): Promise<EventDto> {
  const v = await viewerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { row } = await lockVisible(tx, v, id, { deleted: true });
    assertCanEditEvent(v, row.organizerId);
    await tx
      .update(events)
      .set({ deletedAt: null, deletedById: null, version: sql`${events.version} + 1`, updatedAt: ctx.now() })
      .where(eq(events.id, id));
    await recordHistoryEntry(tx, ctx, 'event', id, 'restore', []);
    return loadEvent(tx, id, v);
  });
}

/**
 * An attendee who is a user answers for themselves (accepted, declined, tentative). The event's version
 * stays: an answer must not make the organiser's open form stale.
 */
export async function respondToEvent(
  ctx: Ctx,
  id: string,
  response: AttendeeRow['response'],
): Promise<EventDto> {
  const v = await viewerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { attendees } = await lockVisible(tx, v, id);
    if (!attendees.some((a) => a.userId === ctx.user.id))
      throw invalid([{ path: 'response', message: 'You are not among the attendees' }]);
    await tx
      .update(eventAttendees)
      .set({ response })
      .where(and(eq(eventAttendees.eventId, id), eq(eventAttendees.userId, ctx.user.id)));
    return loadEvent(tx, id, v);
  });
}

/** Events in the recycle bin longer than the retention period are erased for good. */
export async function purgeEventRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * DAY_MS);
  const expired = await ctx.db
    .select({ id: events.id })
    .from(events)
    .where(and(isNotNull(events.deletedAt), lt(events.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(events).where(inArray(events.id, ids));
    await audit({ db: tx, user: ctx.user }, 'event.purge', 'event', null, { count: ids.length });
  });
  return ids.length;
}
