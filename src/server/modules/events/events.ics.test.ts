import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem, tableCounts } from '../../../../tests/helpers/http.ts';
import { buildApp } from '../../app.ts';
import { loggerOptions } from '../../http/logger.ts';
import { parseIcsEvent } from './events.ics.ts';

/** The VEVENTs of a feed or file, read with ical.js as a calendar app would. */
function parseCalendar(text: string) {
  const root = new ICAL.Component(ICAL.parse(text) as never);
  return {
    root,
    events: root.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        summary: e.summary,
        start: e.startDate.toJSDate().toISOString(),
        startIsDate: e.startDate.isDate,
        end: e.endDate.toJSDate().toISOString(),
        location: e.location,
        description: e.description,
        url: v.getFirstPropertyValue('url'),
        status: v.getFirstPropertyValue('status'),
        organizer: String(e.organizer),
        attendees: e.attendees.map((a) => ({
          email: String(a.getFirstValue())
            .replace(/^mailto:/i, '')
            .toLowerCase(),
          cn: a.getParameter('cn'),
          partstat: a.getParameter('partstat'),
        })),
      };
    }),
  };
}

describeEachDb('events as iCalendar', (getDb) => {
  const app = useApp(getDb);
  let agent: TestUser;
  let other: TestUser;
  let contactId: string;

  const req = (user: TestUser | null, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: url.startsWith('/api') ? url : `/api/v1${url}`,
      headers: { ...(user?.auth ?? {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent', { name: 'Anna Møller' });
    other = await makeUser(getDb(), 'agent', { name: 'Otto Other' });
    contactId = (
      await req(agent, 'POST', '/contacts', {
        firstName: 'Søren',
        lastName: 'Ærø',
        emails: [{ address: 'soren@aero.example' }],
      })
    ).json().id;
  });

  describe('export and import of one event', () => {
    it('downloads an event as .ics that ical.js reads back field by field', async () => {
      const e = (
        await req(agent, 'POST', '/events', {
          title: 'Pricing; delivery, and "terms"',
          startsAt: '2026-09-01T07:30:00Z',
          endsAt: '2026-09-01T08:15:00Z',
          location: 'Strøget 12, København',
          videoUrl: 'https://meet.example/room-42',
          description: `Line one\nLine two with ÆØÅ and a long tail ${'x'.repeat(120)}`,
          attendees: [
            { contactId, response: 'accepted' },
            { userId: other.id },
            { email: 'guest@example.org', name: 'Gæst, A.' },
          ],
          remindMinutes: 10,
        })
      ).json();
      const res = await req(agent, 'GET', `/events/${e.id}/ics`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="[^"]+\.ics"; filename\*=UTF-8''/,
      );
      // Folded to 75 octets: no physical line is longer.
      for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const { events } = parseCalendar(res.body);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        uid: e.icsUid,
        summary: 'Pricing; delivery, and "terms"',
        start: '2026-09-01T07:30:00.000Z',
        end: '2026-09-01T08:15:00.000Z',
        location: 'Strøget 12, København',
        url: 'https://meet.example/room-42',
        description: e.description,
        status: 'CONFIRMED',
        organizer: `mailto:${agent.email}`,
      });
      expect(events[0]!.attendees).toEqual([
        { email: other.email, cn: 'Otto Other', partstat: 'NEEDS-ACTION' },
        { email: 'soren@aero.example', cn: 'Søren Ærø', partstat: 'ACCEPTED' },
        { email: 'guest@example.org', cn: 'Gæst, A.', partstat: 'NEEDS-ACTION' },
      ]);
      expect(res.body).toContain('TRIGGER:-PT10M');
      expect((await req(other, 'GET', `/events/${e.id}/ics`)).statusCode).toBe(200);
      const stranger = await makeUser(getDb(), 'agent');
      expectProblem(await req(stranger, 'GET', `/events/${e.id}/ics`), 404);
    });

    it('imports its own export back onto the same event (same UID updates, never doubles)', async () => {
      const e = (
        await req(agent, 'POST', '/events', {
          title: 'Round trip',
          kind: 'call',
          startsAt: '2026-09-02T12:00:00Z',
          endsAt: '2026-09-02T12:30:00Z',
          contactId,
          attendees: [{ contactId }, { userId: other.id }],
        })
      ).json();
      const ics = (await req(agent, 'GET', `/events/${e.id}/ics`)).body;
      const moved = ics
        .replace('DTSTART:20260902T120000Z', 'DTSTART:20260903T090000Z')
        .replace('DTEND:20260902T123000Z', 'DTEND:20260903T094500Z')
        .replace('SUMMARY:Round trip', 'SUMMARY:Round trip (moved)');
      const again = await req(agent, 'POST', '/events/import', { ics: moved });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({
        created: false,
        event: {
          id: e.id,
          icsUid: e.icsUid,
          title: 'Round trip (moved)',
          kind: 'call',
          startsAt: '2026-09-03T09:00:00.000Z',
          endsAt: '2026-09-03T09:45:00.000Z',
          contactId,
          organizerId: agent.id,
          version: 2,
        },
      });
      expect(
        again
          .json()
          .event.attendees.map((a: { userId: string; contactId: string }) => a.userId ?? a.contactId),
      ).toEqual([other.id, contactId]);
      const list = (
        await req(agent, 'GET', '/events?from=2026-09-01T00:00:00Z&to=2026-09-05T00:00:00Z&mine=true')
      ).json().data;
      expect(list.filter((x: { icsUid: string }) => x.icsUid === e.icsUid)).toHaveLength(1);
      // Someone who may not change it cannot take it over by importing its UID.
      const res = await req(await makeUser(getDb(), 'agent'), 'POST', '/events/import', { ics: moved });
      expectProblem(res, 409, 'duplicate_event');
    });

    it('imports an invitation from Outlook: its time zone, the Teams link, and the people matched to contacts', async () => {
      const ics = [
        'BEGIN:VCALENDAR',
        'METHOD:REQUEST',
        'PRODID:Microsoft Exchange Server 2010',
        'VERSION:2.0',
        'BEGIN:VTIMEZONE',
        'TZID:Romance Standard Time',
        'BEGIN:STANDARD',
        'DTSTART:16010101T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010101T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'ORGANIZER;CN=Søren Ærø:mailto:SOREN@aero.example',
        `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Anna:mailto:${agent.email}`,
        'ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Lars Extern:mailto:lars@extern.example',
        'DESCRIPTION:Let us talk about the new range.\\nBest\\, Søren',
        'UID:040000008200E00074C5B7101A82E00800000000B0C1@outlook.example',
        'SUMMARY;LANGUAGE=da-DK:Nyt sortiment',
        'DTSTART;TZID=Romance Standard Time:20260706T100000',
        'DTEND;TZID=Romance Standard Time:20260706T110000',
        'LOCATION;LANGUAGE=da-DK:Microsoft Teams Meeting',
        'X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting',
        'STATUS:CONFIRMED',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:REMINDER',
        'TRIGGER;RELATED=START:-PT15M',
        'END:VALARM',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
      const res = await req(agent, 'POST', '/events/import', { ics });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        created: true,
        event: {
          icsUid: '040000008200E00074C5B7101A82E00800000000B0C1@outlook.example',
          title: 'Nyt sortiment',
          startsAt: '2026-07-06T08:00:00.000Z',
          endsAt: '2026-07-06T09:00:00.000Z',
          location: 'Microsoft Teams Meeting',
          videoUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting',
          description: 'Let us talk about the new range.\nBest, Søren',
          organizerId: agent.id,
          contactId,
          remindMinutes: 15,
        },
      });
      expect(res.json().event.attendees).toEqual([
        expect.objectContaining({ contactId, response: 'accepted' }),
        expect.objectContaining({ email: 'lars@extern.example', name: 'Lars Extern', response: 'tentative' }),
      ]);
    });

    it('reads floating times in the importer’s zone, an IANA TZID without VTIMEZONE, and all-day dates', () => {
      const floating = parseIcsEvent(
        'BEGIN:VEVENT\r\nUID:f1\r\nDTSTART:20260105T100000\r\nEND:VEVENT',
        'Europe/Copenhagen',
      );
      expect(floating.startsAt.toISOString()).toBe('2026-01-05T09:00:00.000Z');
      expect(floating.endsAt.toISOString()).toBe('2026-01-05T09:30:00.000Z');
      const iana = parseIcsEvent(
        'BEGIN:VEVENT\r\nUID:f2\r\nDTSTART;TZID=America/New_York:20260705T100000\r\nDURATION:PT1H\r\nEND:VEVENT',
      );
      expect(iana.startsAt.toISOString()).toBe('2026-07-05T14:00:00.000Z');
      expect(iana.endsAt.toISOString()).toBe('2026-07-05T15:00:00.000Z');
      const allDay = parseIcsEvent('BEGIN:VEVENT\r\nUID:f3\r\nDTSTART;VALUE=DATE:20261224\r\nEND:VEVENT');
      expect(allDay).toMatchObject({ allDay: true, title: 'Untitled event' });
      expect([allDay.startsAt.toISOString(), allDay.endsAt.toISOString()]).toEqual([
        '2026-12-24T00:00:00.000Z',
        '2026-12-25T00:00:00.000Z',
      ]);
    });

    it('answers 422 at `ics` for text that is not one single event, and stores nothing', async () => {
      const before = await tableCounts(getDb());
      const ev = (uid: string, extra = '') =>
        `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20260901T100000Z\r\nDTEND:20260901T110000Z\r\n${extra}END:VEVENT\r\n`;
      const cases = [
        'hello world',
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR',
        `BEGIN:VCALENDAR\r\n${ev('a')}${ev('b')}END:VCALENDAR`,
        `BEGIN:VCALENDAR\r\n${ev('r', 'RRULE:FREQ=WEEKLY\r\n')}END:VCALENDAR`,
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:garbage\r\nEND:VEVENT\r\nEND:VCALENDAR',
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR',
        'BEGIN:VEVENT\r\nUID:tz\r\nDTSTART;TZID=Mars/Olympus:20260901T100000\r\nEND:VEVENT',
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260901T100000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR',
      ];
      for (const ics of cases) {
        const res = await req(agent, 'POST', '/events/import', { ics });
        const problem = expectProblem(res, 422);
        expect(problem.errors?.[0]?.path, ics).toMatch(/^(ics|endsAt)$/);
      }
      expectProblem(await req(agent, 'POST', '/events/import', { ics: ev('z'), timeZone: 'Not/AZone' }), 422);
      expect(await tableCounts(getDb())).toEqual(before);
    });
  });

  describe('the calendar feed', () => {
    it('creates a secret URL once, serves the owner’s own events to ical.js, and rotates and revokes it (404 after)', async () => {
      const owner = await makeUser(getDb(), 'agent', { name: 'Feed Owner' });
      const mate = await makeUser(getDb(), 'agent');
      const now = Date.now();
      const iso = (days: number, hour = 9) => {
        const d = new Date(now + days * 86_400_000);
        d.setUTCHours(hour, 0, 0, 0);
        return d.toISOString();
      };
      const own = (
        await req(owner, 'POST', '/events', {
          title: 'Mine in the feed',
          startsAt: iso(3),
          endsAt: iso(3, 10),
          location: 'Room 1',
          videoUrl: 'https://meet.example/feed',
          description: 'Private notes about the customer',
          attendees: [{ contactId }, { userId: mate.id }],
        })
      ).json();
      await req(mate, 'POST', '/events', {
        title: 'Invited to',
        startsAt: iso(5),
        endsAt: iso(5, 10),
        attendees: [{ userId: owner.id }],
      });
      await req(mate, 'POST', '/events', {
        title: 'Declined by the owner',
        startsAt: iso(6),
        endsAt: iso(6, 10),
        attendees: [{ userId: owner.id, response: 'declined' }],
      });
      await req(owner, 'POST', '/events', {
        title: 'Whole day',
        startsAt: iso(7, 0),
        endsAt: iso(8, 0),
        allDay: true,
      });
      await req(owner, 'POST', '/events', {
        title: 'Called off',
        startsAt: iso(9),
        endsAt: iso(9, 10),
        status: 'cancelled',
      });
      await req(owner, 'POST', '/events', { title: 'Too old', startsAt: iso(-120), endsAt: iso(-120, 10) });
      await req(mate, 'POST', '/events', {
        title: 'Colleague’s private',
        startsAt: iso(4),
        endsAt: iso(4, 10),
      });

      expect((await req(owner, 'GET', '/calendar-feed')).json()).toMatchObject({ active: false });
      const created = await req(owner, 'POST', '/calendar-feed');
      expect(created.statusCode, created.body).toBe(201);
      const { url, webcalUrl, tokenHint } = created.json();
      expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/api\/v1\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
      expect(webcalUrl).toBe(url.replace(/^http:/, 'webcal:'));
      const path = new URL(url).pathname;
      const token = path.split('/').pop()!.replace('.ics', '');
      expect(tokenHint).toBe(`…${token.slice(-4)}`);
      const shown = (await req(owner, 'GET', '/calendar-feed')).json();
      expect(shown).toMatchObject({ active: true, tokenHint, lastUsedAt: null });
      expect(JSON.stringify(shown)).not.toContain(token);

      const feed = await req(null, 'GET', path);
      expect(feed.statusCode, feed.body).toBe(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const { root, events } = parseCalendar(feed.body);
      expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Rapport — Feed Owner');
      expect(events.map((e) => e.summary).sort()).toEqual([
        'Called off',
        'Invited to',
        'Mine in the feed',
        'Whole day',
      ]);
      const mine = events.find((e) => e.uid === own.icsUid)!;
      expect(mine).toMatchObject({
        start: iso(3),
        end: iso(3, 10),
        location: 'Room 1',
        url: 'https://meet.example/feed',
        description: 'Private notes about the customer',
        organizer: `mailto:${owner.email}`,
      });
      expect(mine.attendees.map((a) => a.email).sort()).toEqual([mate.email, 'soren@aero.example'].sort());
      expect(events.find((e) => e.summary === 'Whole day')).toMatchObject({ startIsDate: true });
      expect(events.find((e) => e.summary === 'Called off')).toMatchObject({ status: 'CANCELLED' });
      expect((await req(owner, 'GET', '/calendar-feed')).json().lastUsedAt).not.toBeNull();

      // Rotating: the old address is dead at once, the new one works.
      const rotated = (await req(owner, 'POST', '/calendar-feed')).json();
      expect(rotated.url).not.toBe(url);
      expectProblem(await req(null, 'GET', path), 404, 'calendar_feed_not_found');
      expect((await req(null, 'GET', new URL(rotated.url).pathname)).statusCode).toBe(200);
      // Revoking: 404 too, like any wrong token.
      expect((await req(owner, 'DELETE', '/calendar-feed')).statusCode).toBe(204);
      const wrong = [
        new URL(rotated.url).pathname,
        `/api/v1/calendar-feed/${'A'.repeat(43)}.ics`,
        `/api/v1/calendar-feed/${token.slice(0, 42)}.ics`,
        '/api/v1/calendar-feed/short.ics',
        `/api/v1/calendar-feed/${token}`,
      ];
      const bodies = new Set<string>();
      for (const p of wrong) {
        const res = await req(null, 'GET', p);
        expectProblem(res, 404);
        bodies.add(res.json().code);
      }
      expect(bodies.size).toBeLessThanOrEqual(2); // the feed's 404, or the router's for a path without .ics
      expect((await req(owner, 'GET', '/calendar-feed')).json()).toMatchObject({ active: false });
    });

    it('stops serving the feed of a deactivated user', async () => {
      const leaver = await makeUser(getDb(), 'agent');
      const admin = await makeUser(getDb(), 'admin');
      const { url } = (await req(leaver, 'POST', '/calendar-feed')).json();
      expect((await req(null, 'GET', new URL(url).pathname)).statusCode).toBe(200);
      const off = await req(admin, 'PATCH', `/users/${leaver.id}`, { active: false });
      expect(off.statusCode, off.body).toBe(200);
      expectProblem(await req(null, 'GET', new URL(url).pathname), 404);
    });

    it('never writes the token to the request log', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const config = testConfig();
      const logged = await buildApp({
        config,
        database: getDb(),
        logger: { ...(loggerOptions({ ...config, logLevel: 'info' }) as object), stream },
      });
      try {
        const created = await logged.inject({
          method: 'POST',
          url: '/api/v1/calendar-feed',
          headers: agent.auth,
        });
        const path = new URL(created.json().url).pathname;
        const token = path.split('/').pop()!.replace('.ics', '');
        expect((await logged.inject({ url: path })).statusCode).toBe(200);
        expect((await logged.inject({ url: path.replace('.ics', '') })).statusCode).toBe(404);
        expect(lines.join('\n')).toContain('/api/v1/calendar-feed/[redacted]');
        expect(lines.join('\n')).not.toContain(token);
      } finally {
        await logged.close();
      }
    });
  });
});
