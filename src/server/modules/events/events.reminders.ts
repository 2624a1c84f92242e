import { and, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Sweep } from '../jobs/index.ts';
import { notify } from '../notifications/index.ts';
import { eventAttendees, events } from './events.schema.ts';

const BATCH = 500;

function startsIn(startsAt: Date, now: Date): string {
  const minutes = Math.round((startsAt.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return 'Starting now';
  if (minutes < 60) return `Starts in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `Starts in ${hours} h` : `Starts in ${Math.round(hours / 24)} days`;
}

/**
 * Event reminders (ADR 0006): claims due events with `FOR UPDATE SKIP LOCKED`, notifies the organiser and
 * the attending users (not those who declined), and marks them reminded, all in one transaction. The
 * dedupe key holds the reminder time, so a moved event reminds again and a retried round never twice.
 * An event already over (the server was down) is marked without a notification.
 */
export const eventReminderSweep: Sweep = {
  name: 'event-reminders',
  run: (ctx) =>
    ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const due = await tx
        .select({
          id: events.id,
          title: events.title,
          startsAt: events.startsAt,
          endsAt: events.endsAt,
          location: events.location,
          status: events.status,
          organizerId: events.organizerId,
          remindAt: events.remindAt,
        })
        .from(events)
        .where(and(lte(events.remindAt, now), isNull(events.remindedAt), isNull(events.deletedAt)))
        .orderBy(events.remindAt)
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (!due.length) return 0;
      const ids = due.map((e) => e.id);
      const attendees = await tx
        .select({ eventId: eventAttendees.eventId, userId: eventAttendees.userId })
        .from(eventAttendees)
        .where(
          and(
            inArray(eventAttendees.eventId, ids),
            sql`${eventAttendees.userId} is not null`,
            ne(eventAttendees.response, 'declined'),
          ),
        );
      const items = due.flatMap((e) => {
        if (e.status === 'cancelled' || e.endsAt <= now) return [];
        const who = new Set([
          ...(e.organizerId ? [e.organizerId] : []),
          ...attendees.filter((a) => a.eventId === e.id).map((a) => a.userId!),
        ]);
        return [...who].map((userId) => ({
          userId,
          kind: 'reminder' as const,
          title: e.title,
          body: [startsIn(e.startsAt, now), e.location].filter(Boolean).join(' · '),
          linkType: 'event' as const,
          linkId: e.id,
          dedupeKey: `event-reminder:${e.id}:${e.remindAt!.toISOString()}`,
        }));
      });
      const sent = await notify(tx, items);
      await tx.update(events).set({ remindedAt: now }).where(inArray(events.id, ids));
      return sent;
    }),
};
