import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import { startSmtp } from '../../../../tests/helpers/smtp.ts';
import type {
  AccountRevenue,
  InvoiceDetailDto,
  InvoiceDto,
  InvoiceListQuery,
  PaymentDto,
} from '../../../shared/invoices.ts';
import { MovableClock } from '../../clock.ts';
import { rowsOf } from '../../db/client.ts';
import { type Ctx, systemCtx } from '../../http/context.ts';
import { createOrderCore } from '../orders/index.ts';
import { invoiceListStatement } from './invoices.list.ts';
import { revenueStatement } from './invoices.revenue.ts';

const smtp = await startSmtp();
afterAll(() => smtp.close());

// Frozen at 10 March 2026 (UTC): due dates, overdue and days late are exact.
const NOW = new Date('2026-03-10T10:00:00Z');

describeEachDb('invoices API', (getDb) => {
  const clock = new MovableClock();
  clock.set(NOW);
  const app = useApp(getDb, { clock, mail: { smtpUrl: smtp.url, from: 'Nordlys <faktura@nordlys.test>' } });
  let admin: TestUser;
  let agent: TestUser;
  let viewer: TestUser;
  let ctx: Ctx;
  let companyId: string;
  let contactId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async <T>(
    res: Promise<{ statusCode: number; body: string; json: () => unknown }>,
    status = 200,
  ) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as T;
  };
  const invoice = (payload: Record<string, unknown>) =>
    ok<InvoiceDetailDto>(req(agent, 'POST', '/invoices', payload), 201);
  const pay = (id: string, payload: Record<string, unknown>) =>
    req(agent, 'POST', `/invoices/${id}/payments`, payload);
  const get = (id: string) => ok<InvoiceDetailDto>(req(viewer, 'GET', `/invoices/${id}`));

  /** An order of 10 bikes at 1,000.00 and 3 helmets at 49.99, both 25 % VAT, for this customer. */
  const makeOrder = async (customer: { contactId?: string; companyId?: string } = { contactId }) => {
    const order = await createOrderCore(
      { ...ctx, config: { ...ctx.config } },
      {
        ...customer,
        channel: 'sales',
        currency: 'EUR',
        lines: [
          { description: 'Cargo bike Ærø', quantity: '10', unitPrice: 100_000, taxRate: '25' },
          {
            description: 'Helmet Größe M',
            quantity: '3',
            unitPrice: 4_999,
            discountAmount: 100,
            taxRate: '25',
          },
        ],
      },
    );
    const [a, b] = rowsOf<{ id: string }>(
      await getDb().db.execute(
        sql`select id from order_lines where order_id = ${order.id} order by position`,
      ),
    );
    return { ...order, bikes: a!.id, helmets: b!.id };
  };
  const orderLine = async (id: string) =>
    rowsOf<{ invoiced: string; returned: string }>(
      await getDb().db.execute(
        sql`select invoiced_quantity::text as invoiced, returned_quantity::text as returned from order_lines where id = ${id}`,
      ),
    )[0]!;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    viewer = await makeUser(getDb(), 'viewer');
    ctx = { ...systemCtx(getDb(), testConfig({ clock }), silentLog) };
    companyId = (await req(admin, 'POST', '/companies', { name: 'Søndergaard Cykler ApS' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', { firstName: 'Zoë', lastName: 'Ødegård', companyId })
    ).json().id;
  });

  it('sends an invoice by e-mail in the customer’s language: PDF attached, what is due and the bank, on the timeline', async () => {
    await ok(
      req(admin, 'PATCH', '/settings/sales', {
        companyName: 'Nordlys Cykler ApS',
        iban: 'DK5000400440116243',
        bic: 'DABADKKK',
      }),
    );
    const dane = (
      await ok<{ id: string }>(
        req(admin, 'POST', '/contacts', {
          firstName: 'Søren',
          lastName: 'Bæk',
          language: 'da',
          emails: [{ address: `soren.${Math.random()}@kunde.test` }],
        }),
        201,
      )
    ).id;
    const inv = await invoice({
      contactId: dane,
      currency: 'DKK',
      issuedOn: '2026-03-02',
      paymentTermsDays: 14,
      lines: [{ description: 'Ladcykel', quantity: '1', unitPrice: 2_000_000, taxRate: '25' }],
    });
    await ok(pay(inv.id, { amount: 500_000 }), 201);
    expect(inv.recipient).toMatch(/^soren\./);

    const before = smtp.messages.length;
    const sent = await ok<InvoiceDetailDto>(
      req(agent, 'POST', `/invoices/${inv.id}/send`, { cc: 'bogholderi@kunde.test' }),
    );
    expect(sent.id).toBe(inv.id);
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.subject).toBe(`Faktura ${inv.number} fra Nordlys Cykler ApS`);
    expect(mail.to && 'value' in mail.to ? mail.to.value[0]!.address : null).toBe(inv.recipient);
    expect(mail.cc && 'value' in mail.cc ? mail.cc.value[0]!.address : null).toBe('bogholderi@kunde.test');
    // 25,000.00 gross − 5,000.00 paid; due 14 days after 2 March.
    expect(mail.text).toContain('Kære Søren Bæk');
    expect(mail.text).toMatch(/Beløb til betaling: 20\.000,00\skr\., senest 16\. marts 2026\./);
    expect(mail.text).toContain('DK5000400440116243 (BIC DABADKKK)');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${inv.number}.pdf`, 'application/pdf'],
    ]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    await expect.poll(async () => (await get(inv.id)).mail?.status).toBe('sent');

    const timeline = await ok<{
      data: {
        type: string;
        interaction?: { subject: string | null; touchpoint: string; links: unknown[] };
      }[];
    }>(req(viewer, 'GET', `/contacts/${dane}/timeline`));
    const logged = timeline.data.find((e) => e.type === 'interaction')?.interaction;
    expect(logged).toMatchObject({
      subject: mail.subject,
      touchpoint: 'accounting',
      links: [{ type: 'invoice', id: inv.id }],
    });

    // A given subject and text win; a viewer may not send; a void invoice is not sent; no address → 422.
    const again = smtp.messages.length;
    await ok(req(agent, 'POST', `/invoices/${inv.id}/send`, { subject: 'Påmindelse', message: 'Husk os.' }));
    const reminder = (await smtp.waitFor(again + 1))[again]!;
    expect(reminder.subject).toBe('Påmindelse');
    expect(reminder.text).toContain('Husk os.');
    expectProblem(await req(viewer, 'POST', `/invoices/${inv.id}/send`, {}), 403);
    const other = await invoice({
      contactId,
      currency: 'EUR',
      lines: [{ description: 'Service', quantity: '1', unitPrice: 10_000, taxRate: '25' }],
    });
    expect(errorPaths(await req(agent, 'POST', `/invoices/${other.id}/send`, {}))).toEqual(['to']);
    await ok(req(admin, 'POST', `/invoices/${other.id}/void`, { reason: 'Duplicate' }));
    expectProblem(
      await req(agent, 'POST', `/invoices/${other.id}/send`, { to: 'a@b.test' }),
      409,
      'invoice_void',
    );
  });

  it('invoices an order in parts: twice within what is left, then a third part over the remainder is 422', async () => {
    const order = await makeOrder();
    const first = await invoice({ orderId: order.id, lines: [{ orderLineId: order.bikes, quantity: '4' }] });
    expect(first.number).toMatch(/^INV-2026-\d{4}$/);
    expect(first).toMatchObject({
      kind: 'invoice',
      status: 'open',
      orderId: order.id,
      contactId,
      companyId,
      contactName: 'Zoë Ødegård',
      currency: 'EUR',
      issuedOn: '2026-03-10',
      paymentTermsDays: 30,
      dueOn: '2026-04-09',
      totals: { net: 400_000, tax: 100_000, gross: 500_000 },
      taxBreakdown: [{ rate: '25', net: 400_000, tax: 100_000 }],
      paid: 0,
      balance: 500_000,
      overdue: false,
      daysLate: null,
    });
    expect(first.lines).toMatchObject([
      { orderLineId: order.bikes, quantity: '4', unitPrice: 100_000, taxRate: '25', net: 400_000 },
    ]);
    expect((await orderLine(order.bikes)).invoiced).toBe('4.0000');

    const second = await invoice({
      orderId: order.id,
      lines: [
        { orderLineId: order.bikes, quantity: '5.5' },
        { orderLineId: order.helmets, quantity: '1' },
      ],
    });
    // The helmets' €1.00 discount off the whole line is shared in proportion: a third of it, rounded.
    expect(second.lines.map((l) => [l.quantity, l.discountAmount, l.net])).toEqual([
      ['5.5', null, 550_000],
      ['1', 33, 4_966],
    ]);
    expect(second.number > first.number).toBe(true);
    expect((await orderLine(order.bikes)).invoiced).toBe('9.5000');

    const over = await req(agent, 'POST', '/invoices', {
      orderId: order.id,
      lines: [{ orderLineId: order.bikes, quantity: '1' }],
    });
    const problem = expectProblem(over, 422, 'validation_failed');
    expect(problem.errors).toEqual([
      { path: 'lines.0.quantity', message: 'At most 0.5 of this line is not yet invoiced' },
    ]);
    expect((await orderLine(order.bikes)).invoiced).toBe('9.5000');

    // Without lines: all that is left; the last part of the helmets takes the rest of the discount.
    const rest = await invoice({ orderId: order.id });
    expect(rest.lines.map((l) => [l.orderLineId, l.quantity, l.discountAmount])).toEqual([
      [order.bikes, '0.5', null],
      [order.helmets, '2', 67],
    ]);
    expectProblem(await req(agent, 'POST', '/invoices', { orderId: order.id }), 409, 'order_fully_invoiced');
    const listed = await ok<{ data: InvoiceDto[] }>(req(viewer, 'GET', `/invoices?orderId=${order.id}`));
    // Newest issued first; the same day's in id order.
    expect(listed.data.map((i) => i.number).sort()).toEqual([first.number, second.number, rest.number]);
    // Together the three invoices are exactly the order.
    const [o] = rowsOf<{ net: string }>(
      await getDb().db.execute(sql`select net::text from orders where id = ${order.id}`),
    );
    expect(first.totals.net + second.totals.net + rest.totals.net).toBe(Number(o!.net));
  });

  it('refuses bad invoice input with the field paths', async () => {
    const order = await makeOrder();
    expect(
      errorPaths(
        await req(agent, 'POST', '/invoices', {
          orderId: order.id,
          lines: [{ orderLineId: order.bikes, quantity: '-1' }],
        }),
      ),
    ).toEqual(['lines.0.quantity']);
    expect(
      errorPaths(
        await req(agent, 'POST', '/invoices', {
          orderId: order.id,
          lines: [{ orderLineId: crypto.randomUUID(), quantity: '1' }],
        }),
      ),
    ).toEqual(['lines.0.orderLineId']);
    expect(
      errorPaths(
        await req(agent, 'POST', '/invoices', {
          contactId,
          currency: 'EUR',
          lines: [{ description: 'x', quantity: '1', taxRate: '25' }],
        }),
      ),
    ).toEqual(['lines.0.unitPrice']);
    expect(errorPaths(await req(agent, 'POST', '/invoices', { contactId, lines: [] }))).toEqual(['currency']);
    expectProblem(await req(agent, 'POST', '/invoices', { orderId: crypto.randomUUID() }), 404);
    expectProblem(await req(viewer, 'POST', '/invoices', { orderId: order.id }), 403);
    expect(
      errorPaths(
        await req(agent, 'POST', '/invoices', {
          contactId,
          currency: 'EUR',
          lines: [{ description: 'Return', quantity: '-1', unitPrice: 100, taxRate: '25' }],
        }),
      ),
    ).toEqual(['lines.0.quantity']);
    expectProblem(await req(viewer, 'GET', `/invoices/${crypto.randomUUID()}`), 404, 'invoice_not_found');
  });

  it('writes an invoice by hand, in JPY, with the settings’ payment terms and a given issue date', async () => {
    const inv = await invoice({
      companyId,
      currency: 'JPY',
      issuedOn: '2026-02-01',
      paymentTermsDays: 14,
      lines: [
        { description: 'Consulting, Tōkyō', quantity: '1.5', unitPrice: 33_333, taxRate: '10' },
        { description: 'Travel', quantity: '1', unitPrice: 1_001, taxRate: '0' },
      ],
    });
    expect(inv).toMatchObject({
      companyId,
      contactId: null,
      dueOn: '2026-02-15',
      totals: { net: 50_000 + 1_001, tax: 5_000, gross: 56_001 },
      overdue: true,
      daysLate: 23,
    });
  });

  it('takes partial payments to paid with paidAt, refuses over-payment and other currencies, and repeats idempotently', async () => {
    const inv = await invoice({
      contactId,
      currency: 'EUR',
      lines: [{ description: 'Service Ø', quantity: '1', unitPrice: 80_000, taxRate: '25' }],
    });
    expect(inv.totals.gross).toBe(100_000);
    const first = await ok<PaymentDto>(
      pay(inv.id, { amount: 30_000, receivedAt: '2026-03-12T09:00:00Z', method: 'card' }),
      201,
    );
    expect(first).toMatchObject({
      invoiceId: inv.id,
      invoiceNumber: inv.number,
      amount: 30_000,
      currency: 'EUR',
    });
    expect(await get(inv.id)).toMatchObject({
      status: 'partially_paid',
      paid: 30_000,
      balance: 70_000,
      paidAt: null,
    });

    const over = expectProblem(await pay(inv.id, { amount: 70_001 }), 422, 'overpayment');
    expect(over.errors?.[0]?.path).toBe('amount');
    expect(over.openBalance).toBe(70_000);
    expect(errorPaths(await pay(inv.id, { amount: 100, currency: 'DKK' }))).toEqual(['currency']);
    expect(errorPaths(await pay(inv.id, { amount: 0 }))).toEqual(['amount']);

    const keyed = { 'idempotency-key': `pay-${inv.id}` };
    const a = await ok<PaymentDto>(
      req(agent, 'POST', `/invoices/${inv.id}/payments`, { amount: 20_000 }, keyed),
      201,
    );
    const b = await req(agent, 'POST', `/invoices/${inv.id}/payments`, { amount: 20_000 }, keyed);
    expect(b.json().id).toBe(a.id);

    const bank = {
      amount: 50_000,
      receivedAt: '2026-04-20T15:30:00Z',
      source: 'bank',
      externalId: 'STMT-2026-0042',
    };
    const last = await ok<PaymentDto>(pay(inv.id, bank), 201);
    const repeat = await ok<PaymentDto>(pay(inv.id, bank), 200);
    expect(repeat.id).toBe(last.id);
    const paid = await get(inv.id);
    expect(paid).toMatchObject({
      status: 'paid',
      paid: 100_000,
      balance: 0,
      paidAt: '2026-04-20T15:30:00.000Z',
      daysLate: 11, // due 9 April, paid 20 April
    });
    // In the order received (the keyed one now, 10 March).
    expect(paid.payments.map((p) => p.amount)).toEqual([20_000, 30_000, 50_000]);
    expectProblem(await pay(inv.id, { amount: 1 }), 422, 'overpayment');
    const other = await invoice({
      contactId,
      currency: 'EUR',
      lines: [{ description: 'x', quantity: '1', unitPrice: 100, taxRate: '0' }],
    });
    expectProblem(await pay(other.id, bank), 409, 'payment_external_id_conflict');
    const listed = await ok<{ data: PaymentDto[] }>(req(viewer, 'GET', `/payments?invoiceId=${inv.id}`));
    expect(listed.data.map((p) => p.id)[0]).toBe(last.id);
    expect((await ok<PaymentDto>(req(viewer, 'GET', `/payments/${last.id}`))).amount).toBe(50_000);
  });

  it('lets only one of two concurrent payments pass the over-payment check', async () => {
    const inv = await invoice({
      contactId,
      currency: 'EUR',
      lines: [{ description: 'Rent', quantity: '1', unitPrice: 10_000, taxRate: '0' }],
    });
    const results = await Promise.all([
      pay(inv.id, { amount: 6_000 }),
      pay(inv.id, { amount: 6_000 }),
      pay(inv.id, { amount: 6_000 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422, 422]);
    expect(await get(inv.id)).toMatchObject({ paid: 6_000, status: 'partially_paid', balance: 4_000 });
    const [n] = rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from payments where invoice_id = ${inv.id}`),
    );
    expect(n!.n).toBe(1);
  });

  it('lists overdue invoices oldest due first, with days late from the frozen clock', async () => {
    const c = (await req(admin, 'POST', '/contacts', { firstName: 'Jürgen', lastName: 'Weiß' })).json().id;
    const line = [{ description: 'Wartung', quantity: '1', unitPrice: 1_000, taxRate: '19' }];
    const late = await invoice({
      contactId: c,
      currency: 'EUR',
      issuedOn: '2026-01-01',
      paymentTermsDays: 14,
      lines: line,
    });
    const later = await invoice({
      contactId: c,
      currency: 'EUR',
      issuedOn: '2026-02-01',
      paymentTermsDays: 30,
      lines: line,
    });
    const notYet = await invoice({ contactId: c, currency: 'EUR', issuedOn: '2026-03-01', lines: line });
    const dueToday = await invoice({
      contactId: c,
      currency: 'EUR',
      issuedOn: '2026-03-10',
      paymentTermsDays: 0,
      lines: line,
    });
    const overdue = await ok<{ data: InvoiceDto[] }>(
      req(viewer, 'GET', `/invoices?status=overdue&contactId=${c}`),
    );
    expect(overdue.data.map((i) => [i.number, i.dueOn, i.daysLate])).toEqual([
      [late.number, '2026-01-15', 54],
      [later.number, '2026-03-03', 7],
    ]);
    expect(await get(notYet.id)).toMatchObject({ overdue: false, daysLate: null });
    expect(await get(dueToday.id)).toMatchObject({ overdue: false, daysLate: null });
    // Paid on time: 0 days late; the status filter and paging.
    await ok(pay(later.id, { amount: 1_190, receivedAt: '2026-02-20T08:00:00Z' }), 201);
    expect(await get(later.id)).toMatchObject({ status: 'paid', overdue: false, daysLate: 0 });
    const page1 = await ok<{ data: InvoiceDto[]; nextCursor: string | null }>(
      req(viewer, 'GET', `/invoices?contactId=${c}&limit=2`),
    );
    expect(page1.data.map((i) => i.number)).toEqual([dueToday.number, notYet.number]);
    const page2 = await ok<{ data: InvoiceDto[]; nextCursor: string | null }>(
      req(viewer, 'GET', `/invoices?contactId=${c}&limit=2&cursor=${page1.nextCursor}`),
    );
    expect(page2.data.map((i) => i.number)).toEqual([later.number, late.number]);
    expect(page2.nextCursor).toBeNull();
    const paidOnes = await ok<{ data: InvoiceDto[] }>(
      req(viewer, 'GET', `/invoices?status=paid&contactId=${c}`),
    );
    expect(paidOnes.data.map((i) => i.number)).toEqual([later.number]);
    const byNumber = await ok<{ data: InvoiceDto[] }>(
      req(viewer, 'GET', `/invoices?q=${late.number.toLowerCase()}`),
    );
    expect(byNumber.data.map((i) => i.number)).toEqual([late.number]);
  });

  it('credits returned lines with negative amounts: balance = gross − paid − credited, returned quantities grow', async () => {
    const order = await makeOrder();
    const inv = await invoice({ orderId: order.id });
    expect(inv.totals).toEqual({ net: 1_014_897, tax: 253_724, gross: 1_268_621 });
    await ok(pay(inv.id, { amount: 500_000 }), 201);
    const bikes = inv.lines[0]!;
    const helmets = inv.lines[1]!;
    const res = await req(agent, 'POST', `/invoices/${inv.id}/credit-note`, {
      lines: [
        { invoiceLineId: bikes.id, quantity: '2' },
        { invoiceLineId: helmets.id, quantity: '1' },
      ],
      reason: 'Returned: two bikes, one helmet',
    });
    expect(res.statusCode, res.body).toBe(201);
    const cn = res.json() as InvoiceDetailDto;
    expect(cn).toMatchObject({
      kind: 'credit_note',
      creditedInvoiceId: inv.id,
      creditedInvoiceNumber: inv.number,
      // 2 × 1,000.00 + (49.99 − 0.33) = 2,049.66 net; 25 % tax 512.42 (rounded once on the rate's sum)
      totals: { net: -204_966, tax: -51_242, gross: -256_208 },
      balance: 0,
    });
    expect(cn.number).toMatch(/^CN-2026-\d{4}$/);
    expect(cn.lines.map((l) => [l.quantity, l.discountAmount, l.net])).toEqual([
      ['-2', null, -200_000],
      ['-1', -33, -4_966],
    ]);
    expect(await orderLine(order.bikes)).toEqual({ invoiced: '10.0000', returned: '2.0000' });
    const after = await get(inv.id);
    expect(after).toMatchObject({
      credited: 256_208,
      paid: 500_000,
      balance: 1_268_621 - 500_000 - 256_208,
      status: 'partially_paid',
    });
    expect(after.lines.map((l) => l.creditedQuantity)).toEqual(['2', '1']);
    expect(after.creditNotes).toEqual([
      { id: cn.id, number: cn.number, issuedOn: '2026-03-10', gross: 256_208, status: 'paid' },
    ]);

    // No more than is left to credit; the payment limit follows the credit.
    const tooMany = await req(agent, 'POST', `/invoices/${inv.id}/credit-note`, {
      lines: [{ invoiceLineId: helmets.id, quantity: '2.5' }],
      reason: 'x returned',
    });
    expect(expectProblem(tooMany, 422).errors).toEqual([
      { path: 'lines.0.quantity', message: 'At most 2 can be credited' },
    ]);
    expectProblem(await pay(inv.id, { amount: after.balance + 1 }), 422, 'overpayment');
    await ok(pay(inv.id, { amount: after.balance }), 201);
    expect(await get(inv.id)).toMatchObject({ status: 'paid', balance: 0 });

    // The rest of the helmets takes the rest of their discount: 3 helmets credited carry exactly €1.00.
    const cn2 = await ok<InvoiceDetailDto>(
      req(agent, 'POST', `/invoices/${inv.id}/credit-note`, {
        lines: [{ invoiceLineId: helmets.id, quantity: '2' }],
        reason: 'Helmets back',
      }),
      201,
    );
    expect(cn2.lines[0]!.discountAmount).toBe(-67);
    expect((await get(inv.id)).balance).toBe(cn2.totals.gross); // negative: the customer is owed a refund

    // Voiding a credit note puts the quantities and the balance back.
    await ok(req(admin, 'POST', `/invoices/${cn2.id}/void`, { reason: 'Issued by mistake' }));
    expect((await get(inv.id)).balance).toBe(0);
    expect(await orderLine(order.helmets)).toEqual({ invoiced: '3.0000', returned: '1.0000' });
  });

  it('voids an invoice without payments (its quantities become invoiceable again), never one with payments', async () => {
    const order = await makeOrder();
    const inv = await invoice({ orderId: order.id, lines: [{ orderLineId: order.bikes, quantity: '3' }] });
    expectProblem(await req(agent, 'POST', `/invoices/${inv.id}/void`, { reason: 'Wrong customer' }), 403);
    expect(errorPaths(await req(admin, 'POST', `/invoices/${inv.id}/void`, {}))).toEqual(['reason']);
    const voided = await ok<InvoiceDetailDto>(
      req(admin, 'POST', `/invoices/${inv.id}/void`, { reason: 'Wrong customer' }),
    );
    expect(voided).toMatchObject({ status: 'void', voidReason: 'Wrong customer', number: inv.number });
    expect(voided.voidedAt?.slice(0, 10)).toBe('2026-03-10');
    expect((await orderLine(order.bikes)).invoiced).toBe('0.0000');
    expectProblem(
      await req(admin, 'POST', `/invoices/${inv.id}/void`, { reason: 'again' }),
      409,
      'invoice_void',
    );
    expectProblem(await pay(inv.id, { amount: 1 }), 409, 'invoice_void');

    const paid = await invoice({ orderId: order.id, lines: [{ orderLineId: order.bikes, quantity: '3' }] });
    await ok(pay(paid.id, { amount: 1_000 }), 201);
    expectProblem(
      await req(admin, 'POST', `/invoices/${paid.id}/void`, { reason: 'Too late' }),
      409,
      'invoice_has_payments',
    );
    const history = await ok<{ data: { action: string }[] }>(
      req(viewer, 'GET', `/invoices/${voided.id}/history`),
    );
    expect(history.data.map((h) => h.action)).toEqual(['update', 'create']);
  });

  it('sums revenue, margin, open and overdue amounts and days to pay per currency, by hand on a small set', async () => {
    const co = (await req(admin, 'POST', '/companies', { name: 'Côte d’Azur Vélos SARL' })).json().id;
    const c = (
      await req(admin, 'POST', '/contacts', { firstName: 'Hélène', lastName: 'Dubois', companyId: co })
    ).json().id;
    const [product] = rowsOf<{ id: string }>(
      await getDb().db.execute(
        sql`insert into products (sku, names, cost_price, cost_currency) values ('VEL-1', '{"en":"Vélo"}'::jsonb, 60000, 'EUR') returning id`,
      ),
    );
    const line = (q: string) => ({
      productId: product!.id,
      description: 'Vélo',
      quantity: q,
      unitPrice: 100_000,
      taxRate: '20',
    });
    // A: 2 bikes, issued 2025-01-10, due +30 = 2025-02-09, paid 2025-02-19 (40 days to pay, 10 late). Old: lifetime only.
    const a = await invoice({ contactId: c, currency: 'EUR', issuedOn: '2025-01-10', lines: [line('2')] });
    await ok(pay(a.id, { amount: 240_000, receivedAt: '2025-02-19T12:00:00Z' }), 201);
    // B: 3 bikes, issued 2026-02-01, due 2026-03-03, unpaid → overdue; 1 bike credited.
    const b = await invoice({ contactId: c, currency: 'EUR', issuedOn: '2026-02-01', lines: [line('3')] });
    await ok(
      req(agent, 'POST', `/invoices/${b.id}/credit-note`, {
        lines: [{ invoiceLineId: b.lines[0]!.id, quantity: '1' }],
        reason: 'One returned',
      }),
      201,
    );
    // C: 1 bike, issued 2026-03-01, paid in 4 days (on time).
    const cc = await invoice({ contactId: c, currency: 'EUR', issuedOn: '2026-03-01', lines: [line('1')] });
    await ok(pay(cc.id, { amount: 120_000, receivedAt: '2026-03-05T09:00:00Z' }), 201);
    // D: void, counts for nothing.
    const d = await invoice({ contactId: c, currency: 'EUR', issuedOn: '2026-03-02', lines: [line('5')] });
    await ok(req(admin, 'POST', `/invoices/${d.id}/void`, { reason: 'Duplicate' }));
    // E: in DKK, open, not yet due; no cost known.
    await invoice({
      contactId: c,
      currency: 'DKK',
      issuedOn: '2026-03-09',
      lines: [{ description: 'Cykel', quantity: '1', unitPrice: 50_000, taxRate: '25' }],
    });
    // F: in DKK, no cost known either, half of it credited: the credit note takes back uncosted revenue.
    const f = await invoice({
      contactId: c,
      currency: 'DKK',
      issuedOn: '2026-03-09',
      lines: [{ description: 'Lås', quantity: '2', unitPrice: 10_000, taxRate: '25' }],
    });
    await ok(
      req(agent, 'POST', `/invoices/${f.id}/credit-note`, {
        lines: [{ invoiceLineId: f.lines[0]!.id, quantity: '1' }],
        reason: 'One returned',
      }),
      201,
    );

    const revenue = await ok<AccountRevenue>(req(viewer, 'GET', `/contacts/${c}/revenue`));
    expect(revenue.asOf).toBe('2026-03-10');
    expect(revenue.currencies).toEqual([
      {
        currency: 'DKK',
        // E 50,000 + F 20,000 − credit 10,000, all without a known cost: no margin, not a 100 % one.
        lifetimeRevenue: 60_000,
        last12MonthsRevenue: 60_000,
        lifetimeMargin: 0,
        last12MonthsMargin: 0,
        lifetimeUncostedRevenue: 60_000,
        last12MonthsUncostedRevenue: 60_000,
        openCount: 2,
        openAmount: 62_500 + 25_000 - 12_500,
        overdueCount: 0,
        overdueAmount: 0,
        paidCount: 0,
        averageDaysToPay: null,
        averageDaysLate: null,
      },
      {
        currency: 'EUR',
        // A 200,000 + B 300,000 − credit 100,000 + C 100,000
        lifetimeRevenue: 500_000,
        last12MonthsRevenue: 300_000,
        // cost: A 120,000 + B 180,000 − 60,000 + C 60,000 = 300,000
        lifetimeMargin: 200_000,
        last12MonthsMargin: 120_000,
        lifetimeUncostedRevenue: 0,
        last12MonthsUncostedRevenue: 0,
        openCount: 1,
        openAmount: 360_000 - 120_000,
        overdueCount: 1,
        overdueAmount: 240_000,
        paidCount: 2,
        averageDaysToPay: 22, // (40 + 4) / 2
        averageDaysLate: 5, // (10 + 0) / 2
      },
    ]);
    const ofCompany = await ok<AccountRevenue>(req(viewer, 'GET', `/companies/${co}/revenue`));
    expect(ofCompany.currencies).toEqual(revenue.currencies);

    const nobody = (await req(admin, 'POST', '/contacts', { firstName: 'Leer' })).json();
    expect(
      (await ok<AccountRevenue>(req(viewer, 'GET', `/contacts/${nobody.id}/revenue`))).currencies,
    ).toEqual([]);
    await req(admin, 'DELETE', `/contacts/${nobody.id}`, undefined, { 'if-match': `"${nobody.version}"` });
    expectProblem(await req(viewer, 'GET', `/contacts/${nobody.id}/revenue`), 404);
    expectProblem(await req(viewer, 'GET', `/companies/${crypto.randomUUID()}/revenue`), 404);
  });

  it('shows invoices issued and payments received on the customer’s timeline', async () => {
    const c = (
      await req(admin, 'POST', '/contacts', { firstName: 'Åsa', lastName: 'Lindqvist', companyId })
    ).json().id;
    const inv = await invoice({
      contactId: c,
      currency: 'SEK',
      lines: [{ description: 'Cykel', quantity: '1', unitPrice: 500_000, taxRate: '25' }],
    });
    await ok(pay(inv.id, { amount: 125_000, receivedAt: '2026-03-10T11:00:00Z' }), 201);
    const tl = await ok<{ data: { type: string; invoice?: InvoiceDto; payment?: PaymentDto }[] }>(
      req(viewer, 'GET', `/contacts/${c}/timeline?types=invoice,payment`),
    );
    expect(tl.data.map((e) => e.type).sort()).toEqual(['invoice', 'payment']);
    expect(tl.data.find((e) => e.type === 'invoice')?.invoice).toMatchObject({
      number: inv.number,
      status: 'partially_paid',
    });
    expect(tl.data.find((e) => e.type === 'payment')?.payment).toMatchObject({
      amount: 125_000,
      invoiceNumber: inv.number,
    });
    const ofCompany = await ok<{ data: { type: string; id: string }[] }>(
      req(viewer, 'GET', `/companies/${companyId}/timeline?types=invoice`),
    );
    expect(ofCompany.data.map((e) => e.id)).toContain(inv.id);
  });

  it('renders the invoice as a PDF', async () => {
    const inv = await invoice({
      contactId,
      currency: 'EUR',
      lines: [{ description: 'Lenker aus Stahl, groß', quantity: '1', unitPrice: 2_500, taxRate: '19' }],
    });
    const res = await req(viewer, 'GET', `/invoices/${inv.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${inv.number}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

describeEachDb('invoices query plans', (getDb, kind) => {
  let ctx: Ctx;
  let contactId: string;
  let companyId: string;

  beforeAll(async () => {
    const db = getDb().db;
    ctx = systemCtx(getDb(), testConfig(), silentLog);
    const [c] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into companies (name) values ('Plan ApS') returning id`),
    );
    companyId = c!.id;
    await db.execute(sql`insert into contacts (first_name, last_name)
      select 'Plan', 'Kunde ' || g from generate_series(1, 2000) g`);
    const [one] = rowsOf<{ id: string }>(
      await db.execute(sql`select id from contacts where last_name = 'Kunde 7'`),
    );
    contactId = one!.id;
    // 40,000 invoices over 2,000 customers and three years; a quarter unpaid.
    await db.execute(sql`insert into invoices (number, status, contact_id, company_id, currency, issued_on, due_on, net, tax, gross, tax_breakdown)
      select 'INV-P-' || g, case when g % 4 = 0 then 'open' else 'paid' end, k.id, case when g % 50 = 0 then ${companyId}::uuid end,
        'EUR', date '2026-03-01' - (g % 1000), date '2026-03-31' - (g % 1000), 10000, 2500, 12500, '[]'::jsonb
      from generate_series(1, 40000) g
      join (select id, row_number() over (order by id) as n from contacts where first_name = 'Plan') k on k.n = 1 + g % 2000`);
    await db.execute(sql`analyze invoices`);
    await db.execute(sql`analyze contacts`);
  });

  async function planOf(statement: { getSQL(): unknown } | ReturnType<typeof sql>) {
    const query = 'getSQL' in statement ? (statement.getSQL() as ReturnType<typeof sql>) : statement;
    const [row] = rowsOf<Record<string, unknown>>(
      await getDb().db.execute(sql`explain (format json) ${query}`),
    );
    const raw = Object.values(row!)[0];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const indexes = new Set<string>();
    const walk = (n: PlanNode) => {
      if (n['Index Name']?.startsWith('invoices_')) indexes.add(n['Index Name']);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan[0].Plan);
    return [...indexes];
  }
  const list = (q: Record<string, unknown>) =>
    planOf(invoiceListStatement(ctx, { limit: 50, ...q } as InvoiceListQuery).statement);

  it.skipIf(kind === 'pglite')('reads each list and the revenue aggregate through its index', async () => {
    expect(await list({})).toContain('invoices_issued_idx');
    expect(await list({ status: 'overdue' })).toContain('invoices_due_idx');
    expect(await list({ contactId })).toContain('invoices_contact_idx');
    expect(await list({ companyId })).toContain('invoices_company_idx');
    expect(await planOf(revenueStatement(ctx, 'contact', contactId))).toContain('invoices_contact_idx');
    expect(await planOf(revenueStatement(ctx, 'company', companyId))).toContain('invoices_company_idx');
  });
});
