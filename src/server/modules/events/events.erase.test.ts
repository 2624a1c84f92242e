import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { rowsOf } from '../../db/client.ts';

describeEachDb('events and GDPR erase', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;

  const req = (method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: admin.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const event = async (body: object) => {
    const res = await req('POST', '/events', {
      kind: 'meeting',
      startsAt: '2026-12-01T09:00:00Z',
      endsAt: '2026-12-01T10:00:00Z',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
  });

  it('erases the events about an erased contact or company, and keeps meetings they only attended', async () => {
    const company = (await req('POST', '/companies', { name: 'Slettes ApS' })).json().id as string;
    const erased = (await req('POST', '/contacts', { firstName: 'Erik', lastName: 'Slettet' })).json()
      .id as string;
    const other = (await req('POST', '/contacts', { firstName: 'Olga', lastName: 'Bliver' })).json()
      .id as string;
    const about = await event({ title: 'Meeting with Erik Slettet', contactId: erased });
    const attended = await event({
      title: 'Workshop',
      contactId: other,
      attendees: [{ contactId: erased }, { contactId: other }],
    });
    const companyOwn = await event({ title: 'Slettes ApS annual review', companyId: company });

    const res = await req('POST', `/contacts/${erased}/erase`, { reason: 'GDPR request' });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect((await req('GET', `/events/${about}`)).statusCode).toBe(404);
    const kept = (await req('GET', `/events/${attended}`)).json();
    expect(kept.attendees.map((a: { contactId: string | null }) => a.contactId)).toEqual([other]);
    // Its field history (which quotes the title) is gone too, not only unreachable.
    const left = rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from record_history where record_id = ${about}`),
    );
    expect(left[0]!.n).toBe(0);

    const res2 = await req('POST', `/companies/${company}/erase`, { reason: 'GDPR request' });
    expect(res2.statusCode, res2.body).toBeLessThan(300);
    expect((await req('GET', `/events/${companyOwn}`)).statusCode).toBe(404);
  });
});
