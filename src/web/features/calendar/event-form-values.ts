import dayjs from 'dayjs';
import type {
  AttendeeInput,
  CreateEventInput,
  EventDto,
  EventKind,
  eventStatuses,
} from '../../../shared/events.ts';
import { dateToUtcIso, utcDate } from './use-events.ts';

/** The event form's values: local wall-clock times for timed events, calendar dates for all-day ones. */
export type EventFormValues = {
  title: string;
  kind: EventKind;
  allDay: boolean;
  /** `YYYY-MM-DD HH:mm:ss` in the browser's zone (Mantine's DateTimePicker value). */
  start: string;
  end: string;
  /** `YYYY-MM-DD`; the last day is inclusive here (the API's end is the next midnight). */
  startDate: string;
  endDate: string;
  location: string;
  videoUrl: string;
  description: string;
  userIds: string[];
  contactIds: string[];
  emails: string[];
  contactId: string | null;
  companyId: string | null;
  organizerId: string | null;
  remind: string;
  status: (typeof eventStatuses)[number];
};

const LOCAL = 'YYYY-MM-DD HH:mm:ss';
export const reminderChoices = [null, 0, 5, 10, 15, 30, 60, 120, 1440, 2880, 10080] as const;

/** A new event from a selected range (or the next full hour, one hour long). */
export function newEventValues(
  range: { start: Date; end: Date; allDay: boolean } | null,
  me: string,
  preset: Partial<EventFormValues> = {},
): EventFormValues {
  const start = range?.start ?? dayjs().add(1, 'hour').startOf('hour').toDate();
  const end = range?.end ?? dayjs(start).add(1, 'hour').toDate();
  const allDay = range?.allDay ?? false;
  return {
    title: '',
    kind: 'meeting',
    allDay,
    start: dayjs(allDay ? dayjs(start).hour(9) : start).format(LOCAL),
    end: dayjs(allDay ? dayjs(start).hour(10) : end).format(LOCAL),
    startDate: dayjs(start).format('YYYY-MM-DD'),
    // A selection's end is exclusive; the form shows the last day.
    endDate: dayjs(allDay ? dayjs(end).subtract(1, 'day') : start).format('YYYY-MM-DD'),
    location: '',
    videoUrl: '',
    description: '',
    userIds: [],
    contactIds: [],
    emails: [],
    contactId: null,
    companyId: null,
    organizerId: me,
    remind: '15',
    status: 'confirmed',
    ...preset,
  };
}

export function eventValues(e: EventDto): EventFormValues {
  const lastDay = dayjs(utcDate(e.endsAt)).subtract(1, 'day').format('YYYY-MM-DD');
  return {
    title: e.title,
    kind: e.kind,
    allDay: e.allDay,
    start: dayjs(e.allDay ? `${utcDate(e.startsAt)}T09:00` : e.startsAt).format(LOCAL),
    end: dayjs(e.allDay ? `${utcDate(e.startsAt)}T10:00` : e.endsAt).format(LOCAL),
    startDate: e.allDay ? utcDate(e.startsAt) : dayjs(e.startsAt).format('YYYY-MM-DD'),
    endDate: e.allDay ? lastDay : dayjs(e.endsAt).format('YYYY-MM-DD'),
    location: e.location ?? '',
    videoUrl: e.videoUrl ?? '',
    description: e.description ?? '',
    userIds: e.attendees.flatMap((a) => (a.userId ? [a.userId] : [])),
    contactIds: e.attendees.flatMap((a) => (a.contactId ? [a.contactId] : [])),
    emails: e.attendees.flatMap((a) => (!a.userId && !a.contactId && a.email ? [a.email] : [])),
    contactId: e.contactId,
    companyId: e.companyId,
    organizerId: e.organizerId,
    remind: e.remindMinutes === null ? 'none' : String(e.remindMinutes),
    status: e.status,
  };
}

/** Form values → the API's body (names of address-only guests are kept from the event). */
export function eventBody(v: EventFormValues, before: EventDto | null): CreateEventInput {
  const names = new Map((before?.attendees ?? []).map((a) => [a.email ?? '', a.name]));
  const attendees: AttendeeInput[] = [
    ...v.userIds.map((userId) => ({ userId })),
    ...v.contactIds.map((contactId) => ({ contactId })),
    ...v.emails.map((email) => ({ email, name: names.get(email.toLowerCase()) ?? null })),
  ];
  const times = v.allDay
    ? {
        startsAt: dateToUtcIso(v.startDate),
        endsAt: dateToUtcIso(
          dayjs(v.endDate || v.startDate)
            .add(1, 'day')
            .format('YYYY-MM-DD'),
        ),
      }
    : { startsAt: dayjs(v.start).toISOString(), endsAt: dayjs(v.end).toISOString() };
  return {
    title: v.title.trim(),
    kind: v.kind,
    allDay: v.allDay,
    ...times,
    location: v.location.trim() || null,
    videoUrl: v.videoUrl.trim() || null,
    description: v.description.trim() || null,
    attendees,
    contactId: v.contactId,
    companyId: v.companyId,
    organizerId: v.organizerId,
    remindMinutes: v.remind === 'none' ? null : Number(v.remind),
    status: v.status,
  };
}

/** The API's field paths → the form's inputs. */
export function formErrors(errors: Record<string, string>, allDay: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const key =
      path === 'startsAt'
        ? allDay
          ? 'startDate'
          : 'start'
        : path === 'endsAt'
          ? allDay
            ? 'endDate'
            : 'end'
          : path === 'remindMinutes'
            ? 'remind'
            : path.startsWith('attendees.')
              ? 'attendees'
              : path;
    out[key] ??= message;
  }
  return out;
}

/** When the start moves, the end keeps the length (as calendar apps do). */
export function keepLength(v: EventFormValues, start: string): Partial<EventFormValues> {
  const length = dayjs(v.end).diff(dayjs(v.start));
  return {
    start,
    end: dayjs(start)
      .add(length > 0 ? length : 3_600_000, 'ms')
      .format(LOCAL),
  };
}
