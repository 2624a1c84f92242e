import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { rowsOf } from '../../db/client.ts';

describeEachDb('interactions API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let otherAgent: TestUser;
  let viewer: TestUser;
  let companyId: string;
  let contactId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    otherAgent = await makeUser(getDb(), 'agent');
    viewer = await makeUser(getDb(), 'viewer');
    companyId = (await req(admin, 'POST', '/companies', { name: 'Nørre Cykler ApS' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', {
        firstName: 'Mette',
        lastName: 'Kjær',
        companyId,
        emails: [{ address: 'mette@norre-cykler.example' }],
        phones: [{ number: '+45 20 12 34 56' }],
      })
    ).json().id;
  });

  it('logs a call on a contact: fills in the company, the user and the time, and sanitises the body', async () => {
    const res = await req(agent, 'POST', '/interactions', {
      channel: 'phone',
      direction: 'out',
      touchpoint: 'sales',
      contactId,
      subject: 'Follow-up on the quote',
      body: '<p>Wants <strong>20 bikes</strong></p><script>alert(1)</script><img src=x onerror=alert(1)>',
      outcome: 'interested',
      durationSeconds: 420,
    });
    expect(res.statusCode, res.body).toBe(201);
    const call = res.json();
    expect(call).toMatchObject({
      channel: 'phone',
      direction: 'out',
      touchpoint: 'sales',
      contactId,
      contactName: 'Mette Kjær',
      companyId,
      companyName: 'Nørre Cykler ApS',
      userId: agent.id,
      body: '<p>Wants <strong>20 bikes</strong></p>',
      source: 'rapport',
      version: 1,
    });
    expect(Date.now() - Date.parse(call.occurredAt)).toBeLessThan(60_000);
    expect(res.headers.location).toBe(`/api/v1/interactions/${call.id}`);
    const got = await req(viewer, 'GET', `/interactions/${call.id}`);
    expect(got.json()).toEqual(call);
  });

  it('lists a contact’s interactions newest first and filters by channel and period, with a cursor', async () => {
    const person = (
      await req(admin, 'POST', '/contacts', { firstName: 'Lone', lastName: 'Vestergaard' })
    ).json().id;
    const at = (d: number) => new Date(Date.UTC(2026, 0, d, 10)).toISOString();
    for (const [d, channel] of [
      [1, 'email'],
      [2, 'phone'],
      [3, 'meeting'],
      [4, 'phone'],
      [5, 'shop'],
    ] as const)
      expect(
        (await req(agent, 'POST', '/interactions', { channel, contactId: person, occurredAt: at(d) }))
          .statusCode,
      ).toBe(201);
    const page1 = (await req(viewer, 'GET', `/interactions?contactId=${person}&limit=2`)).json();
    expect(page1.data.map((i: { channel: string }) => i.channel)).toEqual(['shop', 'phone']);
    const page2 = (
      await req(viewer, 'GET', `/interactions?contactId=${person}&limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.data.map((i: { channel: string }) => i.channel)).toEqual(['meeting', 'phone']);
    const phones = (await req(viewer, 'GET', `/interactions?contactId=${person}&channel=phone`)).json();
    expect(phones.data).toHaveLength(2);
    const period = (
      await req(
        viewer,
        'GET',
        `/interactions?contactId=${person}&occurredAt[gte]=${at(2)}&occurredAt[lt]=${at(4)}`,
      )
    ).json();
    expect(period.data.map((i: { channel: string }) => i.channel)).toEqual(['meeting', 'phone']);
    expect((await req(viewer, 'GET', `/interactions/count?contactId=${person}`)).json()).toEqual({
      count: 5,
      exact: true,
    });
  });

  describe('bad input', () => {
    it('answers field errors and writes nothing', async () => {
      const before = await countAll();
      const cases: [unknown, string][] = [
        [{ channel: 'pigeon', contactId }, 'channel'],
        [{ channel: 'phone' }, 'contactId'],
        [{ channel: 'phone', contactId, occurredAt: 'yesterday' }, 'occurredAt'],
        [{ channel: 'phone', contactId, durationSeconds: -1 }, 'durationSeconds'],
        [{ channel: 'phone', contactId, links: [{ type: 'deal', id: 'nope' }] }, 'links.0.id'],
        [{ channel: 'phone', contactId, secret: 1 }, 'secret'],
        [{ channel: 'phone', contactId, subject: 'x'.repeat(301) }, 'subject'],
        [{ channel: 'phone', contactId: '00000000-0000-4000-8000-000000000000' }, 'contactId'],
      ];
      for (const [payload, path] of cases) {
        const res = await req(agent, 'POST', '/interactions', payload);
        expect([400, 422], `${JSON.stringify(payload)} → ${res.body}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      }
      expect(await countAll()).toBe(before);
    });

    it('stores one interaction per source and external id', async () => {
      const payload = { channel: 'shop', contactId, source: 'till', externalId: 'receipt-1001' };
      const first = await req(agent, 'POST', '/interactions', payload);
      expect(first.statusCode).toBe(201);
      // From another system, it is nobody's unless that system says whose.
      expect(first.json().userId).toBeNull();
      const again = await req(agent, 'POST', '/interactions', payload);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ existingId: first.json().id });
    });
  });

  it('lets only its user, their team or an admin change it; 412 on a stale version; viewers only read', async () => {
    const call = (await req(agent, 'POST', '/interactions', { channel: 'phone', contactId })).json();
    expect((await req(viewer, 'POST', '/interactions', { channel: 'phone', contactId })).statusCode).toBe(
      403,
    );
    const foreign = await req(otherAgent, 'PATCH', `/interactions/${call.id}`, { outcome: 'x' });
    expect(foreign.statusCode).toBe(403);
    const ok = await req(
      agent,
      'PATCH',
      `/interactions/${call.id}`,
      { outcome: 'call back Friday' },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ outcome: 'call back Friday', version: 2 });
    const stale = await req(
      agent,
      'PATCH',
      `/interactions/${call.id}`,
      { outcome: 'y' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(
      (await req(admin, 'PATCH', `/interactions/${call.id}`, { touchpoint: 'service' })).statusCode,
    ).toBe(200);
    const history = (await req(viewer, 'GET', `/interactions/${call.id}/history`)).json();
    expect(history.data[0].changes).toEqual([{ field: 'touchpoint', old: null, new: 'service' }]);
  });

  it('moves to the recycle bin and back', async () => {
    const call = (await req(agent, 'POST', '/interactions', { channel: 'sms', contactId })).json();
    expect((await req(agent, 'DELETE', `/interactions/${call.id}`)).statusCode).toBe(204);
    expect((await req(viewer, 'GET', `/interactions/${call.id}`)).statusCode).toBe(404);
    const bin = (await req(viewer, 'GET', '/interactions?deleted=only')).json();
    expect(bin.data.map((i: { id: string }) => i.id)).toContain(call.id);
    const restored = await req(agent, 'POST', `/interactions/${call.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect((await req(viewer, 'GET', `/interactions/${call.id}`)).statusCode).toBe(200);
  });

  it('goes with its contact when the contact is erased (GDPR), with its history, notes and notifications', async () => {
    const person = (await req(admin, 'POST', '/contacts', { firstName: 'Erase', lastName: 'Me' })).json().id;
    const call = (await req(agent, 'POST', '/interactions', { channel: 'phone', contactId: person })).json();
    await req(agent, 'PATCH', `/interactions/${call.id}`, { subject: 'Erase Me called about her divorce' });
    const note = await req(agent, 'POST', '/notes', {
      contactId: person,
      body: `<p><span data-mention="${otherAgent.id}">@x</span> Erase Me is moving</p>`,
    });
    expect(note.statusCode).toBe(201);
    const traces = async () =>
      rowsOf<{ n: number }>(
        await getDb().db.execute(sql`select
          (select count(*) from record_history where record_id = ${call.id})
          + (select count(*) from notifications where link_id = ${person})
          + (select count(*) from notes where contact_id = ${person})
          + (select count(*) from interactions where contact_id = ${person}) as n`),
      )[0]!.n;
    expect(Number(await traces())).toBeGreaterThanOrEqual(4);
    const erased = await req(admin, 'POST', `/contacts/${person}/erase`, { reason: 'subject request' });
    expect(erased.statusCode).toBe(204);
    expect((await req(admin, 'GET', `/interactions/${call.id}?includeDeleted=true`)).statusCode).toBe(404);
    expect(Number(await traces())).toBe(0);
  });

  it('erases a company’s own interactions and notes with it, and keeps its people’s (unlinked)', async () => {
    const co = (await req(admin, 'POST', '/companies', { name: 'Gone ApS' })).json().id;
    const person = (await req(admin, 'POST', '/contacts', { firstName: 'Stays', companyId: co })).json().id;
    const own = (await req(agent, 'POST', '/interactions', { channel: 'letter', companyId: co })).json();
    const theirs = (
      await req(agent, 'POST', '/interactions', { channel: 'phone', contactId: person })
    ).json();
    expect(theirs.companyId).toBe(co);
    expect((await req(admin, 'POST', `/companies/${co}/erase`, { reason: 'closed' })).statusCode).toBe(204);
    expect((await req(admin, 'GET', `/interactions/${own.id}?includeDeleted=true`)).statusCode).toBe(404);
    expect((await req(admin, 'GET', `/interactions/${theirs.id}`)).json()).toMatchObject({
      contactId: person,
      companyId: null,
    });
  });

  describe('batch ingest', () => {
    const item = (externalId: string, extra: Record<string, unknown>) => ({
      source: 'webshop',
      externalId,
      channel: 'web',
      touchpoint: 'shop',
      occurredAt: '2026-03-01T12:00:00Z',
      subject: `Order ${externalId}`,
      ...extra,
    });

    it('answers per item, stores the valid ones exactly once, and matches by id, e-mail and phone', async () => {
      const items = [
        item('o-1', { email: 'METTE@norre-cykler.example' }),
        item('o-2', { phone: '+45 20 12 34 56' }),
        item('o-3', { contactId }),
        item('o-1', { email: 'mette@norre-cykler.example' }), // the same order twice in one batch
        item('o-4', { email: 'nobody@example.test' }),
        item('o-5', { email: 'mette@norre-cykler.example', channel: 'pigeon' }),
        { nonsense: true },
        item('o-6', {
          companyId,
          body: '<p>B2B order</p><script>x()</script>',
          links: [{ type: 'order', id: '6f1c1f0e-2b7a-4c1e-9a51-3d2b9f0c7a11' }],
          durationSeconds: 90,
          outcome: 'Paid "in full" \\ by card',
        }),
      ];
      const res = await req(agent, 'POST', '/interactions/batch', { items });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.results.map((r: { status: string }) => r.status)).toEqual([
        'created',
        'created',
        'created',
        'duplicate',
        'error',
        'error',
        'error',
        'created',
      ]);
      expect(body).toMatchObject({ created: 4, duplicates: 1, failed: 3 });
      expect(body.results[4].errors).toEqual([
        { path: 'email', message: 'No contact has this e-mail address' },
      ]);
      expect(body.results[5].errors.map((e: { path: string }) => e.path)).toEqual(['channel']);
      expect(body.results[6].errors.map((e: { path: string }) => e.path)).toContain('source');

      const stored = (await req(viewer, 'GET', '/interactions?source=webshop&limit=50')).json().data;
      expect(stored).toHaveLength(4);
      const o2 = stored.find((i: { externalId: string }) => i.externalId === 'o-2');
      expect(o2).toMatchObject({ contactId, companyId });
      const o6 = stored.find((i: { externalId: string }) => i.externalId === 'o-6');
      expect(o6).toMatchObject({
        contactId: null,
        companyId,
        body: '<p>B2B order</p>',
        links: [{ type: 'order', id: '6f1c1f0e-2b7a-4c1e-9a51-3d2b9f0c7a11' }],
        durationSeconds: 90,
        outcome: 'Paid "in full" \\ by card',
      });

      // The sender retries the whole batch: nothing new, every valid item a duplicate with its first id.
      const retry = (await req(agent, 'POST', '/interactions/batch', { items })).json();
      expect(retry).toMatchObject({ created: 0, duplicates: 5, failed: 3 });
      expect(retry.results[0].id).toBe(body.results[0].id);
      expect(retry.results[7].id).toBe(body.results[7].id);
      expect((await req(viewer, 'GET', '/interactions?source=webshop&limit=50')).json().data).toHaveLength(4);
    });

    it('refuses an empty or oversized batch as a whole, and viewers', async () => {
      expect((await req(agent, 'POST', '/interactions/batch', { items: [] })).statusCode).toBe(400);
      const tooMany = Array.from({ length: 1001 }, (_, i) => item(`x-${i}`, { contactId }));
      expect((await req(agent, 'POST', '/interactions/batch', { items: tooMany })).statusCode).toBe(400);
      expect(
        (await req(viewer, 'POST', '/interactions/batch', { items: [item('v', { contactId })] })).statusCode,
      ).toBe(403);
    });
  });

  async function countAll() {
    return rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from interactions`),
    )[0]!.n;
  }
});
