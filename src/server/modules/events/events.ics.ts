import ICAL from 'ical.js';
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import {
  type AttendeeResponse,
  type EventDto,
  type EventKind,
  eventKinds,
  REMIND_MAX_MINUTES,
  webUrl,
} from '../../../shared/events.ts';
import { invalid } from '../../http/errors.ts';

/** iCalendar in and out through libraries made for it: ical-generator writes (escaping, folding), ical.js reads. */

const partstat: Record<AttendeeResponse, ICalAttendeeStatus> = {
  needs_action: ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  tentative: ICalAttendeeStatus.TENTATIVE,
};
const statusOut: Record<EventDto['status'], ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

export type Person = { name: string; email: string };

/**
 * A VCALENDAR of these events. Times are written in UTC (all-day ones as dates), the video link as URL (and
 * as LOCATION when there is no place), the reminder as a VALARM, the kind as X-RAPPORT-KIND so that an
 * export imports back as it was.
 */
export function toIcs(
  list: EventDto[],
  opts: { name: string; organizers: Map<string, Person>; stamp: Date; refreshMinutes?: number },
): string {
  const cal = ical({
    name: opts.name,
    prodId: { company: 'Rapport', product: 'Rapport CRM', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ...(opts.refreshMinutes ? { ttl: opts.refreshMinutes * 60 } : {}),
  });
  for (const e of list) {
    const organizer = e.organizerId ? opts.organizers.get(e.organizerId) : undefined;
    cal.createEvent({
      id: e.icsUid,
      sequence: Math.max(0, e.version - 1),
      stamp: opts.stamp,
      created: new Date(e.createdAt),
      lastModified: new Date(e.updatedAt),
      start: new Date(e.startsAt),
      end: new Date(e.endsAt),
      allDay: e.allDay,
      summary: e.title,
      description: e.description,
      location: e.location ?? e.videoUrl,
      url: e.videoUrl,
      status: statusOut[e.status],
      organizer: organizer ? { name: organizer.name || organizer.email, email: organizer.email } : null,
      attendees: e.attendees.flatMap((a) =>
        a.email
          ? [
              {
                email: a.email,
                name: a.name,
                status: partstat[a.response],
                role: ICalAttendeeRole.REQ,
              },
            ]
          : [],
      ),
      alarms:
        e.remindMinutes === null ? [] : [{ type: ICalAlarmType.display, trigger: e.remindMinutes * 60 }],
      x: { 'X-RAPPORT-KIND': e.kind },
    });
  }
  return cal.toString();
}

/** One event as read from iCalendar text, before its people are matched to users and contacts. */
export type ParsedEvent = {
  uid: string | null;
  title: string;
  description: string | null;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  location: string | null;
  videoUrl: string | null;
  status: EventDto['status'];
  organizer: { email: string; name: string | null } | null;
  attendees: { email: string; name: string | null; response: AttendeeResponse }[];
  remindMinutes: number | null;
};

const refuse = (message: string) =>
  invalid([{ path: 'ics', message }], 'The iCalendar text cannot be imported.');

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock time in an IANA zone → the instant (two passes settle the offset across DST changes). */
function zonedToUtc(t: ICAL.Time, tz: string): Date {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offset = (ms: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - ms;
  };
  const guess = wall - offset(wall);
  return new Date(wall - offset(guess));
}

function instant(
  prop: ICAL.Property | null,
  fallbackZone: string | undefined,
): { at: Date; date: boolean } | null {
  if (!prop) return null;
  const t = prop.getFirstValue() as ICAL.Time;
  if (t.isDate) return { at: new Date(Date.UTC(t.year, t.month - 1, t.day)), date: true };
  const zoneId = t.zone?.tzid;
  // UTC, or a zone this file defines in a VTIMEZONE (ical.js resolves those itself).
  if (zoneId && zoneId !== 'floating') return { at: t.toJSDate(), date: false };
  const tzid = (prop.getParameter('tzid') as string | undefined) ?? fallbackZone;
  if (!tzid) return { at: zonedToUtc(t, 'UTC'), date: false };
  if (!isTimeZone(tzid)) throw refuse(`Unknown time zone "${tzid.slice(0, 64)}"`);
  return { at: zonedToUtc(t, tzid), date: false };
}

const text = (v: unknown, max: number): string | null => {
  const s = typeof v === 'string' ? v.trim() : '';
  return s ? s.slice(0, max) : null;
};
const mailto = (v: unknown): string | null => {
  const s = typeof v === 'string' ? v.trim().replace(/^mailto:/i, '') : '';
  return /^[^\s@]+@[^\s@]+$/.test(s) && s.length <= 320 ? s.toLowerCase() : null;
};
const link = (v: unknown): string | null => {
  const parsed = webUrl.safeParse(typeof v === 'string' ? v : '');
  return parsed.success ? parsed.data : null;
};
const responseOf: Record<string, AttendeeResponse> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
};

