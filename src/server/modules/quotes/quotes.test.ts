import { eq, sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import { startSmtp } from '../../../../tests/helpers/smtp.ts';
import type { PublicQuoteDto, QuoteDto } from '../../../shared/quotes.ts';
import { rowsOf } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { dealLines, deals, pipelineStages, pipelines } from '../deals/deals.schema.ts';
import { orderLines, orders } from '../orders/orders.schema.ts';
import { products } from '../products/products.schema.ts';
import { quoteExpirySweep } from './index.ts';
import { quotes } from './quotes.schema.ts';

const smtp = await startSmtp();
afterAll(() => smtp.close());

/** The text of every page of a PDF, as pdf.js reads it (through the embedded fonts' ToUnicode maps). */
async function pdfText(body: Buffer): Promise<{ text: string; pages: number }> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(body), useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
  }
  return { text, pages: doc.numPages };
}

const line = (over: Record<string, unknown> = {}) => ({
  description: 'Ladcykel Øresund',
  quantity: '2',
  unitPrice: 1_249_500,
  taxRate: '25',
  ...over,
});

describeEachDb('quotes API', (getDb, kind) => {
  const app = useApp(getDb, { mail: { smtpUrl: smtp.url, from: 'Nordlys <salg@nordlys.test>' } });
  let admin: TestUser;
  let agent: TestUser;
  let viewer: TestUser;
  let manager: TestUser;
  let companyId: string;
  let contactId: string;
  let germanId: string;

  const req = (user: TestUser | null, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...(user?.auth ?? {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (payload: Record<string, unknown>, user = agent): Promise<QuoteDto> => {
    const res = await req(user, 'POST', '/quotes', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const send = async (id: string, payload: Record<string, unknown> = {}) => {
    const res = await req(agent, 'POST', `/quotes/${id}/send`, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as QuoteDto;
  };
  /** Sends and reads the accept token out of the mail the customer receives. */
  const sendAndGetToken = async (id: string, payload: Record<string, unknown> = {}) => {
    const before = smtp.messages.length;
    await send(id, payload);
    const mails = await smtp.waitFor(before + 1);
    const text = mails.at(-1)!.text ?? '';
    const m = /\/q\/([A-Za-z0-9_-]{43})/.exec(text);
    expect(m, text).not.toBeNull();
    return { token: m![1]!, mail: mails.at(-1)! };
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    manager = await makeUser(getDb(), 'manager');
    agent = await makeUser(getDb(), 'agent', { name: 'Astrid Sælger' });
    viewer = await makeUser(getDb(), 'viewer');
    await req(admin, 'PATCH', '/settings/sales', {
      companyName: 'Nordlys Cykler ApS',
      address: 'Søndergade 12\n8000 Aarhus C',
      vatId: 'DK12345678',
      iban: 'DK5000400440116243',
      brandColor: '#0b7285',
      quoteValidityDays: 14,
      quoteTerms: 'Levering inden for 14 dage.',
    });
    companyId = (
      await req(admin, 'POST', '/companies', {
        name: 'Łódź Rowery Sp. z o.o.',
        addresses: [{ street: 'ul. Piotrkowska 1', postalCode: '90-001', city: 'Łódź', country: 'PL' }],
      })
    ).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', {
        firstName: 'Søren',
        lastName: 'Ærø',
        companyId,
        language: 'da',
        emails: [{ address: 'soren@kunde.test' }],
      })
    ).json().id;
    germanId = (
      await req(admin, 'POST', '/contacts', {
        firstName: 'Jürgen',
        lastName: 'Weiß',
        language: 'de',
        emails: [{ address: 'juergen@kunde.test' }],
      })
    ).json().id;
  });

  it('creates a quote from scratch: numbered per year, totals exact in EUR, defaults from the sales settings', async () => {
    const a = await create({
      contactId,
      currency: 'EUR',
      lines: [
        line(),
        line({
          description: 'Hjelm',
          quantity: '3',
          unitPrice: 33_333,
          discountPercent: '10',
          taxRate: '25',
        }),
        line({ description: 'Bog', quantity: '1', unitPrice: 1999, taxRate: '0' }),
      ],
    });
    expect(a.number).toMatch(/^Q-\d{4}-\d{4}$/);
    expect(a).toMatchObject({
      status: 'draft',
      currency: 'EUR',
      language: 'da',
      contactId,
      companyId,
      contactName: 'Søren Ærø',
      ownerId: agent.id,
      terms: 'Levering inden for 14 dage.',
      currentVersion: 1,
      recipient: 'soren@kunde.test',
    });
    // 2 × 12,495.00 = 24,990.00; 3 × 333.33 = 999.99 − 10 % = 899.991 → 899.99; 19.99.
    expect(a.lines.map((l) => l.net)).toEqual([2_499_000, 89_999, 1999]);
    expect(a.totals).toEqual({ net: 2_590_998, tax: 647_250, gross: 3_238_248 });
    expect(a.taxBreakdown).toEqual([
      { rate: '25', net: 2_588_999, tax: 647_250 },
      { rate: '0', net: 1999, tax: 0 },
    ]);
    const days =
      (Date.parse(`${a.validUntil}T00:00:00Z`) - Date.parse(`${a.createdAt.slice(0, 10)}T00:00:00Z`)) /
      86_400_000;
    expect(days).toBe(14);

    const b = await create({
      companyId,
      currency: 'JPY',
      lines: [line({ quantity: '3', unitPrice: 333, taxRate: '10' })],
    });
    const seq = (n: string) => Number(n.slice(-4));
    expect(seq(b.number)).toBe(seq(a.number) + 1);
    // JPY has no minor unit: 999 net, 99.9 → 100 tax.
    expect(b.totals).toEqual({ net: 999, tax: 100, gross: 1099 });

    const c = await create({
      companyId,
      currency: 'KWD',
      lines: [line({ quantity: '1.5', unitPrice: 1_234, discountAmount: 1, taxRate: '5' })],
    });
    // 1.5 × 1.234 = 1.851 − 0.001 = 1.850 KWD; 5 % = 0.0925 → 0.093.
    expect(c.totals).toEqual({ net: 1850, tax: 93, gross: 1943 });
    expect(c.language).toBe('en');
  });

  it('a retried create with the same Idempotency-Key makes one quote with one number', async () => {
    const key = `quote-${crypto.randomUUID()}`;
    const body = { contactId, currency: 'EUR', lines: [line()] };
    const first = await req(agent, 'POST', '/quotes', body, { 'idempotency-key': key });
    const again = await req(agent, 'POST', '/quotes', body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().number).toBe(first.json().number);
    const next = await create(body);
    expect(Number(next.number.slice(-4))).toBe(Number(first.json().number.slice(-4)) + 1);
  });

  it('creates a quote from a deal in one click: customer, currency, owner, title and lines copied', async () => {
    const db = getDb().db;
    const [pipe] = await db.insert(pipelines).values({ name: 'Quote test pipeline' }).returning();
    const [stage] = await db
      .insert(pipelineStages)
      .values({ pipelineId: pipe!.id, labels: { en: 'Proposal' }, position: 1, probability: 50 })
      .returning();
    const [deal] = await db
      .insert(deals)
      .values({
        title: 'Flådeaftale 2027',
        pipelineId: pipe!.id,
        stageId: stage!.id,
        currency: 'DKK',
        amount: 0,
        ownerId: agent.id,
        contactId,
        companyId,
      })
      .returning();
    await db.insert(dealLines).values([
      {
        dealId: deal!.id,
        position: 2,
        description: 'Service',
        quantity: '1.0000',
        unitPrice: 50_000,
        taxRate: '25.000',
        net: 50_000,
      },
      {
        dealId: deal!.id,
        position: 1,
        description: 'Elcykel Ærø',
        quantity: '4.5000',
        unitPrice: 1_999_900,
        discountPercent: '12.5000',
        taxRate: '25.000',
        net: 7_874_606,
      },
    ]);
    // Product lines picked in English by the seller: the quote for a Danish customer names the product in
    // Danish, unless someone rewrote the line's text.
    const [bike] = await db
      .insert(products)
      .values({ sku: `FJORD-${Math.random()}`, names: { en: 'E-bike Fjord', da: 'Elcykel Fjord' } })
      .returning();
    await db.insert(dealLines).values([
      {
        dealId: deal!.id,
        position: 3,
        productId: bike!.id,
        description: 'E-bike Fjord',
        quantity: '1',
        unitPrice: 0,
        taxRate: '25',
        net: 0,
      },
      {
        dealId: deal!.id,
        position: 4,
        productId: bike!.id,
        description: 'E-bike Fjord, blue frame',
        quantity: '1',
        unitPrice: 0,
        taxRate: '25',
        net: 0,
      },
    ]);
    const res = await req(agent, 'POST', '/quotes', { dealId: deal!.id });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json() as QuoteDto;
    expect(q).toMatchObject({
      dealId: deal!.id,
      dealTitle: 'Flådeaftale 2027',
      title: 'Flådeaftale 2027',
      contactId,
      companyId,
      currency: 'DKK',
      ownerId: agent.id,
      language: 'da',
    });
    expect(q.lines).toEqual([
      expect.objectContaining({
        description: 'Elcykel Ærø',
        quantity: '4.5',
        discountPercent: '12.5',
        taxRate: '25',
        net: 7_874_606,
      }),
      expect.objectContaining({
        description: 'Service',
        quantity: '1',
        discountPercent: null,
        taxRate: '25',
        net: 50_000,
      }),
      expect.objectContaining({ productId: bike!.id, description: 'Elcykel Fjord' }),
      expect.objectContaining({ productId: bike!.id, description: 'E-bike Fjord, blue frame' }),
    ]);
    expect(q.totals.net).toBe(7_924_606);
    const listed = await req(agent, 'GET', `/quotes?dealId=${deal!.id}`);
    expect(listed.json().data.map((x: QuoteDto) => x.id)).toEqual([q.id]);
    expectProblem(await req(agent, 'POST', '/quotes', { dealId: crypto.randomUUID() }), 422);
  });

  it('wins the open deal of an accepted quote, with the quote in the close note', async () => {
    const db = getDb().db;
    const [pipe] = await db.insert(pipelines).values({ name: 'Won-on-accept pipeline' }).returning();
    const stages = await db
      .insert(pipelineStages)
      .values([
        { pipelineId: pipe!.id, labels: { en: 'Proposal' }, position: 1, probability: 50 },
        { pipelineId: pipe!.id, labels: { en: 'Won' }, position: 2, probability: 100, kind: 'won' },
        { pipelineId: pipe!.id, labels: { en: 'Lost' }, position: 3, probability: 0, kind: 'lost' },
      ])
      .returning();
    const created = await req(agent, 'POST', '/deals', {
      title: 'Varevogne til Aarhus',
      pipelineId: pipe!.id,
      stageId: stages[0]!.id,
      contactId,
      currency: 'DKK',
      lines: [{ description: 'Ladcykel', quantity: '2', unitPrice: 2_499_500, taxRate: '25' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const deal = created.json() as { id: string };
    const quote = (await req(agent, 'POST', '/quotes', { dealId: deal.id })).json() as QuoteDto;
    const accepted = await req(agent, 'POST', `/quotes/${quote.id}/accept`, { name: 'Mette Kjær' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = (await req(agent, 'GET', `/deals/${deal.id}`)).json() as {
      status: string;
      closeReason: string;
      closeNote: string;
      closedAt: string | null;
    };
    expect(after).toMatchObject({
      status: 'won',
      closeReason: 'other',
      closeNote: `Quote ${quote.number} accepted`,
    });
    expect(after.closedAt).not.toBeNull();
  });

  it('creates from a template (managers write templates; agents may not)', async () => {
    const tplBody = {
      name: 'Servicepakke',
      currency: 'EUR',
      validDays: 45,
      terms: 'Pakken fornyes årligt.',
      lines: [line({ description: 'Årligt eftersyn', quantity: '1', unitPrice: 89_900 })],
    };
    expectProblem(await req(agent, 'POST', '/quote-templates', tplBody), 403);
    const tpl = await req(manager, 'POST', '/quote-templates', tplBody);
    expect(tpl.statusCode, tpl.body).toBe(201);
    expect(tpl.json().totals).toEqual({ net: 89_900, tax: 22_475, gross: 112_375 });
    const q = await create({ templateId: tpl.json().id, contactId: germanId });
    expect(q).toMatchObject({
      title: 'Servicepakke',
      currency: 'EUR',
      terms: 'Pakken fornyes årligt.',
      language: 'de',
    });
    expect(q.lines[0]!.description).toBe('Årligt eftersyn');
    const days =
      (Date.parse(`${q.validUntil}T00:00:00Z`) - Date.parse(`${q.createdAt.slice(0, 10)}T00:00:00Z`)) /
      86_400_000;
    expect(days).toBe(45);
    const list = await req(viewer, 'GET', '/quote-templates');
    expect(list.json().data.map((t: { name: string }) => t.name)).toContain('Servicepakke');
    const renamed = await req(
      manager,
      'PATCH',
      `/quote-templates/${tpl.json().id}`,
      { name: 'Service' },
      { 'if-match': '"1"' },
    );
    expect(renamed.json()).toMatchObject({ name: 'Service', version: 2 });
    expectProblem(
      await req(manager, 'PATCH', `/quote-templates/${tpl.json().id}`, { name: 'X' }, { 'if-match': '"1"' }),
      412,
    );
  });

  it('rejects bad input with field paths: negative quantity, discount over 100 %, unknown product, no customer', async () => {
    const bad = await req(agent, 'POST', '/quotes', {
      contactId,
      currency: 'EUR',
      lines: [line(), line({ discountPercent: '120' })],
    });
    expect(errorPaths(bad)).toContain('lines.1.discountPercent');
    expectProblem(bad, 400);
    const negative = await req(agent, 'POST', '/quotes', {
      contactId,
      currency: 'EUR',
      lines: [line({ quantity: '-1' })],
    });
    expect(errorPaths(negative)).toEqual(['lines.0.quantity']);
    const product = await req(agent, 'POST', '/quotes', {
      contactId,
      currency: 'EUR',
      lines: [line({ productId: crypto.randomUUID() })],
    });
    expect(errorPaths(product)).toEqual(['lines.0.productId']);
    expectProblem(await req(agent, 'POST', '/quotes', { currency: 'EUR', lines: [line()] }), 422);
    expectProblem(await req(viewer, 'POST', '/quotes', { contactId, currency: 'EUR', lines: [line()] }), 403);
  });

  it('answers 404 for an unknown quote on every route that takes one (no body needed to get that far)', async () => {
    const id = crypto.randomUUID();
    const routes: [string, string][] = [
      ['GET', `/quotes/${id}`],
      ['PATCH', `/quotes/${id}`],
      ['DELETE', `/quotes/${id}`],
      ['POST', `/quotes/${id}/restore`],
      ['POST', `/quotes/${id}/revise`],
      ['GET', `/quotes/${id}/versions`],
      ['GET', `/quotes/${id}/versions/1`],
      ['GET', `/quotes/${id}/versions/x`],
      ['GET', `/quotes/${id}/pdf`],
      ['GET', `/quotes/${id}/docx`],
      ['POST', `/quotes/${id}/send`],
      ['POST', `/quotes/${id}/accept`],
      ['POST', `/quotes/${id}/decline`],
      ['GET', `/quotes/${id}/history`],
      ['GET', `/quote-templates/${id}`],
      ['PATCH', `/quote-templates/${id}`],
      ['DELETE', `/quote-templates/${id}`],
    ];
    for (const [method, url] of routes)
      expectProblem(await req(admin, method, url, method === 'PATCH' ? {} : undefined), 404);
  });

  it('returns the created quote exactly as it reads back, records its creation with the number, and numbers on past 9,999', async () => {
    const a = await create({ contactId, title: 'Forårstilbud', lines: [line(), line({ taxRate: '0' })] });
    expect((await req(agent, 'GET', `/quotes/${a.id}`)).json()).toEqual(a);
    const history = (await req(agent, 'GET', `/quotes/${a.id}/history`)).json().data;
    const created = history.find((h: { action: string }) => h.action === 'create');
    expect(created.changes[0]).toEqual({ field: 'number', old: null, new: a.number });
    expect(created.changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['title', 'contactId', 'companyId', 'currency', 'gross', 'lines']),
    );
    const year = Number(a.number.slice(2, 6));
    await getDb().db.execute(
      sql`update document_sequences set last = 9999 where kind = 'quote' and year = ${year}`,
    );
    const b = await create({ companyId, lines: [line()] });
    expect(b.number).toBe(`Q-${year}-10000`);
    // An unknown contact or company is refused before anything is numbered.
    expect(
      errorPaths(await req(agent, 'POST', '/quotes', { contactId: companyId, lines: [line()] })),
    ).toEqual(['contactId']);
    expect(
      errorPaths(await req(agent, 'POST', '/quotes', { companyId: contactId, lines: [line()] })),
    ).toEqual(['companyId']);
    expect((await create({ companyId, lines: [line()] })).number).toBe(`Q-${year}-10001`);
  });

  it('edits a draft with If-Match, keeps history, and bins drafts only', async () => {
    const q = await create({ contactId, currency: 'EUR', lines: [line()] });
    expectProblem(await req(agent, 'PATCH', `/quotes/${q.id}`, { title: 'x' }, { 'if-match': '"99"' }), 412);
    const res = await req(
      agent,
      'PATCH',
      `/quotes/${q.id}`,
      { title: 'Forår', lines: [line({ quantity: '1' })], terms: 'Netto 8 dage' },
      { 'if-match': `"${q.version}"` },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Forår',
      terms: 'Netto 8 dage',
      totals: { net: 1_249_500 },
      version: q.version + 1,
    });
    const history = await req(agent, 'GET', `/quotes/${q.id}/history`);
    expect(history.json().data[0].changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['title', 'terms', 'gross', 'lines']),
    );
    expect((await req(agent, 'DELETE', `/quotes/${q.id}`)).statusCode).toBe(204);
    expectProblem(await req(agent, 'GET', `/quotes/${q.id}`), 404);
    const bin = await req(agent, 'GET', '/quotes?deleted=only');
    expect(bin.json().data.map((x: QuoteDto) => x.id)).toContain(q.id);
    expect((await req(agent, 'POST', `/quotes/${q.id}/restore`)).json().deletedAt).toBeNull();
  });

  it('renders the PDF with the embedded DejaVu font, in the quote’s language, and the DOCX with the same text', async () => {
    const q = await create({
      contactId,
      currency: 'EUR',
      title: 'Tilbud på cykler',
      lines: [
        line({ description: 'Øre, Straße, café, Łódź' }),
        line({ description: 'Kurv', quantity: '1', unitPrice: 29_950 }),
      ],
    });
    const pdf = await req(agent, 'GET', `/quotes/${q.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${q.number}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    const { text } = await pdfText(pdf.rawPayload);
    expect(text).toContain('Øre, Straße, café, Łódź');
    expect(text).toContain(`Tilbud ${q.number}`);
    expect(text).toContain('Nordlys Cykler ApS');
    expect(text).toContain('Łódź Rowery Sp. z o.o.');
    expect(text).toContain('24.990,00 €'); // Danish money format
    expect(text).toContain('Moms 25 % af');
    expect(text).toContain('Side 1 af 1');

    const docx = await req(agent, 'GET', `/quotes/${q.id}/docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toBe(`attachment; filename="${q.number}.docx"`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const files = unzipSync(new Uint8Array(docx.rawPayload));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toContain('Øre, Straße, café, Łódź');
    expect(xml).toContain(`Tilbud ${q.number}`);

    // A long quote gets page numbers on every page.
    const long = await create({
      contactId: germanId,
      currency: 'EUR',
      lines: Array.from({ length: 60 }, (_, i) =>
        line({ description: `Position ${i + 1} – Schloss`, quantity: '1' }),
      ),
    });
    const longPdf = await pdfText((await req(agent, 'GET', `/quotes/${long.id}/pdf`)).rawPayload);
    expect(longPdf.pages).toBeGreaterThan(1);
    expect(longPdf.text).toContain(`Seite ${longPdf.pages} von ${longPdf.pages}`);
    expect(longPdf.text).toContain('Gesamtbetrag');
  });

  it('sends by e-mail: one mail with the PDF and the accept link, logged on the timeline; a sent quote is revised, not edited', async () => {
    const q = await create({ contactId, currency: 'EUR', lines: [line()] });
    const { token, mail } = await sendAndGetToken(q.id, { message: 'Hej Søren, her er tilbuddet.' });
    expect(mail.to && 'value' in mail.to ? mail.to.value[0]!.address : null).toBe('soren@kunde.test');
    expect(mail.subject).toBe(`Tilbud ${q.number} fra Nordlys Cykler ApS`);
    expect(mail.text).toContain('Hej Søren, her er tilbuddet.');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${q.number}.pdf`, 'application/pdf'],
    ]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(token).toHaveLength(43);
    const [stored] = await getDb()
      .db.select({ hash: quotes.acceptTokenHash })
      .from(quotes)
      .where(eq(quotes.id, q.id));
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.hash).not.toContain(token);

    // The SMTP server has it; the outbox records the delivery when its transaction commits, a moment later.
    let sent = (await req(agent, 'GET', `/quotes/${q.id}`)).json() as QuoteDto;
    for (let i = 0; i < 50 && sent.mail?.status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sent = (await req(agent, 'GET', `/quotes/${q.id}`)).json() as QuoteDto;
    }
    expect(sent.status).toBe('sent');
    expect(sent.mail?.status).toBe('sent');
    const timeline = await req(agent, 'GET', `/contacts/${contactId}/timeline?types=interaction`);
    expect(JSON.stringify(timeline.json())).toContain(`Tilbud ${q.number} fra Nordlys Cykler ApS`);

    expectProblem(await req(agent, 'PATCH', `/quotes/${q.id}`, { title: 'x' }), 409, 'quote_not_draft');
    expectProblem(await req(agent, 'DELETE', `/quotes/${q.id}`), 409, 'quote_not_deletable');

    const revised = await req(agent, 'POST', `/quotes/${q.id}/revise`);
    expect(revised.json()).toMatchObject({ status: 'draft', currentVersion: 2 });
    await req(agent, 'PATCH', `/quotes/${q.id}`, { lines: [line({ quantity: '10' })] });
    const v1 = await req(agent, 'GET', `/quotes/${q.id}/versions/1`);
    expect(v1.json()).toMatchObject({ versionNo: 1, current: false, totals: { net: 2_499_000 } });
    const v2 = await req(agent, 'GET', `/quotes/${q.id}/versions/2`);
    expect(v2.json()).toMatchObject({ versionNo: 2, current: true, totals: { net: 12_495_000 } });
    const versions = await req(agent, 'GET', `/quotes/${q.id}/versions`);
    expect(versions.json().data.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
    const oldPdf = await pdfText((await req(agent, 'GET', `/quotes/${q.id}/pdf?version=1`)).rawPayload);
    expect(oldPdf.text).toContain('24.990,00 €');
    // The old link stopped working with the revision.
    expectProblem(await req(null, 'GET', `/public/quotes/${token}`), 404);
  });

  it('the customer accepts through the link: name, time and IP recorded, the order created with the same totals; twice → 409', async () => {
    const q = await create({
      contactId,
      currency: 'EUR',
      lines: [
        line(),
        line({ description: 'Lås', quantity: '2', unitPrice: 14_995, discountAmount: 990, taxRate: '25' }),
      ],
    });
    const { token } = await sendAndGetToken(q.id);
    const seen = await req(null, 'GET', `/public/quotes/${token}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const view = seen.json() as PublicQuoteDto;
    expect(view).toMatchObject({ number: q.number, status: 'sent', language: 'da', totals: q.totals });
    expect(view.seller.companyName).toBe('Nordlys Cykler ApS');
    const keys = JSON.stringify(view);
    for (const secret of [q.id, contactId, companyId, agent.id]) expect(keys).not.toContain(secret);
    expect((await req(null, 'GET', `/public/quotes/${token}/pdf`)).rawPayload.subarray(0, 5).toString()).toBe(
      '%PDF-',
    );

    expectProblem(await req(null, 'POST', `/public/quotes/${token}/accept`, { name: '' }), 400);
    const accepted = await req(
      null,
      'POST',
      `/public/quotes/${token}/accept`,
      { name: 'Søren Ærø' },
      {
        'x-forwarded-for': '203.0.113.9',
      },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      acceptedName: 'Søren Ærø',
      orderNumber: expect.stringMatching(/^SO-/),
    });

    const after = (await req(agent, 'GET', `/quotes/${q.id}`)).json() as QuoteDto;
    expect(after).toMatchObject({
      status: 'accepted',
      acceptedName: 'Søren Ærø',
      acceptedIp: expect.any(String),
    });
    expect(after.acceptedAt).not.toBeNull();
    const [order] = await getDb().db.select().from(orders).where(eq(orders.id, after.orderId!));
    expect(order).toMatchObject({
      quoteId: q.id,
      contactId,
      companyId,
      currency: 'EUR',
      channel: 'sales',
      net: q.totals.net,
      tax: q.totals.tax,
      gross: q.totals.gross,
    });
    expect(after.orderNumber).toBe(order!.number);
    const lines = await getDb().db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(lines).toHaveLength(2);

    expectProblem(
      await req(null, 'POST', `/public/quotes/${token}/accept`, { name: 'Søren' }),
      409,
      'quote_already_accepted',
    );
    expectProblem(await req(agent, 'POST', `/quotes/${q.id}/accept`, {}), 409, 'quote_already_accepted');
    expectProblem(await req(null, 'GET', `/public/quotes/${'x'.repeat(43)}`), 404);
    expectProblem(
      await req(null, 'POST', `/public/quotes/${'y'.repeat(43)}/accept`, { name: 'Mallory' }),
      404,
    );
    // The customer's answer is on their timeline.
    const timeline = await req(agent, 'GET', `/contacts/${contactId}/timeline?types=interaction`);
    expect(JSON.stringify(timeline.json())).toContain(`Tilbud ${q.number} accepteret af Søren Ærø`);
  });

  it('two answers at the same moment: one acceptance, one order, the other 409', async () => {
    const q = await create({
      companyId,
      currency: 'KWD',
      lines: [line({ unitPrice: 12_345, taxRate: '0' })],
    });
    // The company has no e-mail address: the sender has to give one.
    expect(errorPaths(await req(agent, 'POST', `/quotes/${q.id}/send`))).toEqual(['to']);
    const { token } = await sendAndGetToken(q.id, { to: 'zakupy@rowery.test' });
    const results = await Promise.all([
      req(null, 'POST', `/public/quotes/${token}/accept`, { name: 'Paweł' }),
      req(agent, 'POST', `/quotes/${q.id}/accept`, { name: 'Paweł (phone)' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const made = await getDb().db.select({ id: orders.id }).from(orders).where(eq(orders.quoteId, q.id));
    expect(made).toHaveLength(1);
  });

  it('an expired quote cannot be accepted; a declined one neither; staff record acceptance by phone', async () => {
    const q = await create({ contactId, currency: 'EUR', lines: [line()] });
    const { token } = await sendAndGetToken(q.id);
    await getDb().db.update(quotes).set({ validUntil: '2020-01-01' }).where(eq(quotes.id, q.id));
    expect((await req(agent, 'GET', `/quotes/${q.id}`)).json().status).toBe('expired');
    expect((await req(null, 'GET', `/public/quotes/${token}`)).json().status).toBe('expired');
    expectProblem(
      await req(null, 'POST', `/public/quotes/${token}/accept`, { name: 'Søren' }),
      409,
      'quote_expired',
    );
    expectProblem(await req(agent, 'POST', `/quotes/${q.id}/accept`, {}), 409, 'quote_expired');
    const expiredList = await req(agent, 'GET', `/quotes?status=expired&contactId=${contactId}`);
    expect(expiredList.json().data.map((x: QuoteDto) => x.id)).toContain(q.id);
    const sentList = await req(agent, 'GET', `/quotes?status=sent&contactId=${contactId}`);
    expect(sentList.json().data.map((x: QuoteDto) => x.id)).not.toContain(q.id);
    // The sweep writes what was computed.
    expect(await quoteExpirySweep.run(systemCtx(getDb(), testConfig(), silentLog))).toBeGreaterThanOrEqual(1);
    const [row] = await getDb().db.select({ status: quotes.status }).from(quotes).where(eq(quotes.id, q.id));
    expect(row!.status).toBe('expired');

    const d = await create({ contactId, currency: 'EUR', lines: [line()] });
    const { token: dToken } = await sendAndGetToken(d.id);
    const declined = await req(null, 'POST', `/public/quotes/${dToken}/decline`, {
      name: 'Søren',
      reason: 'For dyrt',
    });
    expect(declined.json().status).toBe('declined');
    expect((await req(agent, 'GET', `/quotes/${d.id}`)).json()).toMatchObject({
      status: 'declined',
      declineReason: 'For dyrt',
    });
    expectProblem(
      await req(null, 'POST', `/public/quotes/${dToken}/accept`, { name: 'Søren' }),
      409,
      'quote_declined',
    );

    const s = await create({
      companyId,
      currency: 'JPY',
      lines: [line({ unitPrice: 12_000, taxRate: '10' })],
    });
    expectProblem(await req(viewer, 'POST', `/quotes/${s.id}/accept`, {}), 403);
    const byPhone = await req(agent, 'POST', `/quotes/${s.id}/accept`, { name: 'Paweł Nowak' });
    expect(byPhone.statusCode, byPhone.body).toBe(200);
    expect(byPhone.json()).toMatchObject({
      status: 'accepted',
      acceptedName: 'Paweł Nowak',
      orderNumber: expect.stringMatching(/^SO-/),
    });
  });

  it('lists keyset-paginated with filters by status, customer and number, in one index range', async () => {
    const page1 = await req(agent, 'GET', `/quotes?contactId=${contactId}&limit=2`);
    expect(page1.json().data).toHaveLength(2);
    const cursor = page1.json().nextCursor;
    expect(cursor).toBeTruthy();
    const page2 = await req(
      agent,
      'GET',
      `/quotes?contactId=${contactId}&limit=2&cursor=${encodeURIComponent(cursor)}`,
    );
    const ids = [...page1.json().data, ...page2.json().data].map((x: QuoteDto) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const accepted = await req(agent, 'GET', '/quotes?status=accepted');
    expect(accepted.json().data.every((x: QuoteDto) => x.status === 'accepted')).toBe(true);
    const first = page1.json().data[0] as QuoteDto;
    const byNumber = await req(agent, 'GET', `/quotes?q=${encodeURIComponent(first.number)}`);
    expect(byNumber.json().data.map((x: QuoteDto) => x.id)).toEqual([first.id]);
    const count = await req(agent, 'GET', `/quotes/count?contactId=${contactId}`);
    expect(count.json().count).toBeGreaterThanOrEqual(5);
    if (kind === 'postgres') {
      // Forced off the sequential scan a tiny test table would get: the list is one range of the contact's index.
      const plan = await getDb().db.transaction(async (tx) => {
        await tx.execute(sql`analyze quotes`);
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = rowsOf<Record<string, string>>(
          await tx.execute(
            sql`explain select id from quotes where deleted_at is null and contact_id = ${contactId} order by created_at desc, id desc limit 51`,
          ),
        );
        return rows.map((r) => Object.values(r)[0]).join('\n');
      });
      expect(plan).toContain('quotes_contact_idx');
    }
  });
});
