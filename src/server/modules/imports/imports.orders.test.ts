import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import type { OrderDto, OrderSummary } from '../../../shared/orders.ts';
import { rowsOf } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { act, newImport, patchImport, upload } from './imports.test-helpers.ts';
import { undoRecords } from './imports.undo.ts';

/**
 * A web-shop export: one row per order line, the order's columns repeated (or, as Shopify does, left empty
 * after the first line). Order 1002 has an unknown SKU on its second line (row 6); order 1003's second line
 * (row 8) has a quantity with five decimals and another customer e-mail than the order's first row.
 */
const shopExport = [
  'Order Number,Order Date,Order Status,Channel,Currency,Email,First Name,Last Name,Phone,SKU,Item Name,Quantity,Unit Price,Discount %,Tax Rate,Note',
  '1001,2026-03-01 10:15,processing,online,EUR,METTE@norre-cykler.dk,Mette,Kjær,,bike-01,,1,19.99,,25,Gift wrap please',
  '1001,2026-03-01 10:15,processing,online,EUR,mette@norre-cykler.dk,Mette,Kjær,,,Assembly,"1,5",10.00,10,25,',
  '1001,,,,,,,,,HELM-02,,2,5.55,,7,',
  '1002,2026-03-02,completed,online,EUR,zoe.lefevre@exemple.fr,Zoé,Lefèvre,+33 6 12 34 56 78,BIKE-01,,2,19.99,,25,',
  '1002,2026-03-02,completed,online,EUR,zoe.lefevre@exemple.fr,Zoé,Lefèvre,+33 6 12 34 56 78,NOPE-1,,1,1.00,,25,',
  '1003,2026-03-03,pending,online,EUR,lars.holm@example.dk,Lars,Holm,,HELM-02,,1,5.55,,7,',
  '1003,2026-03-03,pending,online,EUR,lars@holm.example.dk,Lars,Holm,,,Shipping,0.12345,4.95,,25,',
].join('\n');

/** A WooCommerce-like export with its own source: a new customer with two orders, a known one with one. */
const wooExport = [
  'Order Number,Source,Order Date,Order Status,Currency,Email,First Name,Last Name,SKU,Item Name,Quantity,Unit Price,Tax Rate',
  'W-1,woo,2026-04-01,completed,EUR,zoe.lefevre@exemple.fr,Zoé,Lefèvre,BIKE-01,,2,19.99,25',
  'W-1,woo,2026-04-01,completed,EUR,zoe.lefevre@exemple.fr,Zoé,Lefèvre,,Gift card,1,25.00,0',
  'W-2,woo,2026-04-02,processing,EUR,mette@norre-cykler.dk,,,HELM-02,,3,5.55,7',
  'W-3,woo,2026-04-03,pending,EUR,ZOE.LEFEVRE@exemple.fr,,,,Shipping,1,4.95,25',
].join('\n');

