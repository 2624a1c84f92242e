import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AttendeeInput, EventDto, ImportEventInput } from '../../../shared/events.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { users } from '../users/users.schema.ts';
import { canEditEvent, canSeeEvent, viewerOf } from './events.access.ts';
import { loadAttendees } from './events.attendees.ts';
import { parseIcsEvent } from './events.ics.ts';
import { events } from './events.schema.ts';
import { createEvent, restoreEvent, updateEvent } from './events.service.ts';

/** Addresses → active users and live contacts (a contact by any of its addresses, through `email_keys`). */
async function matchPeople(ctx: Ctx, emails: string[]) {
  if (!emails.length) return { userOf: new Map<string, string>(), contactOf: new Map<string, string>() };
  const found = await ctx.db
    .select({ id: users.id, email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(and(inArray(sql`lower(${users.email})`, emails), eq(users.active, 1)));
  const contactRows = rowsOf<{ id: string; email_keys: string[] }>(
    await ctx.db.execute(sql`select id, email_keys from contacts
      where email_keys && ${sql.param(emails)}::text[] and deleted_at is null order by created_at, id`),
  );
  const contactOf = new Map<string, string>();
  for (const c of contactRows) for (const e of c.email_keys) if (!contactOf.has(e)) contactOf.set(e, c.id);
  return { userOf: new Map(found.map((u) => [u.email, u.id])), contactOf };
}

/**
 * Imports one event from iCalendar text into the caller's calendar. Its people become attendees: users and
 * contacts when their address is known, addresses otherwise; an outside organiser attends. The first
 * contact among them is the event's contact. The same UID again updates that event (restoring it from the
 * recycle bin if need be) instead of adding a second; a UID of an event the caller may not change → 409.
 */
export async function importEvent(
  ctx: Ctx,
  input: ImportEventInput,
): Promise<{ created: boolean; event: EventDto }> {
  const parsed = parseIcsEvent(input.ics, input.timeZone);
  const me = ctx.user.email.toLowerCase();
  const people = [
    ...(parsed.organizer && parsed.organizer.email !== me
      ? [{ ...parsed.organizer, response: 'accepted' as const }]
      : []),
    ...parsed.attendees.filter((a) => a.email !== me),
  ];
  const { userOf, contactOf } = await matchPeople(ctx, [...new Set(people.map((p) => p.email))]);
  const attendees: AttendeeInput[] = people.map((p) => {
    const userId = userOf.get(p.email);
    if (userId) return { userId, response: p.response };
    const contactId = contactOf.get(p.email);
    if (contactId) return { contactId, response: p.response };
    return { email: p.email, name: p.name, response: p.response };
  });
  const contactId = attendees.find((a) => a.contactId)?.contactId;
  const fields = {
    title: parsed.title,
    description: parsed.description,
    kind: parsed.kind,
    startsAt: parsed.startsAt.toISOString(),
    endsAt: parsed.endsAt.toISOString(),
    allDay: parsed.allDay,
    location: parsed.location,
    videoUrl: parsed.videoUrl,
    status: parsed.status,
    remindMinutes: parsed.remindMinutes,
  };

  const [existing] = parsed.uid
    ? await ctx.db
        .select({
          id: events.id,
          organizerId: events.organizerId,
          contactId: events.contactId,
          deletedAt: events.deletedAt,
        })
        .from(events)
        .where(eq(events.icsUid, parsed.uid))
    : [];
  if (!existing) {
    const event = await createEvent(
      ctx,
      { ...fields, contactId: contactId ?? null, attendees, links: [] },
      parsed.uid ? { icsUid: parsed.uid } : {},
    );
    return { created: true, event };
  }
  const v = await viewerOf(ctx);
  const stored = (await loadAttendees(ctx.db, [existing.id])).get(existing.id) ?? [];
  if (
    !canSeeEvent(
      v,
      existing.organizerId,
      stored.map((a) => a.userId),
    ) ||
    !canEditEvent(v, existing.organizerId)
  )
    throw new AppError('duplicate_event', {
      status: 409,
      detail: 'This event is already in Rapport, in a calendar you cannot change.',
      errors: [{ path: 'ics', message: 'An event with this UID exists', code: 'duplicate' }],
    });
  if (existing.deletedAt) await restoreEvent(ctx, existing.id);
  // The file names its people by address: those without one (a contact with no e-mail) stay invited.
  const kept: AttendeeInput[] = stored.flatMap((a) =>
    a.email || !a.contactId ? [] : [{ contactId: a.contactId, response: a.response }],
  );
  const event = await updateEvent(ctx, existing.id, {
    ...fields,
    ...(existing.contactId ? {} : { contactId: contactId ?? null }),
    attendees: [...attendees.filter((a) => !a.userId || a.userId !== existing.organizerId), ...kept],
  });
  return { created: false, event };
}
