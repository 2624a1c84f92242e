import { z } from 'zod';
import { listEnvelope, nullableText } from './common.ts';
import { interactionLink, RICH_TEXT_MAX, touchpoints } from './interactions.ts';

/** Calendar events (DESIGN.md "Event"): meetings and calls with attendees, shown in day, week and month views. */
export const eventKinds = ['meeting', 'call', 'other'] as const;
export type EventKind = (typeof eventKinds)[number];
export const eventStatuses = ['confirmed', 'tentative', 'cancelled'] as const;
export const attendeeResponses = ['needs_action', 'accepted', 'declined', 'tentative'] as const;
export type AttendeeResponse = (typeof attendeeResponses)[number];

/** An event lasts at most this long, so a range query reads `starts_at` from `from − 31 days` only. */
export const MAX_EVENT_DAYS = 31;
/** A calendar request covers at most a year (the month view needs six weeks, a year view a year). */
export const MAX_RANGE_DAYS = 366;
/** Reminders up to four weeks ahead. */
export const REMIND_MAX_MINUTES = 4 * 7 * 24 * 60;
export const EVENT_LIST_MAX = 2000;

const dateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
});
/** Only web links: a `javascript:` or `data:` URL must never reach a link in the UI or a calendar app. */
export const webUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'Use an http(s):// link' }));

/** One invitee: a user of Rapport, a contact, or an e-mail address (for people who are neither). */
export const attendeeInput = z
  .object({
    userId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    email: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')).optional(),
    name: nullableText(200).optional(),
    response: z.enum(attendeeResponses).optional(),
  })
  .strict()
  .refine((a) => [a.userId, a.contactId, a.email].filter(Boolean).length === 1, {
    message: 'Give exactly one of userId, contactId or email',
    path: ['userId'],
  });
export type AttendeeInput = z.infer<typeof attendeeInput>;

const writable = {
  title: z.string().trim().min(1, 'Give the event a title').max(300),
  /** Plain text (it travels as the iCalendar DESCRIPTION). */
  description: nullableText(10_000),
  kind: z.enum(eventKinds),
  startsAt: dateTime,
  /** After `startsAt` (422 at `endsAt` otherwise). All-day events run from midnight UTC to midnight UTC. */
  endsAt: dateTime,
  allDay: z.boolean(),
  location: nullableText(500),
  videoUrl: webUrl.nullable(),
  status: z.enum(eventStatuses),
  /** The user whose calendar it is in; the creator by default. */
  organizerId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  links: z.array(interactionLink).max(20),
  /** Replaces the whole list when given; responses of attendees who stay are kept unless given. */
  attendees: z.array(attendeeInput).max(100),
  /** Minutes before the start at which the organiser and the attending users are notified; null for none. */
  remindMinutes: z.number().int().min(0).max(REMIND_MAX_MINUTES).nullable(),
};

export const createEventInput = z
  .object({
    ...writable,
    description: writable.description.optional(),
    kind: writable.kind.default('meeting'),
    allDay: writable.allDay.default(false),
    location: writable.location.optional(),
    videoUrl: writable.videoUrl.optional(),
    status: writable.status.default('confirmed'),
    organizerId: writable.organizerId.optional(),
    contactId: writable.contactId.optional(),
    companyId: writable.companyId.optional(),
    links: writable.links.optional(),
    attendees: writable.attendees.optional(),
    remindMinutes: writable.remindMinutes.optional(),
  })
  .strict()
  .meta({ id: 'CreateEvent' });
export type CreateEventInput = z.infer<typeof createEventInput>;

export const updateEventInput = z.object(writable).partial().strict().meta({ id: 'UpdateEvent' });
export type UpdateEventInput = z.infer<typeof updateEventInput>;

export const attendeeDto = z
  .object({
    id: z.uuid(),
    userId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    /** The user's or the contact's name, or the name given with the address. */
    name: z.string().nullable(),
    /** The user's address, the contact's first address, or the address given. */
    email: z.string().nullable(),
    response: z.enum(attendeeResponses),
  })
  .meta({ id: 'EventAttendee' });
