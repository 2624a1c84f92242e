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

  it('keeps each journey up to date as interactions come, move and go', async () => {
    const tag = `kept-${Date.now()}`;
    const flow = async (from = at(1)) =>
      (await req(viewer, 'GET', `/journey/flow?tag=${tag}&from=${from}&to=${at(28)}`)).json();
    const d = await contact('D', [tag]);
    await touch(d, 5, 'sales');
    await touch(d, 6, 'service');
    expect((await flow()).links).toEqual([{ from: '1:sales', to: '2:service', contacts: 1 }]);
    // An earlier interaction moves the start and the steps.
    const early = (await touch(d, 2, 'web')).json().id as string;
    expect((await flow()).links).toEqual([
      { from: '1:web', to: '2:sales', contacts: 1 },
      { from: '2:sales', to: '3:service', contacts: 1 },
    ]);
    // The journey began on day 2: a period from day 3 leaves it out.
    expect(await flow(at(3))).toMatchObject({ contacts: 0, links: [] });
    // Binned, it is gone from the journey again.
    const version = (await req(admin, 'GET', `/interactions/${early}`)).json().version;
    const del = await app().inject({
      method: 'DELETE',
      url: `/api/v1/interactions/${early}`,
      headers: { ...admin.auth, 'if-match': `"${version}"` },
    });
    expect(del.statusCode, del.body).toBe(204);
    expect((await flow(at(3))).links).toEqual([{ from: '1:sales', to: '2:service', contacts: 1 }]);
    // Six steps are kept; a purchase after them still counts as a conversion.
    for (const [day, tp] of [
      [7, 'marketing'],
      [8, 'web'],
      [9, 'sales'],
      [10, 'service'],
    ] as const)
      await touch(d, day, tp);
    await touch(d, 12, 'shop', { channel: 'shop', direction: 'in' });
    const f = await flow();
    expect(f).toMatchObject({ contacts: 1, purchased: 1 });
    expect(f.links.map((l: { from: string; to: string }) => `${l.from}>${l.to}`)).toEqual([
      '1:sales>2:service',
      '2:service>3:marketing',
      '3:marketing>4:web',
      '4:web>5:sales',
      '5:sales>6:service',
    ]);
    // A contact's hard erase takes its journey with it.
    const erased = await app().inject({
      method: 'POST',
      url: `/api/v1/contacts/${d}/erase`,
      headers: admin.auth,
      payload: { reason: 'journey test' },
    });
    expect(erased.statusCode, erased.body).toBeLessThan(300);
    expect(await flow()).toMatchObject({ contacts: 0, purchased: 0, links: [] });
  });

  it('refuses bad filters', async () => {
    for (const q of ['from=yesterday', 'lifecycleStage=vip', 'ownerId=1', 'nope=1'])
      expect((await req(viewer, 'GET', `/journey/flow?${q}`)).statusCode, q).toBe(400);
  });
});
