import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import type { ProductDto } from '../../../shared/products.ts';
import { act, newImport, patchImport, runJobs, upload } from './imports.test-helpers.ts';

const danishCatalogue = [
  'Varenummer;Navn;Navn (fransk);Pris DKK;Pris EUR;Enhed;Momskategori;Kostpris;Kostvaluta',
  'CYK-100;Ladcykel Øresund;Vélo cargo Øresund;24.995,00;3.349,00;stk;standard;15.000,00;DKK',
  'SRV-1;Service, time;Entretien, heure;650,00;;time;standard;;',
  'HJ-7;Hjelm;Casque;499,50;67,00;stk;reduced;;',
  'BAD-1;;Sans nom;100,00;;stk;standard;;',
  'BAD-2;Brøk;;10,005;;stk;standard;;',
].join('\n');

describeEachDb('imports: products', (getDb) => {
  const app = useApp(getDb);
  let manager: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    manager = await makeUser(getDb(), 'manager');
    agent = await makeUser(getDb(), 'agent');
  });
  const product = async (sku: string) => {
    const res = await app().inject({
      method: 'GET',
      url: `/api/v1/products?q=${encodeURIComponent(sku)}&status=all`,
      headers: manager.auth,
    });
    return (res.json().data as ProductDto[]).find((p) => p.sku === sku);
  };

  it('imports a Danish catalogue by SKU with prices per currency, refuses bad rows by field, updates and undoes', async () => {
    const fileId = await upload(app(), manager.auth, 'varer.csv', danishCatalogue);
    // The catalogue is a manager's, through an import as through its API.
    const byAgent = await newImport(app(), agent.auth, {
      fileId: await upload(app(), agent.auth, 'varer.csv', danishCatalogue),
      entity: 'products',
    });
    expect(byAgent.statusCode, byAgent.body).toBe(403);
    // A SKU is one product: "create anyway" is refused up front, as is "no look-up" for orders.
    const twice = await newImport(app(), manager.auth, {
      fileId,
      entity: 'products',
      settings: { duplicates: 'create' },
    });
    expect(twice.statusCode, twice.body).toBe(422);
    expect(twice.json().errors[0].path).toBe('settings.duplicates');
    const unmatched = await newImport(app(), manager.auth, {
      fileId,
      entity: 'orders',
      settings: { match: 'none' },
    });
    expect(unmatched.statusCode, unmatched.body).toBe(422);
    const res = await newImport(app(), manager.auth, { fileId, entity: 'products' });
    expect(res.statusCode, res.body).toBe(201);
    let imp = res.json() as ImportDto;
    expect(imp.settings.match).toBe('sku');
    const target = (col: string) => imp.mapping.find((m) => m.column === col)?.target;
    expect(target('Varenummer')).toBe('sku');
    expect(target('Navn')).toBe('name');
    expect(target('Navn (fransk)')).toBe('nameFr');
    expect(target('Pris DKK')).toBe('priceDKK');
    expect(target('Pris EUR')).toBe('priceEUR');
    expect(target('Enhed')).toBe('unit');
    expect(target('Kostpris')).toBe('costPrice');

    imp = await act(app(), manager.auth, getDb(), imp.id, 'dry-run');
    expect(imp.dryRun).toMatchObject({ total: 5, created: 3, failed: 2 });
    const errors = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/errors?dryRun=true`,
      headers: manager.auth,
    });
    expect(errors.json().data.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field])).toEqual([
      [5, 'name'],
      [6, 'priceDKK'],
    ]);
    // All or nothing: the bad rows stop the import before anything is written.
    imp = await act(app(), manager.auth, getDb(), imp.id, 'start');
    expect(imp.status).toBe('failed');
    expect(await product('CYK-100')).toBeUndefined();

    imp = await patchImport(app(), manager.auth, imp, { settings: { keepValidRows: true } });
    imp = await act(app(), manager.auth, getDb(), imp.id, 'start');
    expect(imp.status, imp.error ?? '').toBe('done');
    expect(imp.stats).toMatchObject({ created: 3, failed: 2 });
    const bike = await product('CYK-100');
    expect(bike).toMatchObject({
      names: { en: 'Ladcykel Øresund', fr: 'Vélo cargo Øresund' },
      unit: 'piece',
      taxCategory: 'standard',
      costPrice: 1_500_000,
      costCurrency: 'DKK',
      prices: [
        { currency: 'DKK', unitPrice: 2_499_500 },
        { currency: 'EUR', unitPrice: 334_900 },
      ],
    });
    expect((await product('SRV-1'))?.unit).toBe('hour');

    // A second file updates by SKU (case ignored): a new EUR price and a German name; the rest stays.
    const update = [
      'SKU,Name (German),Price EUR,Archived',
      'cyk-100,Lastenrad Øresund,3399.00,no',
      'HJ-7,,67.00,yes',
      'NEW-9,,,',
    ].join('\n');
    const res2 = await newImport(app(), manager.auth, {
      fileId: await upload(app(), manager.auth, 'update.csv', update),
      entity: 'products',
      settings: { mode: 'update', match: 'sku', keepValidRows: true },
    });
    expect(res2.statusCode, res2.body).toBe(201);
    let imp2 = res2.json() as ImportDto;
    expect(imp2.mapping.find((m) => m.column === 'Name (German)')?.target).toBe('nameDe');
    imp2 = await act(app(), manager.auth, getDb(), imp2.id, 'start');
    expect(imp2.status, imp2.error ?? '').toBe('done');
    const errs2 = await app().inject({
      method: 'GET',
      url: `/api/v1/imports/${imp2.id}/errors`,
      headers: manager.auth,
    });
    expect(errs2.json().data.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field])).toEqual([
      [4, 'sku'],
    ]);
    // HJ-7 changes only its archive state; NEW-9 matches nothing in update mode.
    expect(imp2.stats).toMatchObject({ updated: 2, failed: 1 });
    expect(await product('CYK-100')).toMatchObject({
      names: { en: 'Ladcykel Øresund', fr: 'Vélo cargo Øresund', de: 'Lastenrad Øresund' },
      prices: [
        { currency: 'DKK', unitPrice: 2_499_500 },
        { currency: 'EUR', unitPrice: 339_900 },
      ],
    });
    expect((await product('HJ-7'))?.status).toBe('archived');

    imp2 = await act(app(), manager.auth, getDb(), imp2.id, 'undo');
    const jobErr = await getDb().db.execute(sql`select error from jobs where error is not null`);
    expect(imp2.status, JSON.stringify(jobErr.rows)).toBe('undone');
    expect(imp2.stats.undo).toMatchObject({ restored: 2, conflicts: 0 });
    const restored = await product('CYK-100');
    expect(restored?.names).toEqual({ en: 'Ladcykel Øresund', fr: 'Vélo cargo Øresund' });
    expect(restored?.prices).toEqual([
      { currency: 'DKK', unitPrice: 2_499_500 },
      { currency: 'EUR', unitPrice: 334_900 },
    ]);
    expect((await product('HJ-7'))?.status).toBe('active');

    imp = await act(app(), manager.auth, getDb(), imp.id, 'undo');
    expect(imp.stats.undo).toMatchObject({ removed: 3 });
    expect(await product('CYK-100')).toBeUndefined();
  });

  it('refuses to run a queued import whose user has since lost the role for it, and writes nothing', async () => {
    const demoted = await makeUser(getDb(), 'manager');
    const file = 'SKU;Navn;Pris DKK\nDEMOTE-1;Kædeolie;49,95';
    const res = await newImport(app(), demoted.auth, {
      fileId: await upload(app(), demoted.auth, 'demote.csv', file),
      entity: 'products',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as ImportDto).id;
    const start = await app().inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/start`,
      headers: demoted.auth,
    });
    expect(start.statusCode, start.body).toBe(202);
    // Demoted while the job waits in the queue: the job checks the role again when it runs.
    await getDb().db.execute(sql`update users set role = 'agent' where id = ${demoted.id}`);
    await runJobs(getDb());
    const imp = (
      await app().inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: demoted.auth })
    ).json() as ImportDto;
    expect(imp.status).toBe('failed');
    expect(imp.error).toBe('Importing products needs the manager role.');
    expect(imp.stats).toMatchObject({ created: 0 });
    expect(await product('DEMOTE-1')).toBeUndefined();
  });
});
