import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import type { OrderDto } from '../../../shared/orders.ts';
import { rowsOf } from '../../db/client.ts';

const year = new Date().getUTCFullYear();

describeEachDb('orders API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let outsider: TestUser;
  let viewer: TestUser;
  let companyId: string;
  let contactId: string;
  let bikeId: string;
  let helmetId: string;
  let serviceId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const product = async (sku: string, name: string, cost: number | null, costCurrency: string | null) => {
    const [row] = rowsOf<{ id: string }>(
      await getDb().db.execute(sql`insert into products (sku, names, cost_price, cost_currency, search_text)
        values (${sku}, ${JSON.stringify({ en: name })}::jsonb, ${cost}, ${costCurrency}, ${sku.toLowerCase()})
        returning id`),
    );
    return row!.id;
  };
  /** 3 × €19.99 + 1.5 × €10.00 less 10 % (both 25 %) + 2 × €5.55 at 7 %. */
  const threeLines = () => [
    { productId: bikeId, description: 'Bycykel Ørsted', quantity: '3', unitPrice: 1999, taxRate: '25' },
    {
      description: 'Montage',
      quantity: '1.50',
      unitPrice: 1000,
      discountPercent: '10',
      taxRate: '25',
    },
    { productId: helmetId, description: 'Hjelm', quantity: '2', unitPrice: 555, taxRate: '7' },
  ];
  const create = async (user: TestUser, extra: Record<string, unknown> = {}): Promise<OrderDto> => {
    const res = await req(user, 'POST', '/orders', {
      contactId,
      channel: 'phone',
      currency: 'EUR',
      lines: threeLines(),
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const status = (user: TestUser, order: { id: string; version: number }, to: string) =>
    req(user, 'POST', `/orders/${order.id}/status`, { status: to }, { 'if-match': `"${order.version}"` });

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent', { name: 'Astrid Agent' });
    outsider = await makeUser(getDb(), 'agent', { name: 'Olga Outsider' });
    viewer = await makeUser(getDb(), 'viewer');
    companyId = (await req(admin, 'POST', '/companies', { name: 'Nørre Cykler ApS' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', {
        firstName: 'Mette',
        lastName: 'Kjær',
        companyId,
        emails: [{ address: 'mette@norre-cykler.dk' }],
      })
    ).json().id;
    bikeId = await product('BIKE-01', 'City bike Ørsted', 1200, 'EUR');
    helmetId = await product('HELM-02', 'Helmet', 300, 'DKK');
    serviceId = await product('SRV-9', 'Service check', 2000, 'EUR');
  });

  it('enters an order: number, exact totals per tax rate, cost snapshot and margin, company from the contact', async () => {
    const res = await req(agent, 'POST', '/orders', {
      contactId,
      channel: 'phone',
      currency: 'EUR',
      lines: threeLines(),
      note: 'Levering før jul',
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json() as OrderDto;
    expect(res.headers.etag).toBe('"1"');
    expect(order.number).toMatch(new RegExp(`^SO-${year}-\\d{4}$`));
    // 25 %: 5997 + 1350 = 7347 → tax 1836.75 → 1837; 7 %: 1110 → 77.7 → 78.
    expect(order.totals).toEqual({ net: 8457, tax: 1915, gross: 10372 });
    expect(order.taxBreakdown).toEqual([
      { rate: '25', net: 7347, tax: 1837 },
      { rate: '7', net: 1110, tax: 78 },
    ]);
    // The bike's cost is in EUR (3 × 1200); the helmet's in DKK is unknown for a EUR order.
    // The margin is over the bike alone: the free-text line and the helmet have no known cost.
    expect(order.cost).toBe(3600);
    expect(order.uncostedNet).toBe(1350 + 1110);
    expect(order.margin).toBe(5997 - 3600);
    expect(order.lines.map((l) => [l.position, l.sku, l.quantity, l.net, l.unitCost])).toEqual([
      [1, 'BIKE-01', '3', 5997, 1200],
      [2, null, '1.5', 1350, null],
      [3, 'HELM-02', '2', 1110, null],
    ]);
    expect(order.lines[1]).toMatchObject({ discountPercent: '10', taxRate: '25', invoicedQuantity: '0' });
    expect(order).toMatchObject({
      status: 'new',
      channel: 'phone',
      contactId,
      contactName: 'Mette Kjær',
      companyId,
      companyName: 'Nørre Cykler ApS',
      ownerId: agent.id,
      ownerName: 'Astrid Agent',
      nextStatuses: ['confirmed', 'cancelled'],
      note: 'Levering før jul',
      confirmedAt: null,
    });
    const got = await req(viewer, 'GET', `/orders/${order.id}`);
    expect(got.json()).toEqual(order);
    const history = (await req(viewer, 'GET', `/orders/${order.id}/history`)).json();
    expect(history.data[0].action).toBe('create');
  });

  it('refuses bad input with field paths: no lines, negative price, discount over 100 %, unknown or archived product', async () => {
    const base = { contactId, channel: 'sales', currency: 'EUR' };
    expect(errorPaths(await req(agent, 'POST', '/orders', { ...base, lines: [] }))).toContain('lines');
    const bad = await req(agent, 'POST', '/orders', {
      ...base,
      lines: [
        { description: 'x', quantity: '1', unitPrice: -5, taxRate: '25' },
        { description: 'y', quantity: '1', unitPrice: 5, discountPercent: '120', taxRate: '25' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toEqual(expect.arrayContaining(['lines.0.unitPrice', 'lines.1.discountPercent']));
    const unknown = await req(agent, 'POST', '/orders', {
      ...base,
      lines: [
        { description: 'ok', quantity: '1', unitPrice: 5, taxRate: '25' },
        { productId: crypto.randomUUID(), description: 'gone', quantity: '1', unitPrice: 5, taxRate: '25' },
      ],
    });
    expectProblem(unknown, 422);
    expect(errorPaths(unknown)).toEqual(['lines.1.productId']);
    const archived = await product('OLD-1', 'Old model', 100, 'EUR');
    await getDb().db.execute(sql`update products set archived_at = now() where id = ${archived}`);
    const refused = await req(agent, 'POST', '/orders', {
      ...base,
      lines: [{ productId: archived, description: 'Old', quantity: '1', unitPrice: 5, taxRate: '25' }],
    });
    expect(errorPaths(refused)).toEqual(['lines.0.productId']);
    expect(
      errorPaths(
        await req(agent, 'POST', '/orders', { channel: 'sales', currency: 'EUR', lines: threeLines() }),
      ),
    ).toEqual(['contactId']);
    expectProblem(await req(viewer, 'POST', '/orders', { ...base, lines: threeLines() }), 403);
  });

  it('keeps the cost snapshot when the product’s cost price changes later', async () => {
    const order = await create(agent);
    await getDb().db.execute(sql`update products set cost_price = 1900 where id = ${bikeId}`);
    const again = (await req(agent, 'GET', `/orders/${order.id}`)).json() as OrderDto;
    expect(again.cost).toBe(3600);
    expect(again.lines[0]!.unitCost).toBe(1200);
    // A new order takes the new cost.
    expect((await create(agent)).cost).toBe(5700);
    await getDb().db.execute(sql`update products set cost_price = 1200 where id = ${bikeId}`);
  });

  it('walks new → confirmed → shipped → delivered → returned, each with its time; refuses other steps naming the allowed ones', async () => {
    let order = await create(agent);
    const skip = await status(agent, order, 'shipped');
    const problem = expectProblem(skip, 422, 'invalid_status_transition');
    expect(problem.allowed).toEqual(['confirmed', 'cancelled']);
    expect(problem.detail).toContain('confirmed or cancelled');
    for (const [to, stamp] of [
      ['confirmed', 'confirmedAt'],
      ['shipped', 'shippedAt'],
      ['delivered', 'deliveredAt'],
      ['returned', 'returnedAt'],
    ] as const) {
      const res = await status(agent, order, to);
      expect(res.statusCode, res.body).toBe(200);
      const next = res.json() as OrderDto;
      expect(next.status).toBe(to);
      expect(next[stamp]).not.toBeNull();
      expect(next.version).toBe(order.version + 1);
      order = next;
    }
    expect(order.nextStatuses).toEqual([]);
    expect(expectProblem(await status(agent, order, 'delivered'), 422).allowed).toEqual([]);
    const history = (await req(agent, 'GET', `/orders/${order.id}/history`)).json();
    expect(history.data.slice(0, 4).map((h: { changes: { new: string }[] }) => h.changes[0]!.new)).toEqual([
      'returned',
      'delivered',
      'shipped',
      'confirmed',
    ]);
  });

  it('cancels from new or confirmed, never once shipped; a stale If-Match answers 412; others’ orders are not the caller’s to move', async () => {
    const a = await create(agent);
    const cancelled = await status(agent, a, 'cancelled');
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    const b = await create(agent);
    const confirmed = (await status(agent, b, 'confirmed')).json() as OrderDto;
    expectProblem(await status(agent, b, 'cancelled'), 412, 'version_conflict');
    expectProblem(await status(outsider, confirmed, 'shipped'), 403);
    const shipped = (await status(agent, confirmed, 'shipped')).json() as OrderDto;
    expect(expectProblem(await status(agent, shipped, 'cancelled'), 422).allowed).toEqual([
      'delivered',
      'returned',
    ]);
    expectProblem(await status(viewer, shipped, 'delivered'), 403);
    expectProblem(await status(agent, { id: crypto.randomUUID(), version: 1 }, 'confirmed'), 404);
  });

  it('replaces the lines only while new, recomputing totals and cost; note, address and owner any time; 412 when stale', async () => {
    const order = await create(agent);
    const res = await req(
      agent,
      'PATCH',
      `/orders/${order.id}`,
      {
        lines: [
          {
            productId: serviceId,
            description: 'Service check',
            quantity: '2',
            unitPrice: 4999,
            taxRate: '25',
          },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(200);
    const changed = res.json() as OrderDto;
    expect(changed.totals).toEqual({ net: 9998, tax: 2500, gross: 12498 });
    expect(changed.cost).toBe(4000);
    expect(changed.lines).toHaveLength(1);
    expect(changed.version).toBe(2);
    expectProblem(
      await req(agent, 'PATCH', `/orders/${order.id}`, { note: 'x' }, { 'if-match': '"1"' }),
      412,
    );
    const confirmed = (await status(agent, changed, 'confirmed')).json() as OrderDto;
    const locked = await req(
      agent,
      'PATCH',
      `/orders/${order.id}`,
      { lines: threeLines() },
      {
        'if-match': `"${confirmed.version}"`,
      },
    );
    expectProblem(locked, 409, 'order_lines_locked');
    const noted = await req(
      agent,
      'PATCH',
      `/orders/${order.id}`,
      {
        note: 'Ring før levering',
        shippingAddress: { street: 'Søndergade 4', postalCode: '8000', city: 'Aarhus C', country: 'dk' },
      },
      { 'if-match': `"${confirmed.version}"` },
    );
    expect(noted.statusCode, noted.body).toBe(200);
    expect(noted.json()).toMatchObject({
      note: 'Ring før levering',
      shippingAddress: { city: 'Aarhus C', country: 'DK' },
      totals: changed.totals,
    });
    const history = (await req(agent, 'GET', `/orders/${order.id}/history`)).json();
    const fields = history.data.flatMap((h: { changes: { field: string }[] }) =>
      h.changes.map((c) => c.field),
    );
    expect(fields).toEqual(expect.arrayContaining(['lines', 'gross', 'cost', 'note', 'shippingAddress']));
  });

  it('bins only new orders (restorable); a confirmed order is never deleted', async () => {
    const order = await create(agent);
    expect((await req(agent, 'DELETE', `/orders/${order.id}`)).statusCode).toBe(204);
    expectProblem(await req(agent, 'GET', `/orders/${order.id}`), 404);
    const binned = (await req(agent, 'GET', '/orders?deleted=only')).json();
    expect(binned.data.map((o: OrderDto) => o.id)).toContain(order.id);
    const restored = await req(agent, 'POST', `/orders/${order.id}/restore`);
    expect(restored.json()).toMatchObject({ deletedAt: null, status: 'new' });
    const confirmed = (await status(agent, restored.json(), 'confirmed')).json() as OrderDto;
    expectProblem(await req(agent, 'DELETE', `/orders/${confirmed.id}`), 409, 'order_not_deletable');
  });

  it('creates one order for a retried POST with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `order-${Date.now()}` };
    const payload = { companyId, channel: 'sales', currency: 'EUR', lines: threeLines() };
    const first = await req(agent, 'POST', '/orders', payload, headers);
    const second = await req(agent, 'POST', '/orders', payload, headers);
    expect(first.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const [n] = rowsOf<{ n: number }>(
      await getDb().db.execute(
        sql`select count(*)::int as n from orders where number = ${first.json().number}`,
      ),
    );
    expect(n!.n).toBe(1);
  });

  it('lists newest first with filters (status, channel, customer, owner, ordered-at range, number) and keyset pages', async () => {
    const otherCompany = (await req(admin, 'POST', '/companies', { name: 'Müller & Söhne GmbH' })).json().id;
    const mk = (orderedAt: string, channel: string) =>
      create(outsider, { contactId: null, companyId: otherCompany, channel, orderedAt });
    const jan = await mk('2025-01-15T10:00:00Z', 'web');
    const feb = await mk('2025-02-15T10:00:00Z', 'shop');
    const mar = await mk('2025-03-15T10:00:00Z', 'web');
    await status(outsider, feb, 'confirmed');
    const ids = async (query: string) =>
      ((await req(viewer, 'GET', `/orders?${query}`)).json().data as OrderDto[]).map((o) => o.id);
    expect(await ids(`companyId=${otherCompany}`)).toEqual([mar.id, feb.id, jan.id]);
    expect(await ids(`companyId=${otherCompany}&channel=web`)).toEqual([mar.id, jan.id]);
    expect(await ids(`companyId=${otherCompany}&status=confirmed`)).toEqual([feb.id]);
    expect(await ids(`ownerId=${outsider.id}&orderedAt[gte]=2025-02-01&orderedAt[lt]=2025-03-01`)).toEqual([
      feb.id,
    ]);
    expect(await ids(`q=${jan.number.toLowerCase()}`)).toEqual([jan.id]);
    expect(await ids(`q=SO-2025-&companyId=${otherCompany}`)).toEqual([mar.id, feb.id, jan.id]);
    const page1 = (await req(viewer, 'GET', `/orders?companyId=${otherCompany}&limit=2`)).json();
    expect(page1.data.map((o: OrderDto) => o.id)).toEqual([mar.id, feb.id]);
    const page2 = (
      await req(
        viewer,
        'GET',
        `/orders?companyId=${otherCompany}&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`,
      )
    ).json();
    expect(page2).toEqual({ data: [expect.objectContaining({ id: jan.id })], nextCursor: null });
    expect(page1.data[0]).not.toHaveProperty('lines');
    expect((await req(viewer, 'GET', `/orders/count?companyId=${otherCompany}`)).json()).toEqual({
      count: 3,
      exact: true,
    });
    expectProblem(await req(viewer, 'GET', '/orders?status=lost'), 400);
  });

  it('shows orders on the contact’s and the company’s timeline with number, total and status', async () => {
    const order = await create(agent);
    await status(agent, order, 'confirmed');
    for (const path of [`/contacts/${contactId}/timeline`, `/companies/${companyId}/timeline`]) {
      const page = (await req(viewer, 'GET', `${path}?types=order&limit=100`)).json();
      const item = page.data.find((i: { id: string }) => i.id === order.id);
      expect(item, path).toMatchObject({
        type: 'order',
        at: order.orderedAt,
        order: { number: order.number, status: 'confirmed', totals: { gross: 10372 }, currency: 'EUR' },
      });
    }
  });

  describe('web-shop ingest', () => {
    const shopOrder = (
      externalId: string,
      customer: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => ({
      source: 'shopify',
      externalId,
      orderedAt: '2026-03-01T12:00:00Z',
      currency: 'EUR',
      customer,
      lines: [
        { sku: 'bike-01', quantity: '1', unitPrice: 1999, taxRate: '25' },
        { description: 'Fragt', quantity: '1', unitPrice: 495, taxRate: '25' },
      ],
      ...extra,
    });

    it('stores valid orders once, answers duplicate, error and created per item, and creates unknown customers', async () => {
      const first = await req(agent, 'POST', '/orders/ingest', {
        orders: [shopOrder('A-1', { email: 'METTE@norre-cykler.dk' })],
      });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().results[0]).toMatchObject({ status: 'created', contactCreated: false });
      const stored = first.json().results[0];

      const batch = [
        shopOrder('A-1', { email: 'mette@norre-cykler.dk' }),
        shopOrder('A-2', { email: 'mette@norre-cykler.dk' }, { currency: 'XXX' }),
        shopOrder('A-3', { email: 'zoe.lefevre@exemple.fr', firstName: 'Zoé', lastName: 'Lefèvre' }),
        shopOrder('A-4', { email: 'Zoe.Lefevre@exemple.fr' }, { status: 'shipped' }),
        shopOrder(
          'A-5',
          { phone: '+45 20 30 40 50', lastName: 'Jørgensen' },
          {
            lines: [{ sku: 'NOPE-1', quantity: '1', unitPrice: 100, taxRate: '25' }],
          },
        ),
        shopOrder('A-3', { email: 'zoe.lefevre@exemple.fr' }),
        { source: 'shopify' },
      ];
      const res = await req(agent, 'POST', '/orders/ingest', { orders: batch });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.results.map((r: { status: string }) => r.status)).toEqual([
        'duplicate',
        'error',
        'created',
        'created',
        'error',
        'duplicate',
        'error',
      ]);
      expect(body).toMatchObject({ created: 2, duplicates: 2, failed: 3 });
      expect(body.results[0]).toMatchObject({ id: stored.id, number: stored.number });
      expect(body.results[1].errors.map((e: { path: string }) => e.path)).toEqual(['currency']);
      expect(body.results[4].errors).toEqual([{ path: 'lines.0.sku', message: 'Unknown SKU NOPE-1' }]);
      expect(body.results[2].contactCreated).toBe(true);
      expect(body.results[3].contactCreated).toBe(false);

      const zoe = (await req(agent, 'GET', `/orders/${body.results[2].id}`)).json() as OrderDto;
      const zoe2 = (await req(agent, 'GET', `/orders/${body.results[3].id}`)).json() as OrderDto;
      expect(zoe.contactName).toBe('Zoé Lefèvre');
      expect(zoe2.contactId).toBe(zoe.contactId);
      expect(zoe2).toMatchObject({
        status: 'shipped',
        shippedAt: expect.any(String),
        confirmedAt: expect.any(String),
      });
      // SKUs resolve case-insensitively to the product, with its name and cost snapshot.
      expect(zoe.lines[0]).toMatchObject({
        productId: bikeId,
        sku: 'BIKE-01',
        description: 'City bike Ørsted',
        unitCost: 1200,
      });
      expect(zoe).toMatchObject({
        channel: 'web',
        source: 'shopify',
        externalId: 'A-3',
        orderedAt: '2026-03-01T12:00:00.000Z',
      });
      expect(zoe.totals).toEqual({ net: 2494, tax: 624, gross: 3118 });
      const contact = (await req(agent, 'GET', `/contacts/${zoe.contactId}`)).json();
      expect(contact).toMatchObject({
        lifecycleStage: 'customer',
        emails: [{ address: 'zoe.lefevre@exemple.fr' }],
      });
      // The phone customer's order failed: no contact was left behind.
      const [phones] = rowsOf<{ n: number }>(
        await getDb().db.execute(sql`select count(*)::int as n from contacts where last_name = 'Jørgensen'`),
      );
      expect(phones!.n).toBe(0);

      // The same batch again stores nothing new.
      const again = (await req(agent, 'POST', '/orders/ingest', { orders: batch })).json();
      expect(again).toMatchObject({ created: 0, duplicates: 4, failed: 3 });
      const [count] = rowsOf<{ n: number }>(
        await getDb().db.execute(sql`select count(*)::int as n from orders where source = 'shopify'`),
      );
      expect(count!.n).toBe(3);
      const [zoes] = rowsOf<{ n: number }>(
        await getDb().db.execute(sql`select count(*)::int as n from contacts where last_name = 'Lefèvre'`),
      );
      expect(zoes!.n).toBe(1);
    });

    it('matches customers by contact id and by phone, and refuses an unknown contact id', async () => {
      await req(admin, 'PATCH', `/contacts/${contactId}`, { phones: [{ number: '+45 87 65 43 21' }] });
      const res = await req(agent, 'POST', '/orders/ingest', {
        orders: [
          shopOrder('B-1', { contactId }),
          shopOrder('B-2', { phone: '+4587654321' }),
          shopOrder('B-3', { contactId: crypto.randomUUID() }),
        ],
      });
      const body = res.json();
      expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'error']);
      expect(body.results[2].errors).toEqual([{ path: 'customer.contactId', message: 'Unknown contact' }]);
      const b2 = (await req(agent, 'GET', `/orders/${body.results[1].id}`)).json() as OrderDto;
      expect(b2.contactId).toBe(contactId);
      expectProblem(
        await req(viewer, 'POST', '/orders/ingest', { orders: [shopOrder('B-9', { contactId })] }),
        403,
      );
      expectProblem(await req(agent, 'POST', '/orders/ingest', { orders: Array(501).fill({}) }), 400);
    });
  });
});

describeEachDb('orders list plans', (getDb) => {
  useApp(getDb);
  type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

  beforeAll(async () => {
    const db = getDb().db;
    await db.execute(sql`insert into companies (name) values ('Plan ApS')`);
    await db.execute(sql`insert into contacts (first_name, last_name) values ('Plan', 'Person')`);
    await db.execute(sql`insert into orders (number, status, channel, contact_id, company_id, currency, ordered_at)
      select 'SO-2020-' || lpad(g::text, 5, '0'), (array['new','confirmed','shipped','delivered'])[1 + g % 4],
        'web', (select id from contacts limit 1), (select id from companies limit 1), 'EUR',
        now() - g * interval '1 hour'
      from generate_series(1, 4000) g`);
    await db.execute(
      sql`insert into orders (number, currency) select 'SO-2021-' || lpad(g::text, 5, '0'), 'EUR' from generate_series(1, 4000) g`,
    );
    await db.execute(sql`analyze orders`);
  });

  async function planOf(query: Record<string, unknown>) {
    const { orderListStatement } = await import('./orders.list.ts');
    const { systemCtx } = await import('../../http/context.ts');
    const { silentLog, testConfig } = await import('../../../../tests/helpers/app.ts');
    const ctx = systemCtx(getDb(), testConfig(), silentLog);
    const { statement } = await orderListStatement(ctx, { limit: 50, ...query });
    const [row] = rowsOf<Record<string, unknown>>(
      await getDb().db.execute(sql`explain (format json) ${statement.getSQL()}`),
    );
    const raw = Object.values(row!)[0];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const indexes = new Set<string>();
    let sorts = false;
    const walk = (n: PlanNode) => {
      if (n['Index Name']?.startsWith('orders_')) indexes.add(n['Index Name']);
      if (n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort') sorts = true;
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan[0].Plan);
    return { indexes: [...indexes], sorts };
  }

  it('reads one index in order: newest first, per status, per contact, per company; a whole number by the unique index', async () => {
    expect(await planOf({})).toEqual({ indexes: ['orders_ordered_idx'], sorts: false });
    expect(await planOf({ status: 'confirmed' })).toEqual({ indexes: ['orders_status_idx'], sorts: false });
    const [c] = rowsOf<{ id: string; company_id: string }>(
      await getDb().db.execute(sql`select id, company_id from contacts limit 1`),
    );
    expect((await planOf({ contactId: c!.id })).indexes).toEqual(['orders_contact_idx']);
    expect((await planOf({ q: 'SO-2020-00042' })).indexes).toEqual(['orders_number_idx']);
  });
});
