import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import type { ImportDto, importTarget } from '../../../shared/imports.ts';
import { rowsOf } from '../../db/client.ts';
import { act, newImport, patchImport, runJobs, upload } from './imports.test-helpers.ts';

const frenchCsv = [
  'Prénom;Nom;Courriel;Téléphone;Société;Pays;Date de naissance;Étiquettes',
  'Mette;Møller;mette@moller.example;+45 20 12 34 56;Møller ApS;Danemark;04/03/1985;vip, nordics',
  'Jürgen;Weiß;juergen@weiss.example;030 1234567;Weiß GmbH;Allemagne;31/12/1970;',
  'Élodie;Dupré;elodie@dupre.example;06 12 34 56 78;Dupré SARL;France;01/02/1990;',
  'Bad;Date;bad@date.example;;;France;31/02/1990;',
].join('\r\n');

describeEachDb('imports API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
  });

  const contactsByEmail = async (emails: string[]) =>
    rowsOf<{
      id: string;
      first_name: string;
      last_name: string;
      deleted_at: Date | null;
      company_id: string | null;
      tags: string[];
      phones: { number: string }[];
      birthday: string | null;
      emails: { address: string }[];
      version: number;
    }>(
      await getDb().db.execute(
        sql`select id, first_name, last_name, deleted_at, company_id, tags, phones, birthday::text as birthday, emails, version
            from contacts where email_keys && ${sql.param(emails)}::text[] order by created_at`,
      ),
    );

  it('lists the fields a file can fill with their labels in all four languages', async () => {
    const res = await app().inject({
      method: 'GET',
      url: '/api/v1/imports/targets?entity=contacts',
      headers: agent.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const byKey = new Map((res.json().data as z.infer<typeof importTarget>[]).map((x) => [x.key, x]));
    expect(byKey.get('firstName')).toMatchObject({
      label: 'First name',
      labels: { en: 'First name', fr: 'Prénom', de: 'Vorname', da: 'Fornavn' },
      type: 'text',
    });
    expect(byKey.get('otherEmails')).toMatchObject({ type: 'emails', labels: { de: 'Weitere E-Mails' } });
    expect(byKey.get('phone')).toMatchObject({ type: 'phones', matchable: true });
  });

  it('reads a French CSV, suggests the mapping, dry-runs, refuses a bad row, then imports the valid rows and undoes them', async () => {
    const fileId = await upload(app(), agent.auth, 'contacts.csv', Buffer.from(frenchCsv, 'latin1'));
    const res = await newImport(app(), agent.auth, {
      fileId,
      entity: 'contacts',
      settings: { dateOrder: 'dmy' },
    });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(imp.format).toBe('csv');
    expect(imp.reader.delimiter).toBe(';');
    expect(imp.columns).toEqual([
      'Prénom',
      'Nom',
      'Courriel',
      'Téléphone',
      'Société',
      'Pays',
      'Date de naissance',
      'Étiquettes',
    ]);
    const target = (col: string) => imp.mapping.find((m) => m.column === col)?.target;
    expect(target('Prénom')).toBe('firstName');
    expect(target('Nom')).toBe('lastName');
    expect(target('Courriel')).toBe('email');
    expect(target('Société')).toBe('companyName');
    expect(target('Pays')).toBe('country');
    expect(target('Date de naissance')).toBe('birthday');

    imp = await act(app(), agent.auth, getDb(), imp.id, 'dry-run');
    expect(imp.status).toBe('draft');
    expect(imp.dryRun).toMatchObject({ total: 4, created: 3, failed: 1 });
    const errors = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors?dryRun=true`,
      headers: agent.auth,
    });
    expect(errors.json().data).toEqual([
      expect.objectContaining({ rowNo: 5, field: 'birthday', value: '31/02/1990' }),
    ]);
    expect(await contactsByEmail(['mette@moller.example'])).toHaveLength(0);

    // All or nothing: one bad row, nothing written.
    imp = await act(app(), agent.auth, getDb(), imp.id, 'start');
    expect(imp.status).toBe('failed');
    expect(imp.error).toMatch(/nothing was imported/);
    expect(await contactsByEmail(['mette@moller.example', 'juergen@weiss.example'])).toHaveLength(0);

    imp = await patchImport(app(), agent.auth, imp, { settings: { keepValidRows: true } });
    imp = await act(app(), agent.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ total: 4, created: 3, failed: 1, rowsDone: 4 });
    const [mette] = await contactsByEmail(['mette@moller.example']);
    expect(mette).toMatchObject({
      first_name: 'Mette',
      last_name: 'Møller',
      birthday: '1985-03-04',
      tags: ['vip', 'nordics'],
    });
    expect(mette!.phones[0]!.number).toBe('+4520123456');
    expect(mette!.company_id).toBeTruthy();
    const [jurgen] = await contactsByEmail(['juergen@weiss.example']);
    expect(jurgen!.phones[0]!.number).toBe('+49301234567');
    const csv = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors.csv`,
      headers: agent.auth,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body).toContain('5,Birthday,31/02/1990,"Not a date: ""31/02/1990""",date_invalid');

    // The contact's history says it came from the import; the company was created by it.
    const company = rowsOf<{ name: string }>(
      await getDb().db.execute(sql`select name from companies where id = ${mette!.company_id}`),
    );
    expect(company[0]!.name).toBe('Møller ApS');

    imp = await act(app(), agent.auth, getDb(), imp.id, 'undo');
    expect(imp.status).toBe('undone');
    expect(imp.stats.undo).toMatchObject({ removed: 6, restored: 0, conflicts: 0 });
    const after = await contactsByEmail([
      'mette@moller.example',
      'juergen@weiss.example',
      'elodie@dupre.example',
    ]);
    expect(after.every((c) => c.deleted_at)).toBe(true);
    const listed = await app().inject({
      method: 'GET',
      url: '/api/v1/contacts?q=Møller',
      headers: agent.auth,
    });
    expect(listed.json().data).toHaveLength(0);
  });

  it('updates a matching contact by e-mail, adds to its e-mails and tags, never creates a second one, and undo restores it', async () => {
    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: admin.auth,
      payload: {
        firstName: 'Anna',
        lastName: 'Berg',
        emails: [{ address: 'Anna.Berg@Example.dk' }],
        tags: ['old'],
        jobTitle: 'Buyer',
      },
    });
    const anna = created.json();
    const csv = [
      'email,first name,last name,job title,tags',
      'anna.berg@example.dk,Anna,Berg,Head of purchasing,new',
      'ANNA.BERG@example.dk,Anna,Berg,CEO,newer',
      'nils@example.dk,Nils,Holm,,',
    ].join('\n');
    const fileId = await upload(app(), admin.auth, 'update.csv', csv);
    let imp = (
      await newImport(app(), admin.auth, { fileId, entity: 'contacts', settings: { duplicates: 'update' } })
    ).json() as ImportDto;
    imp = await act(app(), admin.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ created: 1, updated: 2, duplicateCount: 2 });
    expect(imp.dryRun!.duplicates[0]).toMatchObject({ rowNo: 2, recordId: anna.id });
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.stats).toMatchObject({ created: 1, updated: 2, failed: 0 });
    const rows = await contactsByEmail(['anna.berg@example.dk']);
    expect(rows).toHaveLength(1);
    const got = (
      await app().inject({ method: 'GET', url: `/api/v1/contacts/${anna.id}`, headers: admin.auth })
    ).json();
    expect(got.jobTitle).toBe('CEO');
    expect(got.tags).toEqual(['old', 'new', 'newer']);
    expect(got.emails).toHaveLength(1);
    imp = await act(app(), admin.auth, getDb(), imp.id, 'undo');
    expect(imp.stats.undo).toMatchObject({ removed: 1, restored: 1, conflicts: 0 });
    const back = (
      await app().inject({ method: 'GET', url: `/api/v1/contacts/${anna.id}`, headers: admin.auth })
    ).json();
    expect(back).toMatchObject({ jobTitle: 'Buyer', tags: ['old'], firstName: 'Anna' });
  });

  it('leaves a record changed after the import alone when undoing, and says so', async () => {
    const c = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: admin.auth,
        payload: { lastName: 'Lund', emails: [{ address: 'lund@example.dk' }] },
      })
    ).json();
    const fileId = await upload(app(), admin.auth, 'u.csv', 'email,job title\nlund@example.dk,Manager\n');
    let imp = (
      await newImport(app(), admin.auth, { fileId, entity: 'contacts', settings: { mode: 'update' } })
    ).json() as ImportDto;
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.stats.updated).toBe(1);
    const now = (
      await app().inject({ method: 'GET', url: `/api/v1/contacts/${c.id}`, headers: admin.auth })
    ).json();
    await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      headers: { ...admin.auth, 'if-match': `"${now.version}"` },
      payload: { jobTitle: 'Director' },
    });
    imp = await act(app(), admin.auth, getDb(), imp.id, 'undo');
    expect(imp.stats.undo).toMatchObject({ restored: 0, conflicts: 1 });
    const after = (
      await app().inject({ method: 'GET', url: `/api/v1/contacts/${c.id}`, headers: admin.auth })
    ).json();
    expect(after.jobTitle).toBe('Director');
  });

  it('refuses creating a second contact for one e-mail, an unknown column and a stale version', async () => {
    const fileId = await upload(app(), admin.auth, 'x.csv', 'E-mail,Name\na@b.dk,A\n');
    const bad = await newImport(app(), admin.auth, {
      fileId,
      entity: 'contacts',
      settings: { duplicates: 'create' },
    });
    expectProblem(bad, 422);
    const imp = (await newImport(app(), admin.auth, { fileId, entity: 'contacts' })).json() as ImportDto;
    const unknown = await app().inject({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      headers: { ...admin.auth, 'if-match': `"${imp.version}"` },
      payload: { mapping: [{ column: 'Nope', target: 'email' }] },
    });
    expect(expectProblem(unknown, 422).errors?.[0]?.path).toBe('mapping.0.column');
    const stale = await app().inject({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      headers: { ...admin.auth, 'if-match': `"${imp.version + 5}"` },
      payload: { settings: { fuzzy: true } },
    });
    expectProblem(stale, 412);
  });

  it('rejects a file that is not what its name says, and hides one user’s import from another', async () => {
    const fileId = await upload(app(), agent.auth, 'contacts.xlsx', 'name,email\nA,a@example.dk\n');
    const res = await newImport(app(), agent.auth, { fileId, entity: 'contacts' });
    expect(expectProblem(res, 422).detail).toMatch(/xlsx|CSV|text/i);
    const ok = await upload(app(), agent.auth, 'c.csv', 'name,email\nA,a@example.dk\n');
    const imp = (await newImport(app(), agent.auth, { fileId: ok, entity: 'contacts' })).json() as ImportDto;
    const other = await makeUser(getDb(), 'agent');
    expectProblem(
      await app().inject({ method: 'GET', url: `/api/v1/imports/${imp.id}`, headers: other.auth }),
      404,
    );
    expectProblem(await newImport(app(), other.auth, { fileId: ok, entity: 'contacts' }), 404);
    const viewer = await makeUser(getDb(), 'viewer');
    expectProblem(await newImport(app(), viewer.auth, { fileId: ok, entity: 'contacts' }), 403);
  });

  it('imports companies matched by name and links contacts to them by domain', async () => {
    const companiesCsv =
      'Company name,Website,Industry,Country\nNordlys A/S,https://www.nordlys.example/about,Energy,Denmark\nNordlys A/S,nordlys.example,Energy and utilities,DK\n';
    const fileId = await upload(app(), admin.auth, 'companies.csv', companiesCsv);
    let imp = (
      await newImport(app(), admin.auth, { fileId, entity: 'companies', settings: { mode: 'upsert' } })
    ).json() as ImportDto;
    expect(imp.settings.match).toBe('name');
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.stats, imp.error ?? '').toMatchObject({ created: 1, updated: 1, failed: 0 });
    const [co] = rowsOf<{ id: string; domain: string; industry: string }>(
      await getDb().db.execute(
        sql`select id, domain, industry from companies where name = 'Nordlys A/S' and deleted_at is null`,
      ),
    );
    expect(co).toMatchObject({ domain: 'nordlys.example', industry: 'Energy and utilities' });
    const people = await upload(
      app(),
      admin.auth,
      'people.csv',
      'Full name,Email,Company domain\nSigrid Dahl,sigrid@nordlys.example,nordlys.example\n',
    );
    let imp2 = (
      await newImport(app(), admin.auth, { fileId: people, entity: 'contacts' })
    ).json() as ImportDto;
    expect(imp2.mapping.map((m) => m.target)).toEqual(['fullName', 'email', 'companyDomain']);
    imp2 = await act(app(), admin.auth, getDb(), imp2.id, 'start');
    const [sigrid] = await contactsByEmail(['sigrid@nordlys.example']);
    expect(sigrid).toMatchObject({ first_name: 'Sigrid', last_name: 'Dahl', company_id: co!.id });
  });

  it('cancels an import that has not started writing: nothing imported, the import says cancelled', async () => {
    const fileId = await upload(
      app(),
      admin.auth,
      'c.csv',
      'Email,Name\ncancel1@example.dk,One\ncancel2@example.dk,Two\n',
    );
    const imp = (await newImport(app(), admin.auth, { fileId, entity: 'contacts' })).json() as ImportDto;
    expect(
      (await app().inject({ method: 'POST', url: `/api/v1/imports/${imp.id}/start`, headers: admin.auth }))
        .statusCode,
    ).toBe(202);
    expect(
      (await app().inject({ method: 'POST', url: `/api/v1/imports/${imp.id}/cancel`, headers: admin.auth }))
        .statusCode,
    ).toBe(200);
    await runJobs(getDb());
    const after = (
      await app().inject({ method: 'GET', url: `/api/v1/imports/${imp.id}`, headers: admin.auth })
    ).json() as ImportDto;
    expect(after.status).toBe('cancelled');
    expect(await contactsByEmail(['cancel1@example.dk', 'cancel2@example.dk'])).toHaveLength(0);
  });

  describe('saved mappings', () => {
    it('saves, lists and deletes a mapping', async () => {
      const saved = await app().inject({
        method: 'POST',
        url: '/api/v1/import-mappings',
        headers: agent.auth,
        payload: { name: 'Old CRM', entity: 'contacts', mapping: [{ column: 'Mail', target: 'email' }] },
      });
      expect(saved.statusCode).toBe(201);
      const list = await app().inject({
        method: 'GET',
        url: '/api/v1/import-mappings?entity=contacts',
        headers: agent.auth,
      });
      expect(list.json().data.map((m: { name: string }) => m.name)).toContain('Old CRM');
      const del = await app().inject({
        method: 'DELETE',
        url: `/api/v1/import-mappings/${saved.json().id}`,
        headers: agent.auth,
      });
      expect(del.statusCode).toBe(204);
    });
  });
});