/** The minutes before the start of the first display/audio alarm that counts back from the start. */
function reminderOf(vevent: ICAL.Component): number | null {
  for (const alarm of vevent.getAllSubcomponents('valarm')) {
    const trigger = alarm.getFirstProperty('trigger');
    const value = trigger?.getFirstValue();
    if (!(value instanceof ICAL.Duration) || trigger?.getParameter('related') === 'END') continue;
    const seconds = -value.toSeconds();
    if (seconds >= 0 && seconds <= REMIND_MAX_MINUTES * 60) return Math.round(seconds / 60);
  }
  return null;
}

/**
 * Reads one event from iCalendar text (a VCALENDAR, or a bare VEVENT). Anything that is not exactly one
 * single (non-recurring) event answers 422 at `ics`. Times with a TZID use the file's VTIMEZONE, else the
 * IANA zone of that name; floating times use `timeZone` (the importing browser's), else UTC.
 */
export function parseIcsEvent(source: string, timeZone?: string): ParsedEvent {
  if (timeZone !== undefined && !isTimeZone(timeZone))
    throw invalid([{ path: 'timeZone', message: 'Not an IANA time zone' }]);
  let text0 = source.replace(/^\uFEFF/, '');
  if (!/BEGIN:VCALENDAR/i.test(text0))
    text0 = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${text0.trim()}\r\nEND:VCALENDAR`;
  let root: ICAL.Component;
  try {
    const parsed = ICAL.parse(text0);
    root = new ICAL.Component(Array.isArray(parsed[0]) ? (parsed[0] as unknown as never) : (parsed as never));
  } catch (err) {
    throw refuse(`Not valid iCalendar: ${(err as Error).message.slice(0, 200)}`);
  }
  const vevents = root.name === 'vevent' ? [root] : root.getAllSubcomponents('vevent');
  if (!vevents.length) throw refuse('There is no event (VEVENT) in it');
  const uids = new Set(vevents.map((v) => v.getFirstPropertyValue('uid')));
  if (uids.size > 1) throw refuse('Import one event at a time (this holds several)');
  const vevent = vevents.find((v) => !v.hasProperty('recurrence-id')) ?? vevents[0]!;
  if (vevents.length > 1 || vevent.hasProperty('rrule') || vevent.hasProperty('rdate'))
    throw refuse('Recurring events cannot be imported yet; export a single occurrence');
  try {
    const start = instant(vevent.getFirstProperty('dtstart'), timeZone);
    if (!start) throw refuse('The event has no start (DTSTART)');
    const duration = vevent.getFirstPropertyValue('duration');
    const endProp = instant(vevent.getFirstProperty('dtend'), timeZone);
    const endsAt = endProp
      ? endProp.at
      : duration instanceof ICAL.Duration
        ? new Date(start.at.getTime() + duration.toSeconds() * 1000)
        : // RFC 5545: a date lasts the day; a date-time without an end lasts no time, which no calendar
          // can show, so it gets half an hour.
          new Date(start.at.getTime() + (start.date ? 86_400_000 : 30 * 60_000));
    const uid = text(vevent.getFirstPropertyValue('uid'), 500);
    const methodCancel = String(root.getFirstPropertyValue('method') ?? '').toUpperCase() === 'CANCEL';
    const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
    const location = text(vevent.getFirstPropertyValue('location'), 500);
    const videoUrl =
      link(vevent.getFirstPropertyValue('url')) ??
      link(vevent.getFirstPropertyValue('x-google-conference')) ??
      link(vevent.getFirstPropertyValue('x-microsoft-skypeteamsmeetingurl')) ??
      link(vevent.getFirstPropertyValue('x-microsoft-onlinemeetingexternallink')) ??
      link(location);
    const kind = String(vevent.getFirstPropertyValue('x-rapport-kind') ?? '');
    const organizerProp = vevent.getFirstProperty('organizer');
    const organizerEmail = mailto(organizerProp?.getFirstValue());
    return {
      uid,
      title: text(vevent.getFirstPropertyValue('summary'), 300) ?? 'Untitled event',
      description: text(vevent.getFirstPropertyValue('description'), 10_000),
      kind: (eventKinds as readonly string[]).includes(kind) ? (kind as EventKind) : 'meeting',
      startsAt: start.at,
      endsAt,
      allDay: start.date,
      location: location && location === videoUrl ? null : location,
      videoUrl,
      status:
        methodCancel || status === 'CANCELLED'
          ? 'cancelled'
          : status === 'TENTATIVE'
            ? 'tentative'
            : 'confirmed',
      organizer: organizerEmail
        ? { email: organizerEmail, name: text(organizerProp?.getParameter('cn'), 200) }
        : null,
      attendees: vevent.getAllProperties('attendee').flatMap((p) => {
        const email = mailto(p.getFirstValue());
        if (!email) return [];
        const stat = String(p.getParameter('partstat') ?? '').toUpperCase();
        return [
          { email, name: text(p.getParameter('cn'), 200), response: responseOf[stat] ?? 'needs_action' },
        ];
      }),
      remindMinutes: reminderOf(vevent),
    };
  } catch (err) {
    if ((err as { status?: number }).status === 422) throw err;
    throw refuse(`Not valid iCalendar: ${(err as Error).message.slice(0, 200)}`);
  }
}
