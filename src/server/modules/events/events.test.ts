import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem, tableCounts } from '../../../../tests/helpers/http.ts';
import { systemCtx } from '../../http/context.ts';
import { events } from './events.schema.ts';
import { purgeEventRecycleBin } from './events.service.ts';

describeEachDb('events API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let teammate: TestUser;
  let outsider: TestUser;
  let viewer: TestUser;
  let contactId: string;
  let companyId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const at = (day: number, hour: number, minute = 0) =>
    new Date(Date.UTC(2026, 5, day, hour, minute)).toISOString();
  const range = (fromDay: number, toDay: number, extra = '') =>
    `/events?from=${at(fromDay, 0)}&to=${at(toDay, 0)}${extra}`;
  const titles = (res: { json(): { data: { title: string }[] } }) => res.json().data.map((e) => e.title);

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    const team = (await req(admin, 'POST', '/teams', { name: 'Calendar team' })).json().id;
    agent = await makeUser(getDb(), 'agent', { teamIds: [team], name: 'Anna Agent' });
    teammate = await makeUser(getDb(), 'agent', { teamIds: [team], name: 'Tom Teammate' });
    viewer = await makeUser(getDb(), 'viewer', { teamIds: [team] });
    outsider = await makeUser(getDb(), 'agent', { name: 'Otto Outsider' });
    companyId = (await req(admin, 'POST', '/companies', { name: 'Nørre Cykler ApS' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', {
        firstName: 'Mette',
        lastName: 'Kjær',
        companyId,
        emails: [{ address: 'mette@norre-cykler.example' }],
      })
    ).json().id;
  });

  it('creates a meeting with attendees, fills in the organiser and the contact’s company, and notifies invitees', async () => {
    const res = await req(agent, 'POST', '/events', {
      title: 'Quarterly review',
      startsAt: at(1, 9),
      endsAt: at(1, 10, 30),
      location: 'Nørregade 1, København',
      videoUrl: 'https://meet.example/abc-def',
      contactId,
      attendees: [{ userId: teammate.id }, { contactId }, { email: 'Guest@Example.org', name: 'A Guest' }],
      remindMinutes: 15,
      description: 'Agenda:\n1. Prices\n2. Delivery',
    });
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json();
    expect(event).toMatchObject({
      title: 'Quarterly review',
      kind: 'meeting',
      status: 'confirmed',
      allDay: false,
      organizerId: agent.id,
      organizerName: 'Anna Agent',
      contactId,
      contactName: 'Mette Kjær',
      companyId,
      companyName: 'Nørre Cykler ApS',
      remindMinutes: 15,
      remindAt: at(1, 8, 45),
      canEdit: true,
      version: 1,
    });
    expect(event.icsUid).toMatch(/^[0-9a-f-]{36}@rapport$/);
    expect(event.attendees).toEqual([
      expect.objectContaining({ userId: teammate.id, name: 'Tom Teammate', response: 'needs_action' }),
      expect.objectContaining({ contactId, name: 'Mette Kjær', email: 'mette@norre-cykler.example' }),
      expect.objectContaining({ email: 'guest@example.org', name: 'A Guest', userId: null, contactId: null }),
    ]);
    expect(res.headers.location).toBe(`/api/v1/events/${event.id}`);
    const bell = (await req(teammate, 'GET', '/notifications')).json().data;
    expect(bell).toContainEqual(
      expect.objectContaining({ kind: 'assignment', linkType: 'event', linkId: event.id, actorId: agent.id }),
    );
    expect((await req(viewer, 'GET', `/events/${event.id}`)).json()).toMatchObject({
      id: event.id,
      canEdit: false,
    });
  });

  describe('bad input', () => {
    it('answers field errors with paths and writes nothing', async () => {
      const before = await tableCounts(getDb());
      const base = { title: 'x', startsAt: at(2, 9), endsAt: at(2, 10) };
      const cases: [unknown, string, number][] = [
        [{ ...base, endsAt: at(2, 8) }, 'endsAt', 422],
        [{ ...base, endsAt: base.startsAt }, 'endsAt', 422],
        [{ ...base, endsAt: '2026-07-20T09:00:00Z' }, 'endsAt', 422],
        [{ ...base, startsAt: 'tomorrow' }, 'startsAt', 400],
        [{ ...base, title: '  ' }, 'title', 400],
        [{ ...base, kind: 'party' }, 'kind', 400],
        [{ ...base, videoUrl: 'javascript:alert(1)' }, 'videoUrl', 400],
        [{ ...base, attendees: [{ userId: agent.id, email: 'x@example.org' }] }, 'attendees.0.userId', 400],
        [
          { ...base, attendees: [{ userId: '00000000-0000-4000-8000-000000000000' }] },
          'attendees.0.userId',
          422,
        ],
        [{ ...base, contactId: '00000000-0000-4000-8000-000000000000' }, 'contactId', 422],
        [{ ...base, organizerId: outsider.id }, 'organizerId', 403],
        [{ ...base, organizerId: null }, 'organizerId', 422],
        [{ ...base, remindMinutes: -5 }, 'remindMinutes', 400],
        [{ ...base, version: 7 }, 'version', 400],
      ];
      for (const [payload, path, status] of cases) {
        const res = await req(agent, 'POST', '/events', payload);
        expectProblem(res, status);
        expect(errorPaths(res), `${JSON.stringify(payload)} → ${res.body}`).toContain(path);
      }
      expect(await tableCounts(getDb())).toEqual(before);
    });

    it('refuses a range that is reversed or longer than a year', async () => {
      expectProblem(await req(agent, 'GET', `/events?from=${at(5, 0)}&to=${at(4, 0)}`), 400, 'invalid_query');
      expectProblem(
        await req(agent, 'GET', `/events?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z`),
        400,
        'invalid_query',
      );
      expectProblem(await req(agent, 'GET', '/events'), 400);
    });
  });

  it('lists the events overlapping a range by start, with who sees what', async () => {
    const mk = async (user: TestUser, title: string, startsAt: string, endsAt: string, extra = {}) => {
      const res = await req(user, 'POST', '/events', { title, startsAt, endsAt, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await mk(agent, 'R-mine', at(10, 9), at(10, 10));
    await mk(agent, 'R-allday', at(11, 0), at(13, 0), { allDay: true });
    await mk(teammate, 'R-teammate', at(11, 14), at(11, 15));
    await mk(outsider, 'R-outsider-private', at(11, 9), at(11, 10));
    await mk(outsider, 'R-outsider-invites-agent', at(12, 9), at(12, 10), {
      attendees: [{ userId: agent.id }],
    });
    await mk(agent, 'R-long-running', at(3, 9), at(10, 9, 30));
    await mk(agent, 'R-cancelled', at(12, 11), at(12, 12), { status: 'cancelled' });
    await mk(agent, 'R-after', at(14, 0), at(14, 1));

    const filter = (list: string[]) => list.filter((t) => t.startsWith('R-'));
    expect(filter(titles(await req(agent, 'GET', range(10, 14))))).toEqual([
      'R-long-running',
      'R-mine',
      'R-allday',
      'R-teammate',
      'R-outsider-invites-agent',
    ]);
    expect(filter(titles(await req(agent, 'GET', range(10, 14, '&mine=true'))))).toEqual([
      'R-long-running',
      'R-mine',
      'R-allday',
      'R-outsider-invites-agent',
    ]);
    expect(filter(titles(await req(agent, 'GET', range(10, 14, '&includeCancelled=true'))))).toContain(
      'R-cancelled',
    );
    // A teammate's calendar, and an outsider's as far as the caller may see it.
    expect(filter(titles(await req(agent, 'GET', range(10, 14, `&userId=${teammate.id}`))))).toEqual([
      'R-teammate',
    ]);
    expect(filter(titles(await req(agent, 'GET', range(10, 14, `&userId=${outsider.id}`))))).toEqual([
      'R-outsider-invites-agent',
    ]);
    expect(filter(titles(await req(outsider, 'GET', range(10, 14))))).toEqual([
      'R-outsider-private',
      'R-outsider-invites-agent',
    ]);
    expect(filter(titles(await req(admin, 'GET', range(10, 14))))).toHaveLength(6);
    expect(filter(titles(await req(viewer, 'GET', range(10, 14))))).toEqual([
      'R-long-running',
      'R-mine',
      'R-allday',
      'R-teammate',
    ]);

    // Keyset pages: no event repeated or skipped.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { title: string }[]; nextCursor: string | null } = (
        await req(admin, 'GET', range(10, 14, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`))
      ).json();
      seen.push(...page.data.map((e) => e.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(filter(seen)).toEqual(filter(titles(await req(admin, 'GET', range(10, 14)))));
    expectProblem(await req(admin, 'GET', range(10, 14, '&cursor=garbage')), 400);
  });

  it('finds a contact’s and a company’s events, also where the contact only attends', async () => {
    const other = (await req(admin, 'POST', '/contacts', { firstName: 'Only', lastName: 'Attending' })).json()
      .id;
    await req(agent, 'POST', '/events', {
      title: 'C-about',
      startsAt: at(20, 9),
      endsAt: at(20, 10),
      contactId: other,
    });
    await req(agent, 'POST', '/events', {
      title: 'C-attends',
      startsAt: at(21, 9),
      endsAt: at(21, 10),
      attendees: [{ contactId: other }],
    });
    await req(outsider, 'POST', '/events', {
      title: 'C-outsiders',
      startsAt: at(21, 11),
      endsAt: at(21, 12),
      contactId: other,
    });
    expect(titles(await req(agent, 'GET', range(15, 30, `&contactId=${other}`)))).toEqual([
      'C-about',
      'C-attends',
    ]);
    expect(titles(await req(admin, 'GET', range(15, 30, `&contactId=${other}`)))).toEqual([
      'C-about',
      'C-attends',
      'C-outsiders',
    ]);
    await req(agent, 'POST', '/events', {
      title: 'Co-event',
      startsAt: at(22, 9),
      endsAt: at(22, 10),
      companyId,
    });
    expect(titles(await req(agent, 'GET', range(15, 30, `&companyId=${companyId}`)))).toEqual(['Co-event']);
  });

  it('reschedules with If-Match (412 when stale), moves the reminder and keeps the history', async () => {
    const e = (
      await req(agent, 'POST', '/events', {
        title: 'Drag me',
        startsAt: at(16, 9),
        endsAt: at(16, 10),
        remindMinutes: 30,
      })
    ).json();
    const moved = await req(
      teammate,
      'PATCH',
      `/events/${e.id}`,
      { startsAt: at(17, 13), endsAt: at(17, 14) },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ startsAt: at(17, 13), remindAt: at(17, 12, 30), version: 2 });
    expect(moved.headers.etag).toBe('"2"');
    const stale = await req(
      agent,
      'PATCH',
      `/events/${e.id}`,
      { startsAt: at(18, 9) },
      { 'if-match': '"1"' },
    );
    expectProblem(stale, 412, 'version_conflict');
    // Only the start: the end must still come after it.
    expectProblem(await req(agent, 'PATCH', `/events/${e.id}`, { startsAt: at(17, 15) }), 422);
    expect((await req(outsider, 'PATCH', `/events/${e.id}`, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await req(viewer, 'PATCH', `/events/${e.id}`, { title: 'x' })).statusCode).toBe(403);
    const history = (await req(agent, 'GET', `/events/${e.id}/history`)).json().data;
    expect(history[0]).toMatchObject({ action: 'update', actorId: teammate.id });
    expect(history[0].changes).toEqual(
      expect.arrayContaining([{ field: 'startsAt', old: at(16, 9), new: at(17, 13) }]),
    );
    // The same values again change nothing.
    const same = await req(agent, 'PATCH', `/events/${e.id}`, { startsAt: at(17, 13) });
    expect(same.json().version).toBe(2);
  });

  it('replaces attendees, keeping the answers of those who stay; attendees answer for themselves', async () => {
    const e = (
      await req(agent, 'POST', '/events', {
        title: 'Invite list',
        startsAt: at(18, 9),
        endsAt: at(18, 10),
        attendees: [{ userId: teammate.id }, { userId: outsider.id }],
      })
    ).json();
    const answered = await req(outsider, 'POST', `/events/${e.id}/response`, { response: 'accepted' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().version).toBe(1);
    expect(answered.json().canEdit).toBe(false);
    expectProblem(await req(viewer, 'POST', `/events/${e.id}/response`, { response: 'accepted' }), 422);
    const patched = await req(agent, 'PATCH', `/events/${e.id}`, {
      attendees: [{ userId: outsider.id }, { email: 'new@example.org' }],
    });
    expect(patched.json().attendees).toEqual([
      expect.objectContaining({ userId: outsider.id, response: 'accepted' }),
      expect.objectContaining({ email: 'new@example.org', response: 'needs_action' }),
    ]);
    // The outsider now sees it only as an attendee: not after being removed.
    await req(agent, 'PATCH', `/events/${e.id}`, { attendees: [] });
    expect((await req(outsider, 'GET', `/events/${e.id}`)).statusCode).toBe(404);
  });

  it('moves an event to the recycle bin and back', async () => {
    const e = (
      await req(agent, 'POST', '/events', { title: 'Binned', startsAt: at(19, 9), endsAt: at(19, 10) })
    ).json();
    expectProblem(await req(agent, 'DELETE', `/events/${e.id}`, undefined, { 'if-match': '"9"' }), 412);
    expect((await req(agent, 'DELETE', `/events/${e.id}`)).statusCode).toBe(204);
    expectProblem(await req(agent, 'GET', `/events/${e.id}`), 404, 'event_not_found');
    expect(titles(await req(agent, 'GET', range(19, 20)))).not.toContain('Binned');
    expect((await req(agent, 'GET', `/events/${e.id}?includeDeleted=true`)).json().deletedAt).not.toBeNull();
    const restored = await req(agent, 'POST', `/events/${e.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(titles(await req(agent, 'GET', range(19, 20)))).toContain('Binned');
    expectProblem(await req(agent, 'POST', `/events/${e.id}/restore`), 404);
  });

  it('erases events that stayed in the recycle bin past 30 days', async () => {
    const mk = async (title: string) =>
      (await req(agent, 'POST', '/events', { title, startsAt: at(19, 11), endsAt: at(19, 12) })).json()
        .id as string;
    const old = await mk('Long binned');
    const recent = await mk('Just binned');
    for (const id of [old, recent]) await req(agent, 'DELETE', `/events/${id}`);
    await getDb()
      .db.update(events)
      .set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(events.id, old));
    expect(await purgeEventRecycleBin(systemCtx(getDb(), testConfig(), silentLog))).toBe(1);
    expect((await req(admin, 'GET', `/events/${old}?includeDeleted=true`)).statusCode).toBe(404);
    expect((await req(admin, 'GET', `/events/${recent}?includeDeleted=true`)).statusCode).toBe(200);
  });

  it('stores all-day events from midnight to midnight UTC', async () => {
    const res = await req(agent, 'POST', '/events', {
      title: 'Trade fair',
      startsAt: '2026-06-23T00:00:00Z',
      endsAt: '2026-06-23T00:00:00Z',
      allDay: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      startsAt: '2026-06-23T00:00:00.000Z',
      endsAt: '2026-06-24T00:00:00.000Z',
    });
  });
});
