import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import { rowsOf } from '../../db/client.ts';
import { act, newImport, patchImport, upload } from './imports.test-helpers.ts';

describeEachDb('imports of every format and rule', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
  });
  const one = async (email: string) =>
    rowsOf<Record<string, unknown>>(
      await getDb().db.execute(sql`select first_name, last_name, job_title, phones, addresses, birthday::text as birthday,
        custom, external_id, company_id, tags from contacts where email_keys @> array[${email}] and deleted_at is null`),
    );

  it('imports an Excel sheet chosen by name, with typed cells', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['nothing here']);
    const ws = wb.addWorksheet('Kunder');
    ws.addRow(['Fornavn', 'Efternavn', 'E-mail', 'Fødselsdag', 'Postnummer', 'By', 'Land']);
    ws.addRow([
      'Søren',
      'Kierkegaard',
      'soren@xlsx.example',
      new Date(Date.UTC(1813, 4, 5)),
      1050,
      'København',
      'Danmark',
    ]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const fileId = await upload(app(), admin.auth, 'kunder.xlsx', buf, 'application/octet-stream');
    let imp = (await newImport(app(), admin.auth, { fileId, entity: 'contacts' })).json() as ImportDto;
    expect(imp.format).toBe('xlsx');
    expect(imp.sheets).toEqual(['Notes', 'Kunder']);
    imp = await patchImport(app(), admin.auth, imp, { reader: { sheet: 'Kunder' } });
    expect(imp.columns).toContain('Fødselsdag');
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.stats, imp.error ?? '').toMatchObject({ created: 1, failed: 0 });
    const [soren] = await one('soren@xlsx.example');
    expect(soren).toMatchObject({ first_name: 'Søren', birthday: '1813-05-05' });
    expect(soren!.addresses).toEqual([
      { label: 'work', street: '', postalCode: '1050', city: 'København', region: '', country: 'DK' },
    ]);
  });

  it('imports vCards and JSON lines', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Ada Lovelace',
      'N:Lovelace;Ada;;;',
      'ORG:Analytical Engines Ltd',
      'TITLE:Mathematician',
      'EMAIL;TYPE=work:ada@vcard.example',
      'TEL;TYPE=cell:+44 20 7946 0958',
      'NOTE:Met at the\\, exhibition',
      'END:VCARD',
      '',
    ].join('\r\n');
    const vId = await upload(app(), admin.auth, 'ada.vcf', vcf, 'text/vcard');
    let v = (await newImport(app(), admin.auth, { fileId: vId, entity: 'contacts' })).json() as ImportDto;
    expect(v.format).toBe('vcf');
    v = await act(app(), admin.auth, getDb(), v.id, 'start');
    expect(v.stats, `${v.error} ${JSON.stringify(v.mapping)}`).toMatchObject({ created: 1, failed: 0 });
    const [ada] = await one('ada@vcard.example');
    expect(ada).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', job_title: 'Mathematician' });
    expect(ada!.company_id).toBeTruthy();

    const jsonl =
      '{"name":{"first":"Grace","last":"Hopper"},"email":"grace@jsonl.example","tags":["navy","cobol"]}\n{broken\n';
    const jId = await upload(app(), admin.auth, 'people.jsonl', jsonl, 'application/x-ndjson');
    let j = (
      await newImport(app(), admin.auth, {
        fileId: jId,
        entity: 'contacts',
        settings: { keepValidRows: true },
      })
    ).json() as ImportDto;
    expect(j.format).toBe('jsonl');
    j = await patchImport(app(), admin.auth, j, {
      mapping: [
        { column: 'name.first', target: 'firstName' },
        { column: 'name.last', target: 'lastName' },
        { column: 'email', target: 'email' },
        { column: 'tags', target: 'tags' },
      ],
    });
    j = await act(app(), admin.auth, getDb(), j.id, 'start');
    expect(j.stats).toMatchObject({ created: 1, failed: 1 });
    const [grace] = await one('grace@jsonl.example');
    expect(grace!.tags).toEqual(['navy', 'cobol']);
  });

  it('matches by external id and by a unique custom field, fills custom fields, and fails unmatched rows in update mode', async () => {
    const field = await app().inject({
      method: 'POST',
      url: '/api/v1/custom-fields',
      headers: admin.auth,
      payload: {
        entity: 'contact',
        key: 'member_no',
        type: 'text',
        labels: { en: 'Member number' },
        unique: true,
      },
    });
    expect(field.statusCode, field.body).toBe(201);
    const first = await upload(
      app(),
      admin.auth,
      'm1.csv',
      'Id,Member number,Email,Name\nX-1,M-100,m1@ext.example,Una One\n',
    );
    let a = (await newImport(app(), admin.auth, { fileId: first, entity: 'contacts' })).json() as ImportDto;
    expect(a.mapping).toEqual(
      expect.arrayContaining([
        { column: 'Member number', target: 'custom.member_no' },
        { column: 'Name', target: 'fullName' },
      ]),
    );
    a = await patchImport(app(), admin.auth, a, {
      mapping: [...a.mapping.filter((m) => m.column !== 'Id'), { column: 'Id', target: 'externalId' }],
    });
    a = await act(app(), admin.auth, getDb(), a.id, 'start');
    expect(a.stats, a.error ?? '').toMatchObject({ created: 1 });
    expect((await one('m1@ext.example'))[0]).toMatchObject({
      external_id: 'X-1',
      custom: { member_no: 'M-100' },
    });

    const second = await upload(
      app(),
      admin.auth,
      'm2.csv',
      'Member number,Job title\nM-100,Chair\nM-999,Nobody\n',
    );
    let b = (
      await newImport(app(), admin.auth, {
        fileId: second,
        entity: 'contacts',
        settings: { mode: 'update', match: 'custom.member_no', keepValidRows: true },
      })
    ).json() as ImportDto;
    b = await act(app(), admin.auth, getDb(), b.id, 'start');
    expect(b.stats).toMatchObject({ updated: 1, failed: 1 });
    expect((await one('m1@ext.example'))[0]).toMatchObject({ job_title: 'Chair' });
    const errs = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${b.id}/errors`,
      headers: admin.auth,
    });
    expect(errs.json().data[0]).toMatchObject({ rowNo: 3, message: 'No existing record matches' });
  });

  it('finds a similar name at the same company when asked, and lets one row be decided against the rule', async () => {
    const co = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: admin.auth,
        payload: { name: 'Fjordfisk A/S' },
      })
    ).json();
    await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: admin.auth,
      payload: { firstName: 'Kirsten', lastName: 'Jørgensen', companyId: co.id },
    });
    const fileId = await upload(
      app(),
      admin.auth,
      'f.csv',
      'First name,Last name,Company,Email\nKirsten,Jorgensen,Fjordfisk A/S,kirsten@fuzzy.example\nPeter,Jorgensen,Fjordfisk A/S,peter@fuzzy.example\n',
    );
    let imp = (
      await newImport(app(), admin.auth, { fileId, entity: 'contacts', settings: { fuzzy: true } })
    ).json() as ImportDto;
    imp = await act(app(), admin.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ created: 1, skipped: 1, duplicateCount: 1 });
    expect(imp.dryRun!.duplicates[0]).toMatchObject({
      rowNo: 2,
      reason: expect.stringMatching(/^similar name/),
    });
    imp = await patchImport(app(), admin.auth, imp, { decisions: { '2': 'update' } });
    imp = await act(app(), admin.auth, getDb(), imp.id, 'start');
    expect(imp.stats).toMatchObject({ created: 1, updated: 1 });
    const kirsten = rowsOf<{ n: number }>(
      await getDb().db.execute(
        sql`select count(*)::int as n from contacts where first_name = 'Kirsten' and company_id = ${co.id} and deleted_at is null`,
      ),
    );
    expect(kirsten[0]!.n).toBe(1);
  });
});
