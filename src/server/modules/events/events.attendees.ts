import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AttendeeDto, AttendeeInput, AttendeeResponse } from '../../../shared/events.ts';
import type { FieldError } from '../../../shared/problem.ts';
import type { Executor } from '../../db/client.ts';
import { invalid } from '../../http/errors.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { users } from '../users/users.schema.ts';
import { eventAttendees } from './events.schema.ts';

export type AttendeeRow = {
  userId: string | null;
  contactId: string | null;
  email: string | null;
  name: string | null;
  response: AttendeeResponse;
};

const keyOf = (a: { userId?: string | null; contactId?: string | null; email?: string | null }) =>
  a.userId ? `u:${a.userId}` : a.contactId ? `c:${a.contactId}` : `e:${(a.email ?? '').toLowerCase()}`;

/**
 * Checks the invitees (active users, live contacts), drops repeats, and keeps the response of anyone who
 * was invited before unless a new one is given. Unknown ones → 422 at `attendees.<i>.userId|contactId`.
 */
export async function resolveAttendees(
  db: Executor,
  input: AttendeeInput[],
  previous: AttendeeRow[] = [],
): Promise<AttendeeRow[]> {
  const userIds = input.flatMap((a) => (a.userId ? [a.userId] : []));
  const contactIds = input.flatMap((a) => (a.contactId ? [a.contactId] : []));
  const liveUsers = new Set(
    userIds.length
      ? (
          await db
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, userIds), eq(users.active, 1)))
        ).map((u) => u.id)
      : [],
  );
  const liveContacts = new Set(
    contactIds.length
      ? (
          await db
            .select({ id: contacts.id })
            .from(contacts)
            .where(and(inArray(contacts.id, contactIds), isNull(contacts.deletedAt)))
        ).map((c) => c.id)
      : [],
  );
  const errors: FieldError[] = [];
  input.forEach((a, i) => {
    if (a.userId && !liveUsers.has(a.userId))
      errors.push({ path: `attendees.${i}.userId`, message: 'Unknown or inactive user' });
    if (a.contactId && !liveContacts.has(a.contactId))
      errors.push({ path: `attendees.${i}.contactId`, message: 'Unknown contact' });
  });
  if (errors.length) throw invalid(errors);
  const before = new Map(previous.map((p) => [keyOf(p), p.response]));
  const out = new Map<string, AttendeeRow>();
  for (const a of input) {
    const key = keyOf(a);
    if (out.has(key)) continue;
    out.set(key, {
      userId: a.userId ?? null,
      contactId: a.contactId ?? null,
      email: a.userId || a.contactId ? null : (a.email?.toLowerCase() ?? null),
      name: a.userId || a.contactId ? null : (a.name ?? null),
      response: a.response ?? before.get(key) ?? 'needs_action',
    });
  }
  return [...out.values()];
}

export async function saveAttendees(db: Executor, eventId: string, rows: AttendeeRow[]) {
  await db.delete(eventAttendees).where(eq(eventAttendees.eventId, eventId));
  if (rows.length) await db.insert(eventAttendees).values(rows.map((r) => ({ ...r, eventId })));
}

export async function attendeeRowsOf(db: Executor, eventId: string): Promise<AttendeeRow[]> {
  const rows = await db
    .select({
      userId: eventAttendees.userId,
      contactId: eventAttendees.contactId,
      email: eventAttendees.email,
      name: eventAttendees.name,
      response: eventAttendees.response,
    })
    .from(eventAttendees)
    .where(eq(eventAttendees.eventId, eventId))
    .orderBy(asc(eventAttendees.id));
  return rows as AttendeeRow[];
}

const contactName = sql<
  string | null
>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`;
const contactEmail = sql<string | null>`${contacts.emails} -> 0 ->> 'address'`;

/** The attendees of these events, with users' and contacts' names and addresses, by event id. */
export async function loadAttendees(db: Executor, eventIds: string[]): Promise<Map<string, AttendeeDto[]>> {
  const byEvent = new Map<string, AttendeeDto[]>();
  if (!eventIds.length) return byEvent;
  const rows = await db
    .select({
      id: eventAttendees.id,
      eventId: eventAttendees.eventId,
      userId: eventAttendees.userId,
      contactId: eventAttendees.contactId,
      email: eventAttendees.email,
      name: eventAttendees.name,
      response: eventAttendees.response,
      userName: users.name,
      userEmail: users.email,
      contactName,
      contactEmail,
    })
    .from(eventAttendees)
    .leftJoin(users, eq(users.id, eventAttendees.userId))
    .leftJoin(contacts, eq(contacts.id, eventAttendees.contactId))
    .where(inArray(eventAttendees.eventId, eventIds));
  for (const r of rows) {
    const list = byEvent.get(r.eventId) ?? [];
    list.push({
      id: r.id,
      userId: r.userId,
      contactId: r.contactId,
      name: r.userId ? r.userName || null : r.contactId ? r.contactName : r.name,
      email: r.userId ? r.userEmail : r.contactId ? r.contactEmail : r.email,
      response: r.response as AttendeeResponse,
    });
    byEvent.set(r.eventId, list);
  }
  // Users first, then contacts, then addresses; each by name, so every view lists them alike.
  const rank = (a: AttendeeDto) => (a.userId ? 0 : a.contactId ? 1 : 2);
  for (const list of byEvent.values())
    list.sort(
      (a, b) => rank(a) - rank(b) || (a.name ?? a.email ?? '').localeCompare(b.name ?? b.email ?? ''),
    );
  return byEvent;
}