export type AttendeeDto = z.infer<typeof attendeeDto>;

export const eventDto = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    kind: z.enum(eventKinds),
    startsAt: z.string(),
    endsAt: z.string(),
    allDay: z.boolean(),
    location: z.string().nullable(),
    videoUrl: z.string().nullable(),
    status: z.enum(eventStatuses),
    organizerId: z.uuid().nullable(),
    organizerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    links: z.array(interactionLink),
    attendees: z.array(attendeeDto),
    remindMinutes: z.number().int().nullable(),
    remindAt: z.string().nullable(),
    /** What came of it; set together with `interactionId` once the outcome is given. */
    outcome: z.string().nullable(),
    interactionId: z.uuid().nullable(),
    /** The iCalendar UID: kept through export and import, so a re-imported event updates this one. */
    icsUid: z.string(),
    /** Whether the caller may change it (the organiser, their teammates, admins). */
    canEdit: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Event' });
export type EventDto = z.infer<typeof eventDto>;
export const eventList = listEnvelope(eventDto);

const flag = z.enum(['true', 'false']).optional();
export const eventsQuery = z
  .object({
    /** Events that end after `from` and start before `to` (at most 366 days apart). */
    from: dateTime,
    to: dateTime,
    /** Only events the caller organises or attends. */
    mine: flag,
    /** Only events this user organises or attends (those the caller may see). */
    userId: z.uuid().optional(),
    /** Events about this contact, or with the contact among the attendees. */
    contactId: z.uuid().optional(),
    companyId: z.uuid().optional(),
    includeCancelled: flag,
    limit: z.coerce.number().int().min(1).max(EVENT_LIST_MAX).default(500),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type EventsQuery = z.infer<typeof eventsQuery>;

/** An event as iCalendar text (one VEVENT, with its VCALENDAR or bare). */
export const importEventInput = z
  .object({
    ics: z.string().min(1).max(1_000_000),
    /** The IANA zone for floating times (no zone, no `Z`); UTC when absent. The web sends the browser's. */
    timeZone: z.string().max(64).optional(),
  })
  .strict()
  .meta({ id: 'ImportEvent' });
export type ImportEventInput = z.infer<typeof importEventInput>;
export const importedEvent = z
  .object({ created: z.boolean(), event: eventDto })
  .meta({ id: 'ImportedEvent' });

/** A past meeting's or call's outcome: it becomes an interaction on the customer's timeline. */
export const eventOutcomeInput = z
  .object({
    outcome: z.string().trim().min(1, 'Say what came of it').max(200),
    /** Rich text (HTML), stored sanitised as the interaction's body. */
    notes: z.string().max(RICH_TEXT_MAX).nullable().optional(),
    touchpoint: z.enum(touchpoints).nullable().optional(),
    /** How long it really took; the planned length when absent. */
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .nullable()
      .optional(),
  })
  .strict()
  .meta({ id: 'EventOutcome' });
export type EventOutcomeInput = z.infer<typeof eventOutcomeInput>;

export const eventResponseInput = z
  .object({ response: z.enum(attendeeResponses) })
  .strict()
  .meta({ id: 'EventResponse' });

/** The caller's calendar subscription; the URL with its token is in the answer that creates it, only. */
export const calendarFeedDto = z
  .object({
    active: z.boolean(),
    /** The token's last characters, to tell URLs apart. */
    tokenHint: z.string().nullable(),
    createdAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'CalendarFeed' });
export type CalendarFeedDto = z.infer<typeof calendarFeedDto>;
export const createdCalendarFeed = calendarFeedDto
  .extend({ url: z.string(), webcalUrl: z.string() })
  .meta({ id: 'CreatedCalendarFeed' });
export type CreatedCalendarFeed = z.infer<typeof createdCalendarFeed>;

/** The feed covers 90 days back and a year ahead. */
export const FEED_DAYS_BACK = 90;
export const FEED_DAYS_AHEAD = 366;
