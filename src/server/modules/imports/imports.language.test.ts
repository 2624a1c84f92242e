import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import { act, newImport, upload } from './imports.test-helpers.ts';

/** A Danish trade-fair list with three bad rows: a date that does not exist, a country, an owner. */
const danishCsv = [
  'Fornavn;Efternavn;E-mail;Land;Fødselsdag;Ansvarlig',
  'Mette;Møller;mette@moller.example;Danmark;04.03.1985;',
  'Søren;Kierkegaard;soren@example.dk;Danmark;31.02.1990;',
  'Karen;Blixen;karen@example.dk;Atlantis;17.04.1985;',
  'Hans;Andersen;hans@example.dk;Danmark;02.04.1975;ingen@example.dk',
].join('\r\n');

type ErrorRow = {
  rowNo: number;
  field: string | null;
  code: string | null;
  params: Record<string, string | number> | null;
  message: string;
  localizedMessage: string;
};

describeEachDb('imports: row problems in the reader’s language', (getDb) => {
  const app = useApp(getDb);
  let dane: TestUser;
  let imp: ImportDto;

  beforeAll(async () => {
    dane = await makeUser(getDb(), 'agent');
    const me = await app().inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: dane.auth,
      payload: { language: 'da' },
    });
    expect(me.statusCode, me.body).toBe(200);
    const fileId = await upload(app(), dane.auth, 'messe.csv', Buffer.from(danishCsv));
    const res = await newImport(app(), dane.auth, { fileId, entity: 'contacts' });
    expect(res.statusCode, res.body).toBe(201);
    imp = await act(app(), dane.auth, getDb(), (res.json() as ImportDto).id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 4, created: 1, failed: 3 });
  });

  it('lists a Danish user’s problems with their codes, params, English message and Danish sentence', async () => {
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors?dryRun=true`,
      headers: dane.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual([
      expect.objectContaining({
        rowNo: 3,
        field: 'birthday',
        code: 'date_invalid',
        params: { value: '31.02.1990' },
        message: 'Not a date: "31.02.1990"',
        localizedMessage: 'Ikke en gyldig dato: “31.02.1990”',
      }),
      expect.objectContaining({
        rowNo: 4,
        field: 'country',
        code: 'country_unknown',
        params: { value: 'Atlantis' },
        localizedMessage: 'Ukendt land: “Atlantis”',
      }),
      expect.objectContaining({
        rowNo: 5,
        field: 'ownerEmail',
        code: 'owner_unknown',
        params: { email: 'ingen@example.dk' },
        message: 'No active user has the e-mail ingen@example.dk',
        localizedMessage: 'Ingen aktiv bruger har e-mailadressen ingen@example.dk',
      }),
    ] satisfies Partial<ErrorRow>[]);
  });

  it('words the error report in Danish: headings, field labels, sentences, and the codes last', async () => {
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors.csv?dryRun=true`,
      headers: dane.auth,
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toEqual([
      'række,felt,værdi,problem,kode',
      '3,Fødselsdag,31.02.1990,Ikke en gyldig dato: “31.02.1990”,date_invalid',
      '4,Land,Atlantis,Ukendt land: “Atlantis”,country_unknown',
      '5,Ansvarlig (e-mail),ingen@example.dk,Ingen aktiv bruger har e-mailadressen ingen@example.dk,owner_unknown',
    ]);
  });

  it('keeps the English sentence for a colleague reading the same report in English', async () => {
    const admin = await makeUser(getDb(), 'admin');
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors.csv?dryRun=true`,
      headers: admin.auth,
    });
    expect(res.body).toContain('row,field,value,reason,code');
    expect(res.body).toContain('3,Birthday,31.02.1990,"Not a date: ""31.02.1990""",date_invalid');
  });
});
