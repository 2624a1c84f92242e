import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { DealDetailDto, DealDto, PipelineDto } from '../../../shared/deals.ts';
import type { HistoryEntry } from '../../../shared/history.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import { act, newImport, patchImport, upload } from './imports.test-helpers.ts';

const juergen = 'juergen.weber@mueller-maschinenbau.example';

describeEachDb('imports: deals', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let sales: PipelineDto;
  let partner: PipelineDto;
  let muellerId: string;
  let lumiereId: string;
  let juergenId: string;
  /** Deal ids by title, from the first import (the second updates and the undo bins them). */
  const ids = new Map<string, string>();
  let firstImportId: string;

  const req = (method: string, url: string, payload?: object) =>
    app().inject({ method: method as 'GET', url: `/api/v1${url}`, headers: admin.auth, payload });
  const stageOf = (p: PipelineDto, en: string) => p.stages.find((s) => s.labels.en === en)!.id;
  const dealByTitle = async (title: string) => {
    const res = await req('GET', `/deals?q=${encodeURIComponent(title)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().data as DealDto[]).find((d) => d.title === title);
  };
  const deal = async (id: string) => {
    const res = await req('GET', `/deals/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as DealDetailDto;
  };
  const errorsOf = async (imp: ImportDto, dryRun: boolean) =>
    (await req('GET', `/imports/${imp.id}/errors?dryRun=${dryRun}`)).json().data as {
      rowNo: number;
      field: string;
      value: string | null;
      message: string;
    }[];

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    sales = (await req('GET', '/pipelines')).json().data[0];
    const created = await req('POST', '/pipelines', {
      name: 'Partner',
      stages: [
        { labels: { en: 'Lead', de: 'Interessent' }, probability: 20 },
        { labels: { en: 'Contract', de: 'Vertrag' }, probability: 60 },
        { labels: { en: 'Won', de: 'Gewonnen' }, probability: 100, kind: 'won' },
        { labels: { en: 'Lost', de: 'Verloren' }, probability: 0, kind: 'lost' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    partner = created.json();
    muellerId = (await req('POST', '/companies', { name: 'Müller Maschinenbau GmbH' })).json().id;
    lumiereId = (
      await req('POST', '/companies', { name: 'Brasserie Lumière', domain: 'lumiere.example' })
    ).json().id;
    const contact = await req('POST', '/contacts', {
      firstName: 'Jürgen',
      lastName: 'Weber',
      companyId: muellerId,
      emails: [{ address: 'Juergen.Weber@mueller-maschinenbau.example' }],
    });
    expect(contact.statusCode, contact.body).toBe(201);
    juergenId = contact.json().id;
  });

  it('imports a German deal file: suggested mapping, references by name and e-mail, bad rows by field', async () => {
    const file = [
      'Titel;Pipeline;Phase;Betrag;Währung;Voraussichtlicher Abschluss;Verantwortlich;Kontakt-E-Mail;Firma;Domain;Quelle;Abschlussgrund',
      `Rahmenvertrag Pumpen;;Angebot;12.500,00;EUR;31.03.2026;${agent.email};${juergen.toUpperCase()};;;Messe;`,
      'Ersatzteile Q2;partner;gewonnen;980,00;DKK;;;;müller maschinenbau gmbh;;;Preis',
      'Kaffeemaschinen Lumière;;;4.200,50;;15.06.2026;;;;www.lumiere.example;Empfehlung;',
      'Wartungsvertrag;;Vertragsprüfung;1.000,00;EUR;;;;Müller Maschinenbau GmbH;;;',
      'Schulung;;;500,00;EUR;;;niemand@example.test;;;;',
      `Ersatzpumpe;;Neu;zwölf;EUR;;;${juergen};;;;`,
      `Altanlage;;Verloren;2.000,00;EUR;;;${juergen};;;;`,
    ].join('\n');
    const res = await newImport(app(), admin.auth, {
      fileId: await upload(app(), admin.auth, 'Deals Export.csv', file),
      entity: 'deals',
    });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(imp.settings.match).toBe('none');
    expect(Object.fromEntries(imp.mapping.map((m) => [m.column, m.target]))).toEqual({
      Titel: 'title',
      Pipeline: 'pipeline',
      Phase: 'stage',
      Betrag: 'amount',
      Währung: 'currency',
      'Voraussichtlicher Abschluss': 'closeDate',
      Verantwortlich: 'ownerEmail',
      'Kontakt-E-Mail': 'contactEmail',
      Firma: 'companyName',
      Domain: 'companyDomain',
      Quelle: 'source',
      Abschlussgrund: 'closeReason',
    });

    // The dry run looks every reference up: unknown ones fail their row, named by the mapped field.
    imp = await act(app(), admin.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 7, created: 3, failed: 4 });
    const dry = await errorsOf(imp, true);
    expect(dry.map((e) => [e.rowNo, e.field])).toEqual([
      [5, 'stage'],
      [6, 'contactEmail'],
      [7, 'amount'],
      [8, 'closeReason'],
    ]);
    expect(dry[0]).toMatchObject({
      value: 'Vertragsprüfung',
      message: 'No stage "Vertragsprüfung" in pipeline Sales',
    });
    expect(dry[1]).toMatchObject({
      code: 'contact_email_unknown',
      params: { email: 'niemand@example.test' },
      message: 'No contact has the e-mail niemand@example.test',
    });
    expect(dry[3]!.message).toMatch(/lost deal needs a close reason/);

    // All or nothing: the bad rows stop the import before anything is written.
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.status).toBe('failed');
    expect(await dealByTitle('Rahmenvertrag Pumpen')).toBeUndefined();

    imp = await patchImport(app(), admin.auth, imp, { settings: { keepValidRows: true } });
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ created: 3, failed: 4 });
    firstImportId = imp.id;
    expect((await errorsOf(imp, false)).map((e) => e.rowNo)).toEqual([5, 6, 7, 8]);
    for (const t of ['Wartungsvertrag', 'Schulung', 'Ersatzpumpe', 'Altanlage'])
      expect(await dealByTitle(t), t).toBeUndefined();

    for (const t of ['Rahmenvertrag Pumpen', 'Ersatzteile Q2', 'Kaffeemaschinen Lumière'])
      ids.set(t, (await dealByTitle(t))!.id);
    // The default pipeline, its stage by German label; the contact by e-mail (case ignored) brings its company.
    expect(await deal(ids.get('Rahmenvertrag Pumpen')!)).toMatchObject({
      pipelineId: sales.id,
      stageId: stageOf(sales, 'Proposal'),
      status: 'open',
      amount: 1_250_000,
      currency: 'EUR',
      expectedCloseOn: '2026-03-31',
      ownerId: agent.id,
      contactId: juergenId,
      companyId: muellerId,
      source: 'Messe',
      closeReason: null,
    });
    // Another pipeline by name (case ignored), won with a reason in German; the company by name.
    const won = await deal(ids.get('Ersatzteile Q2')!);
    expect(won).toMatchObject({
      pipelineId: partner.id,
      stageId: stageOf(partner, 'Won'),
      status: 'won',
      closeReason: 'price',
      amount: 98_000,
      currency: 'DKK',
      ownerId: admin.id,
      contactId: null,
      companyId: muellerId,
    });
    expect(won.closedAt).not.toBeNull();
    // No stage: the first one; no currency: Settings → Sales (EUR); the company by its domain.
    expect(await deal(ids.get('Kaffeemaschinen Lumière')!)).toMatchObject({
      pipelineId: sales.id,
      stageId: stageOf(sales, 'New'),
      amount: 420_050,
      currency: 'EUR',
      expectedCloseOn: '2026-06-15',
      companyId: lumiereId,
      contactId: null,
      source: 'Empfehlung',
    });
  });

  it('updates deals matched by title from a French file, through the stage history, and undoes both imports', async () => {
    const file = [
      "Nom de l'affaire,Étape,Montant,Motif de clôture",
      'rahmenvertrag pumpen,Gagné,13000.00,Relation client',
      'Kaffeemaschinen Lumière,,4200.50,',
      'Affaire inconnue,Nouveau,,',
      // Reopened: the stage is looked up in the deal's own pipeline (Partner), by its English label.
      'Ersatzteile Q2,Contract,,',
    ].join('\n');
    const wonBefore = await deal(ids.get('Ersatzteile Q2')!);
    const res = await newImport(app(), admin.auth, {
      fileId: await upload(app(), admin.auth, 'affaires.csv', file),
      entity: 'deals',
      settings: { mode: 'update', match: 'title', keepValidRows: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(Object.fromEntries(imp.mapping.map((m) => [m.column, m.target]))).toEqual({
      "Nom de l'affaire": 'title',
      Étape: 'stage',
      Montant: 'amount',
      'Motif de clôture': 'closeReason',
    });
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    // Lumière's amount is what it was: nothing changed, so it is skipped (and not noted for undo).
    expect(imp.stats).toMatchObject({ updated: 2, skipped: 1, failed: 1 });
    expect((await errorsOf(imp, false)).map((e) => [e.rowNo, e.field])).toEqual([[4, 'title']]);

    const id = ids.get('Rahmenvertrag Pumpen')!;
    const updated = await deal(id);
    expect(updated).toMatchObject({
      title: 'Rahmenvertrag Pumpen',
      stageId: stageOf(sales, 'Won'),
      status: 'won',
      closeReason: 'relationship',
      amount: 1_300_000,
      currency: 'EUR',
      ownerId: agent.id,
      contactId: juergenId,
    });
    expect(updated.closedAt).not.toBeNull();
    const history = async () =>
      ((await req('GET', `/deals/${id}/history`)).json().data as HistoryEntry[])[0]!.changes;
    expect(await history()).toContainEqual({
      field: 'stageId',
      old: stageOf(sales, 'Proposal'),
      new: stageOf(sales, 'Won'),
    });

    expect(await deal(wonBefore.id)).toMatchObject({
      stageId: stageOf(partner, 'Contract'),
      status: 'open',
      closeReason: null,
      closedAt: null,
    });

    imp = await act(app(), admin.auth, getDb(), imp.id, 'undo');
    expect(imp.status).toBe('undone');
    expect(imp.stats.undo).toMatchObject({ restored: 2, conflicts: 0 });
    // Won again, with its reason and the time it was first won (the forecast counts wins by it).
    expect(await deal(wonBefore.id)).toMatchObject({
      stageId: stageOf(partner, 'Won'),
      status: 'won',
      closeReason: 'price',
      closedAt: wonBefore.closedAt,
    });
    expect(await deal(id)).toMatchObject({
      stageId: stageOf(sales, 'Proposal'),
      status: 'open',
      closeReason: null,
      closedAt: null,
      amount: 1_250_000,
    });
    // Back through the service: the move back is in the history as a stage change.
    expect(await history()).toContainEqual({
      field: 'stageId',
      old: stageOf(sales, 'Won'),
      new: stageOf(sales, 'Proposal'),
    });

    // The first import's undo bins the deals it created.
    const undone = await act(app(), admin.auth, getDb(), firstImportId, 'undo');
    expect(undone.stats.undo).toMatchObject({ removed: 3, conflicts: 0 });
    for (const [title, dealId] of ids) {
      expect(await dealByTitle(title), title).toBeUndefined();
      expect((await req('GET', `/deals/${dealId}`)).statusCode).toBe(404);
    }
  });
});
