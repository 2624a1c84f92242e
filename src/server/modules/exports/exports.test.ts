import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import type { ExportDto } from '../../../shared/exports.ts';
import { drainJobs } from '../jobs/index.ts';
import { exportJobHandler } from './exports.service.ts';

describeEachDb('exports', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let other: TestUser;
  let companyId: string;
  let moellerId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const drain = () => drainJobs(getDb(), testConfig(), silentLog, [exportJobHandler]);
  /** Starts an export, runs the job and returns it with the file's bytes. */
  const exportAll = async (user: TestUser, body: Record<string, unknown>) => {
    const res = await req(user, 'POST', '/exports', body);
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json<ExportDto>();
    expect(queued.status).toBe('queued');
    await drain();
    const done = (await req(user, 'GET', `/exports/${queued.id}`)).json<ExportDto>();
    expect(done.status, JSON.stringify(done)).toBe('done');
    const file = await req(user, 'GET', `/files/${done.file!.id}/content`);
    expect(file.statusCode).toBe(200);
    return { done, bytes: file.rawPayload, file };
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent', { name: 'Agnès Agent' });
    other = await makeUser(getDb(), 'agent');
    await req(admin, 'POST', '/custom-fields', {
      entity: 'contact',
      key: 'budget',
      type: 'money',
      labels: { en: 'Budget', fr: 'Budget', de: 'Budget', da: 'Budget' },
    });
    await req(admin, 'POST', '/custom-fields', {
      entity: 'contact',
      key: 'visits',
      type: 'integer',
      labels: { en: 'Visits', fr: 'Visites', de: 'Besuche', da: 'Besøg' },
    });
    companyId = (await req(admin, 'POST', '/companies', { name: 'Ørsted Cykler A/S' })).json<{ id: string }>()
      .id;
    const contact = (body: Record<string, unknown>) => req(admin, 'POST', '/contacts', body);
    const moeller = await contact({
      firstName: 'Søren',
      lastName: 'Møller',
      emails: [
        { address: 'soren@orsted.example', label: 'work' },
        { address: 'soren@home.example', label: 'home' },
      ],
      phones: [{ number: '+45 12 34 56 78', label: 'mobile' }],
      addresses: [
        { label: 'work', street: 'Nørregade 1, 2. tv', postalCode: '1165', city: 'København', country: 'DK' },
      ],
      companyId,
      jobTitle: 'Indkøbschef; Nord, Syd',
      lifecycleStage: 'customer',
      birthday: '1980-02-29',
      tags: ['vip', 'nord;syd'],
      description:
        'Første linje\nAnden linje med en meget lang tekst, der skal foldes over flere linjer i et vCard',
      ownerId: agent.id,
      custom: { budget: { amount: 1234567, currency: 'EUR' }, visits: 7 },
    });
    expect(moeller.statusCode, moeller.body).toBe(201);
    moellerId = moeller.json<{ id: string }>().id;
    await contact({
      firstName: '=HYPERLINK("http://evil")',
      lastName: 'Injection',
      lifecycleStage: 'customer',
    });
    await contact({ firstName: 'Zoë', lastName: 'Lead', lifecycleStage: 'lead' });
  });

  it('exports the filtered list to CSV with a BOM, headers in the caller’s language and neutralised cells', async () => {
    const filter = JSON.stringify({ field: 'lifecycleStage', op: 'eq', value: 'customer' });
    const { done, bytes, file } = await exportAll(admin, {
      entity: 'contacts',
      format: 'csv',
      query: { filter, sort: 'lastName' },
      columns: ['name', 'email', 'companyId', 'tags', 'birthday', 'custom.budget'],
      language: 'fr',
    });
    expect(file.headers['content-disposition']).toContain('.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'Prénom',
      'Nom',
      'E-mail',
      'Entreprise',
      'Étiquettes',
      'Anniversaire',
      'Budget',
    ]);
    expect(rows.slice(1)).toEqual([
      [`'=HYPERLINK("http://evil")`, 'Injection', '', '', '', '', ''],
      [
        'Søren',
        'Møller',
        'soren@orsted.example',
        'Ørsted Cykler A/S',
        'vip; nord;syd',
        '1980-02-29',
        '12345.67',
      ],
    ]);
    expect(done.rows).toBe(2);
    expect(done.total).toBe(2);
  });

  it('writes typed XLSX cells (dates, numbers, money in its currency) under a frozen, filtered header', async () => {
    const { bytes } = await exportAll(admin, {
      entity: 'contacts',
      format: 'xlsx',
      query: { lifecycleStage: 'customer', sort: '-lastName' },
      columns: ['name', 'birthday', 'createdAt', 'custom.budget', 'custom.visits', 'ownerId'],
      timeZone: 'Europe/Copenhagen',
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Contacts');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'First name',
      'Last name',
      'Birthday',
      'Created',
      'Budget',
      'Visits',
      'Owner',
    ]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe('Søren');
    expect(row.getCell(3).value).toEqual(new Date('1980-02-29T00:00:00Z'));
    expect(row.getCell(3).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(4).value).toBeInstanceOf(Date);
    expect(row.getCell(5).value).toBe(12345.67);
    expect(row.getCell(5).numFmt).toBe('#,##0.00 "EUR"');
    expect(row.getCell(6).value).toBe(7);
    expect(row.getCell(7).value).toBe('Agnès Agent');
    const injected = ws.getRow(3);
    expect(injected.getCell(1).value).toBe('=HYPERLINK("http://evil")');
    expect(injected.getCell(1).formula).toBeUndefined();
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(14);
  });

  it('exports only what the caller’s list shows: an agent’s own tasks, and nobody else’s export', async () => {
    await req(agent, 'POST', '/tasks', { title: 'Call Søren back' });
    await req(other, 'POST', '/tasks', { title: 'Someone else’s task' });
    const { done, bytes } = await exportAll(agent, {
      entity: 'tasks',
      format: 'csv',
      query: { view: 'mine' },
      columns: ['title', 'assigneeId'],
    });
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows.slice(1)).toEqual([['Call Søren back', 'Agnès Agent']]);
    expectProblem(await req(other, 'GET', `/exports/${done.id}`), 404);
    expectProblem(await req(other, 'GET', `/files/${done.file!.id}/content`), 404);
    expect((await req(admin, 'GET', `/exports/${done.id}`)).statusCode).toBe(200);
    const mine = (await req(agent, 'GET', '/exports')).json<{ data: ExportDto[] }>().data;
    expect(mine.map((e) => e.id)).toEqual([done.id]);
  });

  it('writes money of deals and products as numbers in their currency’s decimals and format', async () => {
    const deal = await req(admin, 'POST', '/deals', {
      title: 'Kuwait fleet',
      amount: 1234567,
      currency: 'KWD',
      companyId,
    });
    expect(deal.statusCode, deal.body).toBe(201);
    await req(admin, 'POST', '/deals', { title: 'Tokyo demo', amount: 150000, currency: 'JPY', companyId });
    const { bytes } = await exportAll(admin, {
      entity: 'deals',
      format: 'xlsx',
      query: { filter: JSON.stringify({ field: 'currency', op: 'in', value: ['KWD', 'JPY'] }) },
      columns: ['title', 'amount', 'currency', 'stage'],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.worksheets[0]!;
    const byTitle = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 1) byTitle.set(String(row.getCell(1).value), row);
    });
    expect([...byTitle.keys()].sort()).toEqual(['Kuwait fleet', 'Tokyo demo']);
    expect(byTitle.get('Kuwait fleet')!.getCell(2).value).toBe(1234.567);
    expect(byTitle.get('Kuwait fleet')!.getCell(2).numFmt).toBe('#,##0.000 "KWD"');
    expect(byTitle.get('Tokyo demo')!.getCell(2).value).toBe(150000);
    expect(byTitle.get('Tokyo demo')!.getCell(2).numFmt).toBe('#,##0 "JPY"');
    expect(typeof byTitle.get('Tokyo demo')!.getCell(4).value).toBe('string'); // the stage's name

    await req(admin, 'POST', '/products', {
      sku: 'BIKE-1',
      names: { en: 'City bike', da: 'Bycykel' },
      prices: [{ currency: 'DKK', unitPrice: 499_995 }],
    });
    const csv = await exportAll(admin, {
      entity: 'products',
      format: 'csv',
      columns: ['sku', 'name', 'price'],
      language: 'da',
    });
    const rows = parse(csv.bytes, { bom: true }) as string[][];
    expect(rows).toContainEqual(['BIKE-1', 'Bycykel', '4999.95']);
  });

  it('never runs an export of a user deactivated since as anyone else', async () => {
    const leaving = await makeUser(getDb(), 'agent');
    const started = (
      await req(leaving, 'POST', '/exports', { entity: 'contacts', format: 'csv' })
    ).json<ExportDto>();
    expect((await req(admin, 'PATCH', `/users/${leaving.id}`, { active: false })).statusCode).toBe(200);
    await drain();
    const after = (await req(admin, 'GET', `/exports/${started.id}`)).json<ExportDto>();
    expect(after.status).toBe('failed');
    expect(after.file).toBeNull();
  });

  it('refuses bad queries, unknown columns and vCards of anything but contacts at once', async () => {
    const bad = await req(admin, 'POST', '/exports', {
      entity: 'contacts',
      format: 'csv',
      query: { filter: JSON.stringify({ field: 'password', op: 'eq', value: 'x' }) },
    });
    expectProblem(bad, 400);
    expectProblem(
      await req(admin, 'POST', '/exports', { entity: 'contacts', format: 'csv', columns: ['nope'] }),
      422,
    );
    expectProblem(await req(admin, 'POST', '/exports', { entity: 'deals', format: 'vcf' }), 400);
    expectProblem(
      await req(admin, 'POST', '/exports', { entity: 'invoices', format: 'csv', query: { status: 'x' } }),
      422,
    );
  });

  it('writes vCard 4.0 that folds at 75 octets, escapes and reads back', async () => {
    const res = await req(agent, 'GET', `/contacts/${moellerId}/vcard`);
    expect(res.headers['content-type']).toContain('text/vcard');
    const text = res.body;
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('TITLE:Indkøbschef; Nord\\, Syd');
    const card = new ICAL.Component(ICAL.parse(text));
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('fn')).toBe('Søren Møller');
    expect(card.getFirstPropertyValue('n')).toEqual(['Møller', 'Søren', '', '', '']);
    expect(card.getFirstPropertyValue('title')).toBe('Indkøbschef; Nord, Syd');
    expect(card.getFirstPropertyValue('note')).toContain('Første linje\nAnden linje');
    expect(card.getAllProperties('email').map((p) => [p.getFirstValue(), p.getParameter('type')])).toEqual([
      ['soren@orsted.example', 'work'],
      ['soren@home.example', 'home'],
    ]);
    expect(card.getFirstProperty('adr')!.getFirstValue()).toEqual([
      '',
      '',
      'Nørregade 1, 2. tv',
      'København',
      '',
      '1165',
      'DK',
    ]);
    const list = await exportAll(admin, { entity: 'contacts', format: 'vcf', query: { sort: 'lastName' } });
    const cards = ICAL.parse(list.bytes.toString('utf8')) as unknown[];
    expect(cards).toHaveLength(3);
  });

  it('writes a contact’s and a company’s fact sheet as DOCX in the caller’s language', async () => {
    await req(admin, 'POST', '/deals', {
      title: 'Bycykler 2027',
      amount: 500000,
      currency: 'EUR',
      contactId: moellerId,
    });
    const res = await req(admin, 'GET', `/contacts/${moellerId}/fact-sheet.docx?language=da`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('.docx');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of [
      'Søren Møller',
      'Kontaktark',
      'Indkøbschef',
      'Agnès Agent',
      'Bycykler 2027',
      'Budget',
      'Åbne opgaver',
    ])
      expect(xml).toContain(s.replace('&', '&amp;'));
    const company = await req(agent, 'GET', `/companies/${companyId}/fact-sheet.docx`);
    const cxml = await (await JSZip.loadAsync(company.rawPayload)).file('word/document.xml')!.async('string');
    expect(cxml).toContain('Ørsted Cykler A/S');
    expect(cxml).toContain('Søren');
    expectProblem(
      await req(agent, 'GET', '/companies/00000000-0000-4000-8000-000000000000/fact-sheet.docx'),
      404,
    );
  });

  it('exports a calendar range as ICS with the calendar’s visibility', async () => {
    const start = new Date(Date.now() + 86_400_000);
    const make = (user: TestUser, title: string) =>
      req(user, 'POST', '/events', {
        title,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      });
    expect((await make(agent, 'Demo hos Ørsted')).statusCode).toBe(201);
    await make(other, 'Private of another agent');
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const res = await req(
      agent,
      'GET',
      `/events/export.ics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const cal = new ICAL.Component(ICAL.parse(res.body));
    expect(cal.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('summary'))).toEqual([
      'Demo hos Ørsted',
    ]);
  });
});