describeEachDb('imports: orders', (getDb) => {
  const app = useApp(getDb);
  let agent: TestUser;
  let metteId: string;
  const get = (url: string) => app().inject({ method: 'GET', url: `/api/v1${url}`, headers: agent.auth });
  const ordersOf = async (source: string, deleted = '') =>
    (await get(`/orders?source=${source}${deleted}`)).json().data as OrderSummary[];
  const order = async (source: string, externalId: string) => {
    const found = (await ordersOf(source)).find((o) => o.externalId === externalId);
    if (!found) return undefined;
    const res = await get(`/orders/${found.id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OrderDto;
  };
  const problems = async (id: string, dryRun: boolean) =>
    (
      (await get(`/imports/${id}/errors${dryRun ? '?dryRun=true' : ''}`)).json().data as {
        rowNo: number;
        field: string;
        message: string;
      }[]
    )
      .map((e) => [e.rowNo, e.field, e.message] as const)
      .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));

  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
    const db = getDb().db;
    for (const [sku, name, cost, costCurrency] of [
      ['BIKE-01', 'City bike Ørsted', 1200, 'EUR'],
      ['HELM-02', 'Helmet', 300, 'DKK'],
    ] as const)
      await db.execute(sql`insert into products (sku, names, cost_price, cost_currency, search_text)
        values (${sku}, ${JSON.stringify({ en: name })}::jsonb, ${cost}, ${costCurrency}, ${sku.toLowerCase()})`);
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: agent.auth,
      payload: { firstName: 'Mette', lastName: 'Kjær', emails: [{ address: 'mette@norre-cykler.dk' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    metteId = res.json().id;
  });

  it('maps a shop export, reports bad lines by row and field, is all or nothing, then imports the valid orders exactly', async () => {
    const fileId = await upload(app(), agent.auth, 'orders.csv', shopExport);
    const res = await newImport(app(), agent.auth, { fileId, entity: 'orders' });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(imp.settings).toMatchObject({ mode: 'create', match: 'externalId', duplicates: 'skip' });
    expect(Object.fromEntries(imp.mapping.map((m) => [m.column, m.target]))).toEqual({
      'Order Number': 'externalId',
      'Order Date': 'orderedAt',
      'Order Status': 'status',
      Channel: 'channel',
      Currency: 'currency',
      Email: 'email',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Phone: 'phone',
      SKU: 'sku',
      'Item Name': 'lineDescription',
      Quantity: 'quantity',
      'Unit Price': 'unitPrice',
      'Discount %': 'discountPercent',
      'Tax Rate': 'taxRate',
      Note: 'note',
    });

    // Seven line rows are three orders; each problem names the row of its line, not the order's first row.
    imp = await act(app(), agent.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 3, created: 1, failed: 2 });
    const dry = await problems(imp.id, true);
    expect(dry.map(([rowNo, field]) => [rowNo, field])).toEqual([
      [6, 'sku'],
      [8, 'email'],
      [8, 'quantity'],
    ]);
    expect(dry[0]![2]).toContain('NOPE-1');
    expect(dry[1]![2]).toContain('row 7');
    expect(dry[2]![2]).toMatch(/4 decimals/);

    // All or nothing: the bad orders stop the import before anything is written.
    imp = await act(app(), agent.auth, getDb(), imp.id, 'start');
    expect(imp.status).toBe('failed');
    expect(await ordersOf('import')).toEqual([]);

    imp = await patchImport(app(), agent.auth, imp, { settings: { keepValidRows: true } });
    imp = await act(app(), agent.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ total: 3, created: 1, failed: 2, skipped: 0 });
    expect((await problems(imp.id, false)).map(([rowNo, field]) => [rowNo, field])).toEqual([
      [6, 'sku'],
      [8, 'email'],
      [8, 'quantity'],
    ]);
    expect((await ordersOf('import')).map((o) => o.externalId)).toEqual(['1001']);

    // 1 × €19.99 + 1.5 × €10.00 less 10 % (both 25 %) + 2 × €5.55 at 7 %: tax 837.25 → 837 and 77.70 → 78.
    const o = (await order('import', '1001'))!;
    expect(o).toMatchObject({
      contactId: metteId,
      status: 'confirmed',
      channel: 'web',
      currency: 'EUR',
      source: 'import',
      externalId: '1001',
      note: 'Gift wrap please',
      totals: { net: 4459, tax: 915, gross: 5374 },
      // Only the bike's cost is kept in euros.
      cost: 1200,
    });
    expect(o.orderedAt.slice(0, 10)).toBe('2026-03-01');
    expect(
      o.lines.map((l) => [l.sku, l.description, l.quantity, l.unitPrice, l.discountPercent, l.net]),
    ).toEqual([
      ['BIKE-01', 'City bike Ørsted', '1', 1999, null, 1999],
      [null, 'Assembly', '1.5', 1000, '10', 1350],
      ['HELM-02', 'Helmet', '2', 555, null, 1110],
    ]);

    // Rolling a failed import back erases its orders for good, their lines and their history with them.
    const ctx = systemCtx(getDb(), testConfig(), silentLog);
    await undoRecords(ctx, { id: imp.id }, { hard: true });
    const left = rowsOf<{ orders: number; lines: number; history: number }>(
      await getDb().db.execute(sql`select (select count(*) from orders where id = ${o.id})::int as orders,
        (select count(*) from order_lines where order_id = ${o.id})::int as lines,
        (select count(*) from record_history where entity = 'order' and record_id = ${o.id})::int as history`),
    );
    expect(left[0]).toEqual({ orders: 0, lines: 0, history: 0 });
    expect((await get(`/contacts/${metteId}`)).statusCode).toBe(200);
  });

  it('creates unknown customers, links known ones, skips a re-import and undoes into the recycle bin', async () => {
    const fileId = await upload(app(), agent.auth, 'woo.csv', wooExport);
    const res = await newImport(app(), agent.auth, { fileId, entity: 'orders' });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(imp.mapping.find((m) => m.column === 'Source')?.target).toBe('source');
    imp = await act(app(), agent.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ total: 3, created: 3, skipped: 0, failed: 0 });

    // 2 × €19.99 at 25 % (tax 999.50 → 1000) + a €25.00 gift card at 0 %.
    const w1 = (await order('woo', 'W-1'))!;
    expect(w1).toMatchObject({ status: 'delivered', totals: { net: 6498, tax: 1000, gross: 7498 } });
    const w2 = (await order('woo', 'W-2'))!;
    expect(w2).toMatchObject({
      contactId: metteId,
      status: 'confirmed',
      totals: { net: 1665, tax: 117, gross: 1782 },
    });
    const w3 = (await order('woo', 'W-3'))!;
    expect(w3).toMatchObject({ status: 'new', totals: { net: 495, tax: 124, gross: 619 } });
    // The unknown customer was created once, from the first order, and the later order found it.
    expect(w1.contactId).not.toBe(metteId);
    expect(w3.contactId).toBe(w1.contactId);
    const zoe = await get(`/contacts/${w1.contactId}`);
    expect(zoe.json()).toMatchObject({
      firstName: 'Zoé',
      lastName: 'Lefèvre',
      emails: [{ address: 'zoe.lefevre@exemple.fr' }],
    });

    // The same file again: every order is already there.
    const again = await newImport(app(), agent.auth, {
      fileId: await upload(app(), agent.auth, 'woo.csv', wooExport),
      entity: 'orders',
    });
    let imp2 = again.json() as ImportDto;
    imp2 = await act(app(), agent.auth, getDb(), imp2.id, 'start');
    expect(imp2.status, imp2.error ?? '').toBe('done');
    expect(imp2.stats).toMatchObject({ created: 0, skipped: 3, failed: 0 });
    expect((await ordersOf('woo')).length).toBe(3);

    // Undo bins the three orders and the contact the import created; the known customer stays.
    imp = await act(app(), agent.auth, getDb(), imp.id, 'undo');
    expect(imp.status).toBe('undone');
    expect(imp.stats.undo).toMatchObject({ removed: 4, conflicts: 0 });
    expect(await ordersOf('woo')).toEqual([]);
    expect((await ordersOf('woo', '&deleted=only')).map((o) => o.externalId).sort()).toEqual([
      'W-1',
      'W-2',
      'W-3',
    ]);
    expect((await get(`/orders/${w1.id}`)).statusCode).toBe(404);
    expect((await get(`/contacts/${w1.contactId}`)).statusCode).toBe(404);
    expect((await get(`/contacts/${metteId}`)).statusCode).toBe(200);
    const revenue = await get(`/contacts/${metteId}/revenue`);
    expect(revenue.statusCode, revenue.body).toBe(200);
    expect(revenue.json().currencies).toEqual([]);

    // What the undo binned is erased when the same file is imported again: it imports afresh.
    const third = await newImport(app(), agent.auth, {
      fileId: await upload(app(), agent.auth, 'woo.csv', wooExport),
      entity: 'orders',
    });
    let imp3 = await act(app(), agent.auth, getDb(), (third.json() as ImportDto).id, 'dry-run');
    expect(imp3.dryRun).toMatchObject({ created: 3, failed: 0 });
    expect(await ordersOf('woo', '&deleted=only')).toHaveLength(3);
    imp3 = await act(app(), agent.auth, getDb(), imp3.id, 'start');
    expect(imp3.status, imp3.error ?? '').toBe('done');
    expect(imp3.stats).toMatchObject({ created: 3, failed: 0 });
    expect((await ordersOf('woo')).map((o) => o.externalId).sort()).toEqual(['W-1', 'W-2', 'W-3']);
    expect(await ordersOf('woo', '&deleted=only')).toEqual([]);
    expect((await get(`/orders/${w1.id}`)).statusCode).toBe(404);

    // An order a person put in the recycle bin still holds its number: an import says so instead of
    // pretending to create it.
    const reimported = (await order('woo', 'W-3'))!;
    const del = await app().inject({
      method: 'DELETE',
      url: `/api/v1/orders/${reimported.id}`,
      headers: { ...agent.auth, 'if-match': `"${reimported.version}"` },
    });
    expect(del.statusCode, del.body).toBe(204);
    const fourth = await newImport(app(), agent.auth, {
      fileId: await upload(app(), agent.auth, 'woo.csv', wooExport),
      entity: 'orders',
    });
    const imp4 = await act(app(), agent.auth, getDb(), (fourth.json() as ImportDto).id, 'dry-run');
    expect(imp4.dryRun).toMatchObject({ created: 0, failed: 1 });
    const binned = await problems(imp4.id, true);
    expect(binned.map(([rowNo, field]) => [rowNo, field])).toEqual([[5, 'externalId']]);
    expect(binned[0]![2]).toContain('recycle bin');
  });

  it('maps a Shopify-style export by its own headers and refuses an order whose rows are split', async () => {
    const shopify = [
      'Name,Email,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Tax rate',
      '#5001,split@example.dk,EUR,2026-05-01,1,Bike,19.99,BIKE-01,25',
      '#5002,split@example.dk,EUR,2026-05-02,1,Helmet,5.55,HELM-02,7',
      '#5001,split@example.dk,EUR,2026-05-01,2,Helmet,5.55,HELM-02,7',
    ].join('\n');
    const res = await newImport(app(), agent.auth, {
      fileId: await upload(app(), agent.auth, 'shopify.csv', shopify),
      entity: 'orders',
    });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    const target = (col: string) => imp.mapping.find((m) => m.column === col)?.target;
    expect(target('Lineitem quantity')).toBe('quantity');
    expect(target('Lineitem price')).toBe('unitPrice');
    expect(target('Lineitem sku')).toBe('sku');
    expect(target('Lineitem name')).toBe('lineDescription');
    expect(target('Created at')).toBe('orderedAt');
    // Shopify calls the order number "Name": mapped by hand.
    imp = await patchImport(app(), agent.auth, imp, {
      mapping: [...imp.mapping.filter((m) => m.column !== 'Name'), { column: 'Name', target: 'externalId' }],
    });
    imp = await act(app(), agent.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 3, created: 2, failed: 1 });
    const [split] = await problems(imp.id, true);
    expect(split?.[0]).toBe(4);
    expect(split?.[1]).toBe('externalId');
    expect(split?.[2]).toContain('Row 2');
  });
});
