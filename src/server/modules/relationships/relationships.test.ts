import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import { MovableClock } from '../../clock.ts';

const DAY = 86_400_000;

describeEachDb('relationships and stay in touch', (getDb) => {
  const clock = new MovableClock();
  const app = useApp(getDb, { clock });
  let admin: TestUser;
  let agent: TestUser;
  let colleague: TestUser;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const contact = async (user: TestUser, body: object) => {
    const res = await req(user, 'POST', '/contacts', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; touchDueAt: string | null; createdAt: string };
  };
  const log = async (contactId: string, occurredAt: Date, extra: object = {}) => {
    const res = await req(admin, 'POST', '/interactions', {
      channel: 'phone',
      contactId,
      occurredAt: occurredAt.toISOString(),
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent', { name: 'Agnes Agent' });
    colleague = await makeUser(getDb(), 'agent', { name: 'Carl Colleague' });
  });

  it('keeps the last interaction and the next touch due as interactions come, move and go', async () => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const c = await contact(agent, { firstName: 'Sofie', lastName: 'Lund', stayInTouchDays: 30 });
    // No interaction yet: due 30 days after the contact was created.
    const created = new Date(c.createdAt).getTime();
    expect(new Date(c.touchDueAt!).getTime()).toBe(created + 30 * DAY);

    const first = await log(c.id, new Date('2026-02-20T10:00:00Z'));
    const last = async () =>
      (await req(agent, 'GET', `/contacts/${c.id}/relationship`)).json().lastInteractionAt;
    let got = (await req(agent, 'GET', `/contacts/${c.id}`)).json();
    expect(await last()).toBe('2026-02-20T10:00:00.000Z');
    expect(got.touchDueAt).toBe('2026-03-22T10:00:00.000Z');

    // An older one does not move it back; a newer one moves it on (batch ingest too).
    await log(c.id, new Date('2026-01-05T10:00:00Z'));
    const batch = await req(admin, 'POST', '/interactions/batch', {
      items: [
        {
          channel: 'email',
          direction: 'in',
          contactId: c.id,
          source: 'mail',
          externalId: 'm-1',
          occurredAt: '2026-02-27T08:00:00Z',
        },
      ],
    });
    expect(batch.json().results[0].status, batch.body).toBe('created');
    got = (await req(agent, 'GET', `/contacts/${c.id}`)).json();
    expect(await last()).toBe('2026-02-27T08:00:00.000Z');
    expect(got.touchDueAt).toBe('2026-03-29T08:00:00.000Z');

    // Binning the newest falls back to the one before; re-dating moves it.
    const mail = batch.json().results[0].id as string;
    const del = await req(admin, 'DELETE', `/interactions/${mail}`);
    expect(del.statusCode, del.body).toBe(204);
    got = (await req(agent, 'GET', `/contacts/${c.id}`)).json();
    expect(await last()).toBe('2026-02-20T10:00:00.000Z');
    expect(got.touchDueAt).toBe('2026-03-22T10:00:00.000Z');
    await req(admin, 'PATCH', `/interactions/${first.id}`, { occurredAt: '2026-02-25T10:00:00Z' });
    got = (await req(agent, 'GET', `/contacts/${c.id}`)).json();
    expect(got.touchDueAt).toBe('2026-03-27T10:00:00.000Z');

    // Changing the cadence moves the due time; removing it clears it.
    const upd = await req(
      agent,
      'PATCH',
      `/contacts/${c.id}`,
      { stayInTouchDays: 90 },
      { 'if-match': `"${got.version}"` },
    );
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().touchDueAt).toBe('2026-05-26T10:00:00.000Z');
    const off = await req(agent, 'PATCH', `/contacts/${c.id}`, { stayInTouchDays: null });
    expect(off.json().touchDueAt).toBeNull();
    // The cadence is in the field history like any other field.
    const hist = (await req(agent, 'GET', `/contacts/${c.id}/history`)).json();
    expect(JSON.stringify(hist.data)).toContain('stayInTouchDays');
  });

  it('rejects a cadence out of range with the field path', async () => {
    const res = await req(agent, 'POST', '/contacts', { firstName: 'Bad', stayInTouchDays: 0 });
    expectProblem(res, 400);
    expect(res.body).toContain('stayInTouchDays');
  });

  it('lists overdue contacts per owner, most overdue first, with keyset pages', async () => {
    clock.set(new Date('2026-06-01T12:00:00Z'));
    const names = ['Anna', 'Bent', 'Clara', 'Dorte'];
    const ids: string[] = [];
    for (const [i, n] of names.entries()) {
      const c = await contact(agent, { firstName: n, lastName: 'Overdue', stayInTouchDays: 30 });
      ids.push(c.id);
      // Last touched 40, 50, 60, 70 days ago: 10–40 days overdue.
      await log(c.id, new Date(clock.now().getTime() - (40 + i * 10) * DAY));
    }
    const onTime = await contact(agent, { firstName: 'Emil', lastName: 'OnTime', stayInTouchDays: 30 });
    await log(onTime.id, new Date(clock.now().getTime() - 5 * DAY));
    const theirs = await contact(colleague, { firstName: 'Frida', lastName: 'Theirs', stayInTouchDays: 14 });
    await log(theirs.id, new Date(clock.now().getTime() - 20 * DAY));

    const p1 = await req(agent, 'GET', '/stay-in-touch?limit=3');
    expect(p1.statusCode, p1.body).toBe(200);
    const body1 = p1.json();
    expect(body1.data.map((r: { name: string }) => r.name)).toEqual([
      'Dorte Overdue',
      'Clara Overdue',
      'Bent Overdue',
    ]);
    expect(body1.data[0]).toMatchObject({ daysOverdue: 40, stayInTouchDays: 30 });
    const p2 = (await req(agent, 'GET', `/stay-in-touch?limit=3&cursor=${body1.nextCursor}`)).json();
    expect(p2.data.map((r: { name: string }) => r.name)).toEqual(['Anna Overdue']);
    expect(p2.nextCursor).toBeNull();
    // `week` adds those due within 7 days; nobody's is.
    expect((await req(agent, 'GET', '/stay-in-touch?due=week')).json().data).toHaveLength(4);

    // Another owner's list, and the per-owner counts.
    const other = (await req(agent, 'GET', `/stay-in-touch?ownerId=${colleague.id}`)).json();
    expect(other.data.map((r: { name: string }) => r.name)).toEqual(['Frida Theirs']);
    const owners = (await req(agent, 'GET', '/stay-in-touch/owners')).json().data;
    expect(owners).toEqual(
      expect.arrayContaining([
        { ownerId: agent.id, ownerName: 'Agnes Agent', overdue: 4 },
        { ownerId: colleague.id, ownerName: 'Carl Colleague', overdue: 1 },
      ]),
    );

    // A touch takes a contact off the list at once.
    await log(ids[3]!, clock.now());
    const after = (await req(agent, 'GET', '/stay-in-touch')).json();
    expect(after.data.map((r: { name: string }) => r.name)).not.toContain('Dorte Overdue');
    expectProblem(await req(agent, 'GET', '/stay-in-touch?cursor=nonsense'), 400);
    expectProblem(await req(agent, 'GET', '/stay-in-touch?ownerId=everyone'), 400);
  });

  it('shows stage, its history and a rule-based suggestion on the record', async () => {
    clock.set(new Date('2026-09-01T12:00:00Z'));
    const c = await contact(agent, {
      firstName: 'Gustav',
      lastName: 'Holm',
      relationshipType: 'long_term',
      relationshipStage: 'commitment',
      stayInTouchDays: 30,
    });
    await log(c.id, new Date(clock.now().getTime() - 61 * DAY), { direction: 'in' });
    const rel = await req(agent, 'GET', `/contacts/${c.id}/relationship`);
    expect(rel.statusCode, rel.body).toBe(200);
    const r = rel.json();
    expect(r).toMatchObject({
      type: 'long_term',
      stage: 'commitment',
      daysSinceInteraction: 61,
      suggestion: { stage: 'dissolution', rule: 'dissolution_risk', facts: { silenceLimit: 60 } },
      stayInTouch: { days: 30, overdue: true, daysOverdue: 31 },
      activity: { inbound90: 1, outbound90: 0, interactions365: 1 },
    });
    expect(r.stageHistory).toHaveLength(2);
    expect(r.stageHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'relationshipStage',
          from: null,
          to: 'commitment',
          actorName: 'Agnes Agent',
        }),
        expect.objectContaining({ field: 'relationshipType', from: null, to: 'long_term' }),
      ]),
    );

    // Applying the suggestion records the change; the rule is then satisfied.
    const applied = await req(agent, 'PATCH', `/contacts/${c.id}`, { relationshipStage: 'dissolution' });
    expect(applied.statusCode, applied.body).toBe(200);
    const r2 = (await req(agent, 'GET', `/contacts/${c.id}/relationship`)).json();
    expect(r2.suggestion).toBeNull();
    expect(r2.stageHistory[0]).toMatchObject({ from: 'commitment', to: 'dissolution' });
    expect(r2.stageSince).toBe(r2.stageHistory[0].at);

    // The customer writes in: re-engaged.
    await log(c.id, clock.now(), { direction: 'in', channel: 'email' });
    const r3 = (await req(agent, 'GET', `/contacts/${c.id}/relationship`)).json();
    expect(r3.suggestion).toMatchObject({ stage: 'exploration', rule: 're_engaged' });
    expect(r3.stayInTouch.overdue).toBe(false);

    expectProblem(await req(agent, 'GET', `/contacts/${crypto.randomUUID()}/relationship`), 404);
  });
});
