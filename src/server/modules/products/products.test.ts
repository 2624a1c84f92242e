import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import type { ProductDto, ProductListQuery } from '../../../shared/products.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { productListStatement } from './products.list.ts';

describeEachDb('products API', (getDb) => {
  const app = useApp(getDb);
  let manager: TestUser;
  let agent: TestUser;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (payload: Record<string, unknown>, user = manager): Promise<ProductDto> => {
    const res = await req(user, 'POST', '/products', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const skus = (res: { json: () => { data: ProductDto[] } }) => res.json().data.map((p) => p.sku);

  beforeAll(async () => {
    manager = await makeUser(getDb(), 'manager');
    agent = await makeUser(getDb(), 'agent');
  });

  it('creates a product with names per language, list prices per currency and a cost price, and keeps its history', async () => {
    const retryBody = {
      sku: 'BIKE-CITY-7',
      names: { en: 'City bike, 7 gears', da: 'Bycykel, 7 gear', de: 'Stadtrad, 7 Gänge', fr: '' },
      descriptions: { en: 'Aluminium frame\nDynamo lights' },
      unit: 'piece',
      taxCategory: 'standard',
      prices: [
        { currency: 'EUR', unitPrice: 64900 },
        { currency: 'DKK', unitPrice: 479500 },
      ],
      costPrice: 32000,
      costCurrency: 'EUR',
    };
    const res = await req(manager, 'POST', '/products', retryBody, { 'idempotency-key': 'bike-city-7' });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json() as ProductDto;
    expect(p).toMatchObject({
      sku: 'BIKE-CITY-7',
      names: { en: 'City bike, 7 gears', da: 'Bycykel, 7 gear', de: 'Stadtrad, 7 Gänge' },
      unit: 'piece',
      taxCategory: 'standard',
      prices: [
        { currency: 'DKK', unitPrice: 479500 },
        { currency: 'EUR', unitPrice: 64900 },
      ],
      costPrice: 32000,
      costCurrency: 'EUR',
      status: 'active',
      version: 1,
      createdById: manager.id,
    });
    expect(p.names).not.toHaveProperty('fr');
    expect(res.headers.etag).toBe('"1"');

    const again = await req(manager, 'POST', '/products', retryBody, { 'idempotency-key': 'bike-city-7' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(p.id);

    const history = await req(agent, 'GET', `/products/${p.id}/history`);
    expect(history.json().data[0]).toMatchObject({ action: 'create' });
    expect(history.json().data[0].changes.map((c: { field: string }) => c.field)).toContain('prices');
  });

  it('refuses a SKU another live product has, ignoring case (409), and bad input with field paths (400)', async () => {
    await create({ sku: 'Helmet-M', names: { en: 'Helmet M' } });
    const dup = await req(manager, 'POST', '/products', { sku: 'helmet-m', names: { en: 'Another helmet' } });
    expect(expectProblem(dup, 409, 'sku_taken').errors?.[0]?.path).toBe('sku');

    const bad = await req(manager, 'POST', '/products', {
      sku: 'has space',
      names: { fr: 'Sans anglais' },
      prices: [
        { currency: 'EUR', unitPrice: 100 },
        { currency: 'EUR', unitPrice: 12.5 },
      ],
      costPrice: 100,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toEqual(expect.arrayContaining(['sku', 'names.en', 'prices.1.unitPrice']));
    const twice = await req(manager, 'POST', '/products', {
      sku: 'X-2',
      names: { en: 'X' },
      prices: [
        { currency: 'EUR', unitPrice: 100 },
        { currency: 'EUR', unitPrice: 200 },
      ],
    });
    expect(errorPaths(twice)).toEqual(['prices.1.currency']);
    const noCurrency = await req(manager, 'POST', '/products', {
      sku: 'X-1',
      names: { en: 'X' },
      costPrice: 100,
    });
    expect(errorPaths(noCurrency)).toContain('costCurrency');
  });

  it('changes a product with If-Match: 412 when stale, prices replaced, SKU conflicts refused', async () => {
    const p = await create({
      sku: 'LOCK-U',
      names: { en: 'U-lock' },
      prices: [{ currency: 'EUR', unitPrice: 2995 }],
    });
    const ok = await req(
      manager,
      'PATCH',
      `/products/${p.id}`,
      { prices: [{ currency: 'SEK', unitPrice: 34900 }], names: { en: 'U-lock', da: 'Bøjlelås' } },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      version: 2,
      prices: [{ currency: 'SEK', unitPrice: 34900 }],
      names: { en: 'U-lock', da: 'Bøjlelås' },
    });
    const stale = await req(manager, 'PATCH', `/products/${p.id}`, { unit: 'set' }, { 'if-match': '"1"' });
    expectProblem(stale, 412);
    const taken = await req(manager, 'PATCH', `/products/${p.id}`, { sku: 'HELMET-M' });
    expectProblem(taken, 409, 'sku_taken');
    const same = await req(manager, 'PATCH', `/products/${p.id}`, {
      names: { da: 'Bøjlelås', en: 'U-lock' },
    });
    expect(same.json().version).toBe(2);
  });

  it('lets agents read the catalogue but not change it (403)', async () => {
    expectProblem(await req(agent, 'POST', '/products', { sku: 'A-1', names: { en: 'A' } }), 403);
    expect((await req(agent, 'GET', '/products')).statusCode).toBe(200);
  });

  it('searches as you type over SKU and names in every language, SKU prefix first, accents ignored', async () => {
    await create({ sku: 'PUMP-FLOOR', names: { en: 'Floor pump', da: 'Standpumpe' } });
    await create({ sku: 'TUBE-28', names: { en: 'Inner tube 28"', de: 'Schlauch für Pumpenventil' } });
    await create({ sku: 'XL-PUMPKIN', names: { en: 'Pumpkin basket', fr: 'Panier citrouille' } });
    await create({ sku: 'GRØD-1', names: { en: 'Porridge bar', da: 'Havregrød bar' } });
    await create({ sku: 'HP-1', names: { en: 'Mini handpump' } });
    // The SKU starting with it, then names with a word starting with it (A–Z by SKU), then the rest.
    expect(skus(await req(agent, 'GET', '/products?q=pump'))).toEqual([
      'PUMP-FLOOR',
      'TUBE-28',
      'XL-PUMPKIN',
      'HP-1',
    ]);
    expect(skus(await req(agent, 'GET', '/products?q=pump-floor'))).toEqual(['PUMP-FLOOR']);
    expect(skus(await req(agent, 'GET', '/products?q=standpum'))).toEqual(['PUMP-FLOOR']);
    expect(skus(await req(agent, 'GET', '/products?q=citrou'))).toEqual(['XL-PUMPKIN']);
    expect(skus(await req(agent, 'GET', '/products?q=havregrod'))).toEqual(['GRØD-1']);
    expect(skus(await req(agent, 'GET', '/products?q=grød-'))).toEqual(['GRØD-1']);
    expect(skus(await req(agent, 'GET', '/products?q=100%25'))).toEqual([]);
    // Two letters: words starting with them only.
    expect(skus(await req(agent, 'GET', '/products?q=ha'))).toEqual(['GRØD-1', 'HP-1']);

    const first = await req(agent, 'GET', '/products?q=pump&limit=2');
    expect(skus(first)).toEqual(['PUMP-FLOOR', 'TUBE-28']);
    const next = await req(agent, 'GET', `/products?q=pump&limit=2&cursor=${first.json().nextCursor}`);
    expect(skus(next)).toEqual(['XL-PUMPKIN', 'HP-1']);
    expect(next.json().nextCursor).toBeNull();
  });

  it('pages A–Z by SKU, filters by status and tax category, archives and unarchives', async () => {
    const book = await create({ sku: 'BOOK-REPAIR', names: { en: 'Repair manual' }, taxCategory: 'reduced' });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await req(agent, 'GET', `/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      all.push(...skus(res));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(all).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(all).toContain('BOOK-REPAIR');

    expect(skus(await req(agent, 'GET', '/products?taxCategory=reduced'))).toEqual(['BOOK-REPAIR']);
    const archived = await req(manager, 'POST', `/products/${book.id}/archive`, undefined, {
      'if-match': '"1"',
    });
    expect(archived.json()).toMatchObject({ status: 'archived', version: 2 });
    expect(skus(await req(agent, 'GET', '/products'))).not.toContain('BOOK-REPAIR');
    expect(skus(await req(agent, 'GET', '/products?status=archived'))).toEqual(['BOOK-REPAIR']);
    expect(skus(await req(agent, 'GET', '/products?status=all&q=book'))).toEqual(['BOOK-REPAIR']);
    const back = await req(manager, 'POST', `/products/${book.id}/unarchive`);
    expect(back.json()).toMatchObject({ status: 'active', archivedAt: null, version: 3 });
    const history = await req(agent, 'GET', `/products/${book.id}/history`);
    expect(history.json().data[0].changes).toEqual([{ field: 'status', old: 'archived', new: 'active' }]);
  });

  it('moves a product to the recycle bin and restores it; its SKU is free meanwhile', async () => {
    const p = await create({ sku: 'BELL-1', names: { en: 'Bell' } });
    expectProblem(await req(manager, 'DELETE', `/products/${p.id}`, undefined, { 'if-match': '"7"' }), 412);
    expect((await req(manager, 'DELETE', `/products/${p.id}`)).statusCode).toBe(204);
    expectProblem(await req(agent, 'GET', `/products/${p.id}`), 404);
    expect(skus(await req(agent, 'GET', '/products?deleted=only'))).toContain('BELL-1');
    const other = await create({ sku: 'bell-1', names: { en: 'Other bell' } });
    expectProblem(await req(manager, 'POST', `/products/${p.id}/restore`), 409, 'sku_taken');
    await req(manager, 'DELETE', `/products/${other.id}`);
    const restored = await req(manager, 'POST', `/products/${p.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
  });

  it('reads the search through the trigram index and the plain list through the SKU index', async () => {
    const db = getDb();
    const plans: string[] = [];
    const explain = async (tx: typeof db.db, q: Partial<ProductListQuery>) => {
      const { statement } = productListStatement({ db: tx } as Ctx, { status: 'active', limit: 20, ...q });
      const rows = rowsOf<Record<string, unknown>>(await tx.execute(sql`explain ${statement.getSQL()}`));
      return rows.map((r) => String(Object.values(r)[0])).join('\n');
    };
    // A catalogue of 5,000 products, analysed, inside a transaction that is rolled back afterwards.
    await db.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into products (sku, names, search_text)
          select 'GEN-' || i, jsonb_build_object('en', 'Generated item ' || i), rapport_fold('gen-' || i || ' generated item ' || i)
          from generate_series(1, 5000) i`);
        // What VACUUM does in the background: new entries move from the GIN pending list into the index.
        await tx.execute(sql`select gin_clean_pending_list('products_search_idx')`);
        await tx.execute(sql`analyze products`);
        plans.push(await explain(tx, { q: 'pump' }));
        plans.push(await explain(tx, { q: 'pu' }));
        plans.push(await explain(tx, {}));
        plans.push(await explain(tx, { sort: '-createdAt' }));
        throw new Error('rollback');
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') throw err;
      });
    expect(plans[0]).toContain('products_search_idx');
    expect(plans[1]).toContain('products_search_idx');
    expect(plans[2]).toContain('products_sku_idx');
    expect(plans[3]).toContain('products_created_idx');
  });
});
