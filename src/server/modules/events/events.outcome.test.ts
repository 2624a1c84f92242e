import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import { MovableClock } from '../../clock.ts';
import { systemCtx } from '../../http/context.ts';
import { eventReminderSweep } from './events.reminders.ts';

describeEachDb('event outcomes and reminders', (getDb) => {
  const clock = new MovableClock();
  const app = useApp(getDb, { clock });
  let agent: TestUser;
  let teammate: TestUser;
  let outsider: TestUser;
  let contactId: string;
  let companyId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const at = (iso: string) => new Date(iso).toISOString();

  beforeAll(async () => {
    const admin = await makeUser(getDb(), 'admin');
    const team = (await req(admin, 'POST', '/teams', { name: 'Outcome team' })).json().id;
    agent = await makeUser(getDb(), 'agent', { teamIds: [team] });
    teammate = await makeUser(getDb(), 'agent', { teamIds: [team] });
    outsider = await makeUser(getDb(), 'agent');
    companyId = (await req(admin, 'POST', '/companies', { name: 'Havnens Is A/S' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', { firstName: 'Ida', lastName: 'Holm', companyId })
    ).json().id;
    clock.set(new Date('2026-10-05T12:00:00Z'));
  });

  it('asks for the outcome of my past meetings and calls about a customer, and turns it into a timeline interaction', async () => {
    const mk = async (title: string, startsAt: string, endsAt: string, extra = {}) => {
      const res = await req(agent, 'POST', '/events', { title, startsAt, endsAt, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const meeting = await mk('Tasting', '2026-10-05T08:00:00Z', '2026-10-05T09:30:00Z', {
      contactId,
      links: [{ type: 'deal', id: '00000000-0000-4000-8000-000000000001' }],
    });
    const call = await mk('Follow-up call', '2026-10-02T14:00:00Z', '2026-10-02T14:20:00Z', {
      kind: 'call',
      attendees: [{ contactId }],
    });
    await mk('Internal stand-up', '2026-10-05T07:00:00Z', '2026-10-05T07:15:00Z');
    await mk('Later today', '2026-10-05T15:00:00Z', '2026-10-05T16:00:00Z', { contactId });
    await mk('Called off', '2026-10-04T10:00:00Z', '2026-10-04T11:00:00Z', {
      contactId,
      status: 'cancelled',
    });
    await mk('Other', '2026-10-04T10:00:00Z', '2026-10-04T11:00:00Z', { contactId, kind: 'other' });

    const waiting = (await req(agent, 'GET', '/events/awaiting-outcome')).json().data;
    expect(waiting.map((e: { title: string }) => e.title)).toEqual(['Tasting', 'Follow-up call']);
    expect((await req(teammate, 'GET', '/events/awaiting-outcome')).json().data).toEqual([]);

    expectProblem(await req(outsider, 'POST', `/events/${meeting.id}/outcome`, { outcome: 'x' }), 404);
    expectProblem(await req(agent, 'POST', `/events/${meeting.id}/outcome`, { outcome: ' ' }), 400);
    const res = await req(agent, 'POST', `/events/${meeting.id}/outcome`, {
      outcome: 'Ordered 40 boxes',
      notes: '<p>Liked the <strong>sorbet</strong></p><script>alert(1)</script>',
      touchpoint: 'sales',
    });
    expect(res.statusCode, res.body).toBe(200);
    const { event, interaction } = res.json();
    expect(interaction).toMatchObject({
      channel: 'meeting',
      direction: 'out',
      touchpoint: 'sales',
      occurredAt: at('2026-10-05T08:00:00Z'),
      durationSeconds: 90 * 60,
      subject: 'Tasting',
      body: '<p>Liked the <strong>sorbet</strong></p>',
      outcome: 'Ordered 40 boxes',
      userId: agent.id,
      contactId,
      companyId,
      links: [
        { type: 'deal', id: '00000000-0000-4000-8000-000000000001' },
        { type: 'event', id: meeting.id },
      ],
    });
    expect(event).toMatchObject({ outcome: 'Ordered 40 boxes', interactionId: interaction.id, version: 2 });

    const timeline = (await req(teammate, 'GET', `/contacts/${contactId}/timeline`)).json();
    expect(timeline.data).toContainEqual(
      expect.objectContaining({
        type: 'interaction',
        interaction: expect.objectContaining({ id: interaction.id, outcome: 'Ordered 40 boxes' }),
      }),
    );
    expectProblem(
      await req(agent, 'POST', `/events/${meeting.id}/outcome`, { outcome: 'again' }),
      409,
      'outcome_given',
    );

    // A call attended by a contact: a phone interaction with that contact, given by a teammate.
    const byMate = await req(teammate, 'POST', `/events/${call.id}/outcome`, {
      outcome: 'No answer',
      durationMinutes: 2,
    });
    expect(byMate.statusCode, byMate.body).toBe(200);
    expect(byMate.json().interaction).toMatchObject({
      channel: 'phone',
      contactId,
      durationSeconds: 120,
      userId: agent.id,
    });
    expect((await req(agent, 'GET', '/events/awaiting-outcome')).json().data).toEqual([]);
  });

  it('refuses an outcome before the start and for an event about nobody', async () => {
    const future = (
      await req(agent, 'POST', '/events', {
        title: 'Not yet',
        startsAt: '2026-10-06T08:00:00Z',
        endsAt: '2026-10-06T09:00:00Z',
        contactId,
      })
    ).json();
    expectProblem(await req(agent, 'POST', `/events/${future.id}/outcome`, { outcome: 'x' }), 422);
    const internal = (
      await req(agent, 'POST', '/events', {
        title: 'Internal',
        startsAt: '2026-10-05T06:00:00Z',
        endsAt: '2026-10-05T06:30:00Z',
      })
    ).json();
    const res = await req(agent, 'POST', `/events/${internal.id}/outcome`, { outcome: 'x' });
    expect(expectProblem(res, 422).errors?.[0]?.path).toBe('contactId');
  });

  it('reminds the organiser and the attending users once, again after a move, never for a past event', async () => {
    const ctx = systemCtx(getDb(), testConfig({ clock }), silentLog);
    await eventReminderSweep.run(ctx); // anything due from the other tests
    const decliner = await makeUser(getDb(), 'agent');
    const e = (
      await req(agent, 'POST', '/events', {
        title: 'Board meeting',
        startsAt: '2026-10-05T14:00:00Z',
        endsAt: '2026-10-05T15:00:00Z',
        location: 'Room 2',
        attendees: [{ userId: teammate.id }, { userId: decliner.id, response: 'declined' }, { contactId }],
        remindMinutes: 60,
      })
    ).json();
    expect(e.remindAt).toBe(at('2026-10-05T13:00:00Z'));
    expect(await eventReminderSweep.run(ctx)).toBe(0);
    clock.set(new Date('2026-10-05T13:10:00Z'));
    expect(await eventReminderSweep.run(ctx)).toBe(2);
    expect(await eventReminderSweep.run(ctx)).toBe(0);
    const reminders = async (user: TestUser) =>
      (await req(user, 'GET', '/notifications'))
        .json()
        .data.filter((n: { kind: string; linkId: string }) => n.kind === 'reminder' && n.linkId === e.id);
    expect(await reminders(agent)).toEqual([
      expect.objectContaining({
        title: 'Board meeting',
        body: 'Starts in 50 min · Room 2',
        linkType: 'event',
      }),
    ]);
    expect(await reminders(teammate)).toHaveLength(1);
    expect(await reminders(decliner)).toHaveLength(0);

    // Moved: a new reminder at the new time.
    await req(agent, 'PATCH', `/events/${e.id}`, {
      startsAt: '2026-10-05T16:00:00Z',
      endsAt: '2026-10-05T17:00:00Z',
    });
    expect(await eventReminderSweep.run(ctx)).toBe(0);
    clock.set(new Date('2026-10-05T15:00:00Z'));
    expect(await eventReminderSweep.run(ctx)).toBe(2);
    expect(await reminders(agent)).toHaveLength(2);

    // Created after its start: no reminder at all.
    const past = (
      await req(agent, 'POST', '/events', {
        title: 'Already running',
        startsAt: '2026-10-05T14:30:00Z',
        endsAt: '2026-10-05T15:30:00Z',
        remindMinutes: 10,
      })
    ).json();
    expect(await eventReminderSweep.run(ctx)).toBe(0);
    expect(
      (await req(agent, 'GET', '/notifications')).json().data.map((n: { linkId: string }) => n.linkId),
    ).not.toContain(past.id);
  });
});
