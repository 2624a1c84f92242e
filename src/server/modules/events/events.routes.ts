import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  createEventInput,
  eventDto,
  eventList,
  eventOutcomeInput,
  eventResponseInput,
  eventsQuery,
  importEventInput,
  importedEvent,
  updateEventInput,
} from '../../../shared/events.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import { interactionDto } from '../../../shared/interactions.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { organizersOf } from './calendar-feed.service.ts';
import { toIcs } from './events.ics.ts';
import { importEvent } from './events.import.ts';
import { listEvents } from './events.list.ts';
import { awaitingOutcome, giveOutcome } from './events.outcome.ts';
import {
  createEvent,
  deleteEvent,
  getEvent,
  respondToEvent,
  restoreEvent,
  updateEvent,
} from './events.service.ts';

const tags = ['Calendar'];
const agent = { role: 'agent' } as const;

/** `attachment` with an ASCII fallback name and the real one encoded (RFC 6266). */
export function icsDisposition(title: string, disposition: 'attachment' | 'inline' = 'attachment') {
  const base = title.trim().slice(0, 80) || 'event';
  const ascii =
    base
      .normalize('NFKD')
      .replace(/[^\w .-]+/g, '')
      .trim() || 'event';
  return `${disposition}; filename="${ascii}.ics"; filename*=UTF-8''${encodeURIComponent(`${base}.ics`)}`;
}

export function eventsRoutes(app: App) {
  app.get(
    '/events',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Events in a time range (the calendar views)',
        description:
          'Events that end after `from` and start before `to` (at most 366 days apart), by start, keyset-paginated (`limit` up to 2,000). Everyone sees the events they organise or attend and their teammates’ events; admins see all. `mine=true` or `userId=…` narrows to one person’s calendar, `contactId=…` to events about a contact or with them attending, `companyId=…` to a company’s. Cancelled events only with `includeCancelled=true`.',
        querystring: eventsQuery,
        response: { 200: eventList },
      },
    },
    (req) => listEvents(req.ctx, req.query),
  );

  app.get(
    '/events/awaiting-outcome',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'My past meetings and calls that still wait for their outcome',
        description:
          'Newest first, at most 50: meetings and calls about a customer that are over, not cancelled, without an outcome.',
        response: { 200: z.object({ data: z.array(eventDto) }) },
      },
    },
    async (req) => ({ data: await awaitingOutcome(req.ctx) }),
  );

  app.post(
    '/events',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Create an event',
        description:
          'In the caller’s calendar unless `organizerId` names a teammate. `endsAt` must be after `startsAt` (422 at `endsAt`); all-day events run from midnight to midnight UTC. Attendees are users (`userId`), contacts (`contactId`) or addresses (`email`); invited users are notified. Send `Idempotency-Key` to make retries safe.',
        body: createEventInput,
        response: { 201: eventDto },
      },
    },
    async (req, reply) => {
      const created = await createEvent(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/events/${created.id}`)
        .send(created);
    },
  );

  app.post(
    '/events/import',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Import one event from iCalendar (.ics) text',
        description:
          'Exactly one non-recurring VEVENT, with or without its VCALENDAR. Attendees and the organiser are matched to users and contacts by e-mail address. The same UID again updates that event (`created: false`) instead of adding another. Text that is not valid iCalendar answers 422 at `ics`.',
        body: importEventInput,
        response: { 200: importedEvent, 201: importedEvent },
      },
    },
    async (req, reply) => {
      const result = await importEvent(req.ctx, req.body);
      return reply
        .code(result.created ? 201 : 200)
        .header('etag', `"${result.event.version}"`)
        .send(result);
    },
  );

  app.get(
    '/events/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get an event',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: eventDto },
      },
    },
    async (req, reply) => {
      const found = await getEvent(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/events/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change an event (e.g. reschedule it)',
        description:
          'The organiser, their teammates and admins may. Send `If-Match: "<version>"`; a stale version answers 412. Moving the start moves the reminder.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateEventInput,
        response: { 200: eventDto },
      },
    },
    async (req, reply) => {
      const updated = await updateEvent(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.delete(
    '/events/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move an event to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteEvent(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/events/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore an event from the recycle bin (within 30 days)',
        params: idParams,
        response: { 200: eventDto },
      },
    },
    (req) => restoreEvent(req.ctx, req.params.id),
  );

  app.post(
    '/events/:id/outcome',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Give a past meeting’s or call’s outcome',
        description:
          'Logs it as an interaction on the customer’s timeline (channel `meeting`, or `phone` for a call; at the start, for the planned length unless `durationMinutes` says otherwise; `notes` as its body) linked to the event, and keeps the outcome on the event. Once: a second answer is 409.',
        params: idParams,
        body: eventOutcomeInput,
        response: { 200: z.object({ event: eventDto, interaction: interactionDto }) },
      },
    },
    (req) => giveOutcome(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/events/:id/response',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Answer an invitation (an attendee for themselves)',
        params: idParams,
        body: eventResponseInput,
        response: { 200: eventDto },
      },
    },
    (req) => respondToEvent(req.ctx, req.params.id, req.body.response),
  );

  app.get(
    '/events/:id/ics',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Download an event as an .ics file',
        description:
          'A `text/calendar` VCALENDAR with the one event; imports into Outlook, Google and Apple calendars.',
        params: idParams,
      },
    },
    async (req, reply) => {
      const event = await getEvent(req.ctx, req.params.id);
      const body = toIcs([event], {
        name: event.title,
        organizers: await organizersOf(req.ctx.db, [event]),
        stamp: req.ctx.now(),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', icsDisposition(event.title))
        .send(body);
    },
  );

  app.get(
    '/events/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of an event, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getEvent(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'event', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
