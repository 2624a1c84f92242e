import type { EventDto } from '../../../shared/events.ts';
import { utcDate } from './use-events.ts';

/** When an event takes place, in the UI language ("Tue 3 Jun 2026, 09:00–10:30"; all-day ones as dates). */
export function formatEventTime(e: Pick<EventDto, 'startsAt' | 'endsAt' | 'allDay'>, lng: string): string {
  if (e.allDay) {
    const day = (iso: string) =>
      new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${iso}T00:00:00Z`),
      );
    const first = utcDate(e.startsAt);
    const last = new Date(Date.parse(e.endsAt) - 86_400_000).toISOString().slice(0, 10);
    return first === last ? day(first) : `${day(first)} – ${day(last)}`;
  }
  const start = new Date(e.startsAt);
  const end = new Date(e.endsAt);
  const sameDay = start.toDateString() === end.toDateString();
  const full = new Intl.DateTimeFormat(lng, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const time = new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' });
  return `${full.format(start)} – ${sameDay ? time.format(end) : full.format(end)}`;
}

/** A meeting or call about a customer that has begun and has no outcome yet. */
export function awaitsOutcome(e: EventDto, now = Date.now()): boolean {
  return (
    (e.kind === 'meeting' || e.kind === 'call') &&
    e.status !== 'cancelled' &&
    !e.interactionId &&
    !e.outcome &&
    Date.parse(e.startsAt) <= now &&
    Boolean(e.contactId || e.companyId || e.attendees.some((a) => a.contactId))
  );
}
