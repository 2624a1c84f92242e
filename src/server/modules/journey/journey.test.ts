import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';

describeEachDb('customer journey', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let viewer: TestUser;

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const at = (d: number) => new Date(Date.UTC(2026, 2, d, 12)).toISOString();
  const contact = async (firstName: string, tags: string[]) =>
    (
      await req(admin, 'POST', '/contacts', { firstName, lastName: 'Journey', tags, lifecycleStage: 'lead' })
    ).json().id as string;
  const touch = (contactId: string, d: number, touchpoint: string, extra: Record<string, unknown> = {}) =>
    req(admin, 'POST', '/interactions', {
      contactId,
      channel: 'email',
      touchpoint,
      occurredAt: at(d),
      ...extra,
    });

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    viewer = await makeUser(getDb(), 'viewer');
  });

  it('draws a contact’s touchpoints in time order with its stage changes', async () => {
    const id = await contact('Strip', []);
    await touch(id, 3, 'sales', { channel: 'phone' });
    await touch(id, 1, 'marketing');
    await req(admin, 'PATCH', `/contacts/${id}`, {
      lifecycleStage: 'customer',
      relationshipStage: 'commitment',
    });
    const j = (await req(viewer, 'GET', `/contacts/${id}/journey`)).json();
    expect(j.points.map((p: { touchpoint: string }) => p.touchpoint)).toEqual(['marketing', 'sales']);
    expect(j.total).toBe(2);
    expect(j.stages.map((s: { field: string; from: string; to: string }) => [s.field, s.from, s.to])).toEqual(
      [
        ['lifecycleStage', null, 'lead'],
        ['lifecycleStage', 'lead', 'customer'],
        ['relationshipStage', null, 'commitment'],
      ],
    );
  });

  it('counts transitions between touchpoints across customers, collapsing repeats and stopping at purchase', async () => {
    const tag = `flow-${Date.now()}`;
    // A: marketing → marketing → sales → purchase → service (after the purchase: not counted)
    const a = await contact('A', [tag]);
    await touch(a, 1, 'marketing');
    await touch(a, 2, 'marketing');
    await touch(a, 3, 'sales');
    await touch(a, 4, 'shop', { channel: 'shop', direction: 'in' });
    await touch(a, 5, 'service');
    // B: marketing → sales (no purchase)
    const b = await contact('B', [tag]);
    await touch(b, 1, 'marketing');
    await touch(b, 2, 'sales');
    // C: web → purchase, outside the tag: filtered out
    const c = await contact('C', []);
    await touch(c, 1, 'web');
    await touch(c, 2, 'shop', { channel: 'shop', direction: 'in' });

    const flow = (await req(viewer, 'GET', `/journey/flow?tag=${tag}&from=${at(1)}&to=${at(28)}`)).json();
    expect(flow).toMatchObject({ contacts: 2, purchased: 1 });
    expect(flow.links).toEqual([
      { from: '1:marketing', to: '2:sales', contacts: 2 },
      { from: '2:sales', to: 'purchase', contacts: 1 },
    ]);
    const outside = (await req(viewer, 'GET', `/journey/flow?tag=${tag}&from=${at(10)}&to=${at(28)}`)).json();
    expect(outside).toMatchObject({ contacts: 0, purchased: 0, links: [] });
  });

  it('refuses bad filters', async () => {
    for (const q of ['from=yesterday', 'lifecycleStage=vip', 'ownerId=1', 'nope=1'])
      expect((await req(viewer, 'GET', `/journey/flow?${q}`)).statusCode, q).toBe(400);
  });
});
