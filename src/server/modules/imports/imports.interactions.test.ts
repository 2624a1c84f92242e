import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import type { InteractionDto } from '../../../shared/interactions.ts';
import type { TimelineItem } from '../../../shared/timeline.ts';
import { rowsOf } from '../../db/client.ts';
import { act, newImport, patchImport, upload } from './imports.test-helpers.ts';

describeEachDb('imports: interactions', (getDb) => {
  const app = useApp(getDb);
  let manager: TestUser;
  let companyId: string;
  let mette: string;
  let lars: string;
  let sophie: string;
  beforeAll(async () => {
    manager = await makeUser(getDb(), 'manager');
    const post = async (url: string, payload: object) => {
      const res = await app().inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: manager.auth,
        payload,
      });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    companyId = await post('/companies', { name: 'Nørre Cykler ApS' });
    mette = await post('/contacts', {
      firstName: 'Mette',
      lastName: 'Kjær',
      companyId,
      emails: [{ address: 'Mette@Norre-Cykler.example' }],
    });
    lars = await post('/contacts', { firstName: 'Lars', emails: [{ address: 'lars@example.dk' }] });
    sophie = await post('/contacts', {
      firstName: 'Sophie',
      lastName: 'Martin',
      phones: [{ number: '+33 6 12 34 56 78' }],
    });
  });

  const timeline = async (kind: 'contacts' | 'companies', id: string) => {
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/${kind}/${id}/timeline?types=interaction`,
      headers: manager.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().data as TimelineItem[]).map(
      (i) => (i as Extract<TimelineItem, { type: 'interaction' }>).interaction,
    );
  };
  const errorsOf = async (imp: ImportDto, dryRun: boolean) => {
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors?dryRun=${dryRun}`,
      headers: manager.auth,
    });
    return (res.json().data as { rowNo: number; field: string | null }[]).map((e) => [e.rowNo, e.field]);
  };
  const start = async (name: string, body: string, settings: Record<string, unknown> = {}) => {
    const res = await newImport(app(), manager.auth, {
      fileId: await upload(app(), manager.auth, name, body),
      entity: 'interactions',
      settings,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ImportDto;
  };

  it('imports a Danish call log by contact e-mail and company, refuses bad rows by field, skips a re-import and undoes', async () => {
    const file = [
      'ID;Kanal;Retning;Dato;Emne;Noter;E-mail;Virksomhed;Varighed (minutter);Resultat;Ansvarlig',
      `A-1;Opkald;ud;04.03.2026 09:30;Opfølgning på tilbud;"Vil have 20 cykler <script>alert(1)</script>\nRing igen";mette@norre-cykler.example;;7,5;interesseret;${manager.email}`,
      'A-2;E-mail;ind;05.03.2026;Spørgsmål om levering;;LARS@example.dk;;;;',
      'A-3;Møde;ud;06.03.2026 14:00;Demo;;ukendt@example.dk;;;;',
      'A-4;Brevdue;ud;06.03.2026 15:00;Hvad?;;mette@norre-cykler.example;;;;',
      'A-5;Besøg;ind;07.03.2026 10:15;Besøg i butikken;;; nørre cykler aps ;45;;',
      'A-6;Opkald;ud;08.03.2026 11:00;Ukendt firma;;;Ukendt A/S;;;',
    ].join('\n');
    let imp = await start('opkald.csv', file);
    expect(imp.settings).toMatchObject({ match: 'externalId', mode: 'create', duplicates: 'skip' });
    const target = (col: string) => imp.mapping.find((m) => m.column === col)?.target;
    expect(imp.columns.map((c) => [c, target(c)])).toEqual([
      ['ID', 'externalId'],
      ['Kanal', 'channel'],
      ['Retning', 'direction'],
      ['Dato', 'occurredAt'],
      ['Emne', 'subject'],
      ['Noter', 'body'],
      ['E-mail', 'email'],
      ['Virksomhed', 'companyName'],
      ['Varighed (minutter)', 'durationMinutes'],
      ['Resultat', 'outcome'],
      ['Ansvarlig', 'ownerEmail'],
    ]);

    // The dry run names each bad row and the field: an unknown e-mail, a channel nobody knows, an
    // unknown company.
    imp = await act(app(), manager.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 6, created: 3, failed: 3, skipped: 0 });
    expect(await errorsOf(imp, true)).toEqual([
      [4, 'email'],
      [5, 'channel'],
      [7, 'companyName'],
    ]);

    // All or nothing: nothing is written.
    imp = await act(app(), manager.auth, getDb(), imp.id, 'start');
    expect(imp.status).toBe('failed');
    expect(await timeline('contacts', mette)).toEqual([]);

    imp = await patchImport(app(), manager.auth, imp, { settings: { keepValidRows: true } });
    imp = await act(app(), manager.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ created: 3, failed: 3, skipped: 0 });
    expect(await errorsOf(imp, false)).toEqual([
      [4, 'email'],
      [5, 'channel'],
      [7, 'companyName'],
    ]);

    // On the contact's timeline as if logged in the app: channel, direction, time, company, user.
    const [call, ...others] = await timeline('contacts', mette);
    expect(others).toEqual([]);
    expect(call).toMatchObject({
      channel: 'phone',
      direction: 'out',
      occurredAt: '2026-03-04T09:30:00.000Z',
      subject: 'Opfølgning på tilbud',
      outcome: 'interesseret',
      durationSeconds: 450,
      contactId: mette,
      contactName: 'Mette Kjær',
      companyId,
      userId: manager.id,
      source: 'import',
      externalId: 'A-1',
    } satisfies Partial<InteractionDto>);
    // The plain-text body is text: the script is escaped, never markup.
    expect(call!.body).toBe('<p>Vil have 20 cykler &lt;script&gt;alert(1)&lt;/script&gt;<br />Ring igen</p>');
    expect(call!.body).not.toMatch(/<script/i);
    expect(await timeline('contacts', lars)).toMatchObject([
      {
        channel: 'email',
        direction: 'in',
        occurredAt: '2026-03-05T00:00:00.000Z',
        subject: 'Spørgsmål om levering',
        body: null,
        userId: null,
        companyId: null,
      },
    ]);
    // The visit names only its company (spelled differently): on the company's timeline with the call.
    const atCompany = await timeline('companies', companyId);
    expect(atCompany.map((i) => [i.channel, i.direction, i.occurredAt, i.contactId])).toEqual([
      ['meeting', 'in', '2026-03-07T10:15:00.000Z', null],
      ['phone', 'out', '2026-03-04T09:30:00.000Z', mette],
    ]);
    expect(atCompany[0]).toMatchObject({ durationSeconds: 2700, externalId: 'A-5' });

    // The same file again: every stored interaction is a duplicate and is skipped.
    let again = await start('opkald.csv', file, { keepValidRows: true });
    again = await act(app(), manager.auth, getDb(), again.id, 'dry-run');
    expect(again.dryRun).toMatchObject({ created: 0, skipped: 3, failed: 3, duplicateCount: 3 });
    expect(again.dryRun!.duplicates.map((d) => [d.rowNo, d.recordId, d.reason])).toEqual([
      [2, call!.id, 'import id A-1'],
      [3, expect.any(String), 'import id A-2'],
      [6, atCompany[0]!.id, 'import id A-5'],
    ]);
    again = await act(app(), manager.auth, getDb(), again.id, 'start');
    expect(again.status, again.error ?? '').toBe('done');
    expect(again.stats).toMatchObject({ created: 0, skipped: 3, failed: 3 });
    expect(await timeline('contacts', mette)).toHaveLength(1);

    // Undo bins what the first import created: gone from the timelines.
    imp = await act(app(), manager.auth, getDb(), imp.id, 'undo');
    expect(imp.status).toBe('undone');
    expect(imp.stats.undo).toMatchObject({ removed: 3 });
    expect(await timeline('contacts', mette)).toEqual([]);
    expect(await timeline('contacts', lars)).toEqual([]);
    expect(await timeline('companies', companyId)).toEqual([]);
    const binned = await app().inject({
      method: 'GET',
      url: `/api/v1/interactions/${call!.id}`,
      headers: manager.auth,
    });
    expect(binned.statusCode).toBe(404);
    // What the undo binned is erased when the file is imported again: the rows import afresh.
    let third = await start('opkald.csv', file, { keepValidRows: true });
    third = await act(app(), manager.auth, getDb(), third.id, 'dry-run');
    expect(third.dryRun).toMatchObject({ created: 3, skipped: 0, failed: 3, duplicateCount: 0 });
    third = await act(app(), manager.auth, getDb(), third.id, 'start');
    expect(third.status, third.error ?? '').toBe('done');
    expect(third.stats).toMatchObject({ created: 3, failed: 3 });
    const [recall] = await timeline('contacts', mette);
    expect(recall).toMatchObject({ externalId: 'A-1', subject: 'Opfølgning på tilbud' });
    expect(recall!.id).not.toBe(call!.id);
    const old = await getDb().db.execute(
      sql`select count(*)::int as n from interactions where id = ${call!.id}`,
    );
    expect(rowsOf<{ n: number }>(old)[0]!.n).toBe(0);

    // One a person put in the recycle bin still holds its (source, id): an import says so in its dry run.
    const stored = await app().inject({
      method: 'GET',
      url: `/api/v1/interactions/${recall!.id}`,
      headers: manager.auth,
    });
    const del = await app().inject({
      method: 'DELETE',
      url: `/api/v1/interactions/${recall!.id}`,
      headers: { ...manager.auth, 'if-match': `"${(stored.json() as InteractionDto).version}"` },
    });
    expect(del.statusCode, del.body).toBe(204);
    let fourth = await start('opkald.csv', file, { keepValidRows: true });
    fourth = await act(app(), manager.auth, getDb(), fourth.id, 'dry-run');
    expect(fourth.dryRun).toMatchObject({ created: 0, skipped: 3, duplicateCount: 3 });
    expect(fourth.dryRun!.duplicates[0]!.reason).toBe('import id A-1 (in the recycle bin)');
  });

  it('imports a French file without ids by phone, reads date-times with their offset, and skips the same rows again', async () => {
    const file = [
      'Date,Canal,Sens,Objet,Notes,Téléphone,Durée (secondes),Point de contact,Système source',
      '2026-03-04T10:30:00+01:00,appel,entrant,Rappel SAV,Client satisfait,06 12 34 56 78,95,SAV,Standard Téléphonique',
      '"4 mars 2026 à 16h05",courriel,sortant,Devis envoyé,,+33612345678,,vente,',
      '2026-03-05,lettre,sortant,,,+33 6 00 00 00 00,,,',
      '2026-03-05,visite,entrant,,,06 12 34 56 78,-5,,',
      ',appel,sortant,Sans date,,06 12 34 56 78,,,',
    ].join('\n');
    let imp = await start('journal.csv', file, { defaultCountry: 'FR', keepValidRows: true });
    const target = (col: string) => imp.mapping.find((m) => m.column === col)?.target;
    expect(imp.columns.map((c) => [c, target(c)])).toEqual([
      ['Date', 'occurredAt'],
      ['Canal', 'channel'],
      ['Sens', 'direction'],
      ['Objet', 'subject'],
      ['Notes', 'body'],
      ['Téléphone', 'phone'],
      ['Durée (secondes)', 'durationSeconds'],
      ['Point de contact', 'touchpoint'],
      ['Système source', 'source'],
    ]);
    imp = await act(app(), manager.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 5, created: 2, failed: 3 });
    expect(await errorsOf(imp, true)).toEqual([
      [4, 'phone'],
      [5, 'durationSeconds'],
      [6, 'occurredAt'],
    ]);
    imp = await act(app(), manager.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ created: 2, failed: 3 });
    const items = await timeline('contacts', sophie);
    expect(
      items.map((i) => [i.channel, i.direction, i.touchpoint, i.occurredAt, i.subject, i.source]),
    ).toEqual([
      ['email', 'out', 'sales', '2026-03-04T16:05:00.000Z', 'Devis envoyé', 'import'],
      ['phone', 'in', 'after_sales', '2026-03-04T09:30:00.000Z', 'Rappel SAV', 'standard-telephonique'],
    ]);
    expect(items[1]).toMatchObject({ durationSeconds: 95, body: '<p>Client satisfait</p>' });
    // Without an id column the row's content is its id: stable, so the same file is skipped next time.
    expect(items[0]!.externalId).toMatch(/^row-[0-9a-f]{32}$/);

    let again = await start('journal.csv', file, { defaultCountry: 'FR', keepValidRows: true });
    again = await act(app(), manager.auth, getDb(), again.id, 'start');
    expect(again.status, again.error ?? '').toBe('done');
    expect(again.stats).toMatchObject({ created: 0, skipped: 2, failed: 3 });
    expect(await timeline('contacts', sophie)).toHaveLength(2);
  });
});
