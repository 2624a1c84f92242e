import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import type { PricingLine, TaxRateDto } from '../../../shared/products.ts';

describeEachDb('tax rates, price lists and line pricing', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let manager: TestUser;
  let agent: TestUser;
  let viewer: TestUser;
  let bike: string;
  let book: string;
  let service: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const post = async (user: TestUser, url: string, payload: unknown) => {
    const res = await req(user, 'POST', url, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const price = async (query: Record<string, string>): Promise<PricingLine> => {
    const res = await req(agent, 'GET', `/pricing/line?${new URLSearchParams(query)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const address = (country: string) => [{ city: 'x', country }];

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    manager = await makeUser(getDb(), 'manager');
    agent = await makeUser(getDb(), 'agent');
    viewer = await makeUser(getDb(), 'viewer');
    bike = (
      await post(manager, '/products', {
        sku: 'BIKE-1',
        names: { en: 'Cargo bike', da: 'Ladcykel', de: 'Lastenrad' },
        prices: [
          { currency: 'EUR', unitPrice: 249900 },
          { currency: 'DKK', unitPrice: 1869500 },
        ],
        costPrice: 150000,
        costCurrency: 'EUR',
      })
    ).id;
    book = (
      await post(manager, '/products', {
        sku: 'BOOK-1',
        names: { en: 'Cargo bike handbook', fr: 'Manuel du vélo cargo' },
        unit: 'piece',
        taxCategory: 'reduced',
        prices: [{ currency: 'EUR', unitPrice: 2450 }],
      })
    ).id;
    service = (
      await post(manager, '/products', {
        sku: 'SVC-HOUR',
        names: { en: 'Workshop hour' },
        unit: 'hour',
        taxCategory: 'reduced_2',
        prices: [{ currency: 'EUR', unitPrice: 7500 }],
      })
    ).id;
  });

  it('seeds the rates of European countries on first use', async () => {
    const res = await req(viewer, 'GET', '/tax-rates');
    const rates = res.json().data as TaxRateDto[];
    const of = (country: string) =>
      Object.fromEntries(rates.filter((r) => r.country === country).map((r) => [r.category, r.rate]));
    expect(of('DK')).toEqual({ standard: '25', zero: '0' });
    expect(of('FR')).toEqual({
      standard: '20',
      reduced: '10',
      reduced_2: '5.5',
      super_reduced: '2.1',
      zero: '0',
    });
    expect(of('DE')).toEqual({ standard: '19', reduced: '7', zero: '0' });
    expect(of('FI')).toMatchObject({ standard: '25.5' });
    expect(of('IE')).toMatchObject({ standard: '23', reduced: '13.5' });
    const de = await req(viewer, 'GET', '/tax-rates?country=de');
    expect(de.json().data.map((r: TaxRateDto) => r.rate)).toEqual(['19', '7', '0']);
  });

  it('lets admins add, change and delete tax rates; agents get 403; duplicates 409; stale 412', async () => {
    const body = { country: 'DK', category: 'reduced', rate: '12.5', label: 'Test rate' };
    expectProblem(await req(agent, 'POST', '/tax-rates', body), 403);
    expectProblem(await req(manager, 'POST', '/tax-rates', body), 403);
    const created = await post(admin, '/tax-rates', body);
    expect(created).toMatchObject({ country: 'DK', category: 'reduced', rate: '12.5', version: 1 });
    expectProblem(await req(admin, 'POST', '/tax-rates', { ...body, rate: '10' }), 409, 'tax_rate_exists');
    const bad = await req(admin, 'POST', '/tax-rates', {
      country: 'Danmark',
      category: 'fancy',
      rate: '101',
    });
    expect(errorPaths(bad).sort()).toEqual(['category', 'country', 'rate']);
    expectProblem(
      await req(agent, 'PATCH', `/tax-rates/${created.id}`, { rate: '13' }, { 'if-match': '"1"' }),
      403,
    );
    const changed = await req(
      admin,
      'PATCH',
      `/tax-rates/${created.id}`,
      { rate: '13.000' },
      { 'if-match': '"1"' },
    );
    expect(changed.json()).toMatchObject({ rate: '13', version: 2 });
    expectProblem(
      await req(admin, 'PATCH', `/tax-rates/${created.id}`, { rate: '14' }, { 'if-match': '"1"' }),
      412,
    );
    expectProblem(await req(agent, 'DELETE', `/tax-rates/${created.id}`), 403);
    expect((await req(admin, 'DELETE', `/tax-rates/${created.id}`)).statusCode).toBe(204);
    expectProblem(await req(admin, 'DELETE', `/tax-rates/${created.id}`), 404);
  });

  it('prices a line from the list price with the tax rate of the customer country, in the document language', async () => {
    const company = await post(agent, '/companies', {
      name: 'Lastenräder Müller GmbH',
      addresses: address('DE'),
    });
    const line = await price({ productId: book, currency: 'EUR', companyId: company.id, language: 'de' });
    expect(line).toEqual({
      productId: book,
      sku: 'BOOK-1',
      description: 'Cargo bike handbook',
      unit: 'piece',
      unitPrice: 2450,
      taxRate: '7',
      unitCost: null,
      priceSource: 'list_price',
    });
    const bikeLine = await price({ productId: bike, currency: 'EUR', companyId: company.id, language: 'de' });
    expect(bikeLine).toMatchObject({
      description: 'Lastenrad',
      taxRate: '19',
      unitPrice: 249900,
      unitCost: 150000,
    });
    // A category the country has no rate for (Germany has one reduced rate): its standard rate.
    expect(await price({ productId: service, currency: 'EUR', companyId: company.id })).toMatchObject({
      taxRate: '19',
    });
  });

  it('falls back to the seller country for a customer whose country has no rates, or no customer at all', async () => {
    const far = await post(agent, '/contacts', {
      firstName: 'Aiko',
      lastName: 'Tanaka',
      addresses: address('JP'),
    });
    // The seller is in Denmark by default: 25 % for everything.
    expect(await price({ productId: book, currency: 'EUR', contactId: far.id })).toMatchObject({
      taxRate: '25',
    });
    expect(await price({ productId: bike, currency: 'DKK', language: 'da' })).toMatchObject({
      description: 'Ladcykel',
      unitPrice: 1869500,
      taxRate: '25',
      unitCost: null,
    });
    const seller = await req(admin, 'PATCH', '/settings/sales', { country: 'FR' });
    expect(seller.statusCode, seller.body).toBe(200);
    try {
      expect(
        await price({ productId: book, currency: 'EUR', contactId: far.id, language: 'fr' }),
      ).toMatchObject({
        description: 'Manuel du vélo cargo',
        taxRate: '10',
      });
      expect(await price({ productId: service, currency: 'EUR' })).toMatchObject({ taxRate: '5.5' });
    } finally {
      await req(admin, 'PATCH', '/settings/sales', { country: 'DK' });
    }
  });

  it('answers null without a price in the currency', async () => {
    expect(await price({ productId: book, currency: 'SEK' })).toMatchObject({
      unitPrice: null,
      priceSource: 'none',
    });
  });

  it('takes the price of the active price list of the customer group, the company’s group before the contact’s', async () => {
    const list = await post(manager, '/price-lists', {
      name: 'Wholesale EUR',
      customerGroup: 'Wholesale',
      currency: 'EUR',
      items: [{ productId: bike, unitPrice: 199900 }],
    });
    expect(list).toMatchObject({ customerGroup: 'wholesale', active: true, itemCount: 1 });
    expect(list.items).toEqual([
      expect.objectContaining({ productId: bike, sku: 'BIKE-1', unitPrice: 199900, listPrice: 249900 }),
    ]);
    const dealer = await post(agent, '/companies', {
      name: 'Cykelhandler Ærø ApS',
      customerGroup: 'wholesale',
      vatId: 'dk 12345678',
      addresses: address('DK'),
    });
    expect(dealer).toMatchObject({ customerGroup: 'wholesale', vatId: 'DK 12345678' });
    const buyer = await post(agent, '/contacts', {
      firstName: 'Søren',
      lastName: 'Ærø',
      companyId: dealer.id,
      customerGroup: 'retail',
    });
    expect(buyer.customerGroup).toBe('retail');
    // Through the contact alone: the contact's company and its group.
    expect(await price({ productId: bike, currency: 'EUR', contactId: buyer.id })).toMatchObject({
      unitPrice: 199900,
      priceSource: 'price_list',
      taxRate: '25',
    });
    // Not on the list: the list price. Another currency: no list for it.
    expect(await price({ productId: book, currency: 'EUR', companyId: dealer.id })).toMatchObject({
      unitPrice: 2450,
      priceSource: 'list_price',
    });
    expect(await price({ productId: bike, currency: 'DKK', companyId: dealer.id })).toMatchObject({
      priceSource: 'list_price',
    });

    const lone = await post(agent, '/contacts', { firstName: 'Élodie', customerGroup: 'wholesale' });
    expect(await price({ productId: bike, currency: 'EUR', contactId: lone.id })).toMatchObject({
      priceSource: 'price_list',
    });

    // One active list per group and currency.
    const second = await req(manager, 'POST', '/price-lists', {
      name: 'Wholesale EUR 2',
      customerGroup: 'wholesale',
      currency: 'EUR',
    });
    expectProblem(second, 409, 'price_list_active_exists');
    const paused = await req(
      manager,
      'PATCH',
      `/price-lists/${list.id}`,
      { active: false },
      { 'if-match': '"1"' },
    );
    expect(paused.json()).toMatchObject({ active: false, version: 2 });
    expect(await price({ productId: bike, currency: 'EUR', contactId: lone.id })).toMatchObject({
      priceSource: 'list_price',
    });
    expectProblem(
      await req(manager, 'PATCH', `/price-lists/${list.id}`, { active: true }, { 'if-match': '"1"' }),
      412,
    );
  });

  it('replaces all items of a price list at once, or none when one is wrong', async () => {
    const list = await post(manager, '/price-lists', {
      name: 'Partners DKK',
      customerGroup: 'partner',
      currency: 'DKK',
    });
    expectProblem(await req(agent, 'PUT', `/price-lists/${list.id}/items`, { items: [] }), 403);
    const put = await req(manager, 'PUT', `/price-lists/${list.id}/items`, {
      items: [
        { productId: bike, unitPrice: 1500000 },
        { productId: book, unitPrice: 15000 },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ itemCount: 2, version: 2 });
    const wrong = await req(manager, 'PUT', `/price-lists/${list.id}/items`, {
      items: [
        { productId: service, unitPrice: 1 },
        { productId: '00000000-0000-4000-8000-000000000000', unitPrice: 1 },
      ],
    });
    expect(expectProblem(wrong, 422).errors?.map((e) => e.path)).toEqual(['items.1.productId']);
    const twice = await req(manager, 'PUT', `/price-lists/${list.id}/items`, {
      items: [
        { productId: service, unitPrice: 1 },
        { productId: service, unitPrice: 2 },
      ],
    });
    expect(errorPaths(twice)).toEqual(['items.1.productId']);
    const kept = await req(viewer, 'GET', `/price-lists/${list.id}`);
    expect(kept.json().items.map((i: { sku: string }) => i.sku)).toEqual(['BIKE-1', 'BOOK-1']);
    const all = await req(viewer, 'GET', '/price-lists');
    expect(all.json().data.map((l: { name: string }) => l.name)).toContain('Partners DKK');
    expect((await req(manager, 'DELETE', `/price-lists/${list.id}`)).statusCode).toBe(204);
    expectProblem(await req(viewer, 'GET', `/price-lists/${list.id}`), 404);
  });

  it('refuses to price archived, binned or unknown products and unknown customers', async () => {
    const old = await post(manager, '/products', { sku: 'OLD-1', names: { en: 'Old model' } });
    await req(manager, 'POST', `/products/${old.id}/archive`);
    const archived = await req(agent, 'GET', `/pricing/line?productId=${old.id}&currency=EUR`);
    expect(expectProblem(archived, 422, 'product_archived').errors?.[0]?.path).toBe('productId');
    await req(manager, 'DELETE', `/products/${old.id}`);
    expectProblem(await req(agent, 'GET', `/pricing/line?productId=${old.id}&currency=EUR`), 404);
    const nobody = await req(
      agent,
      'GET',
      `/pricing/line?productId=${bike}&currency=EUR&companyId=00000000-0000-4000-8000-000000000000`,
    );
    expect(errorPaths(nobody)).toEqual(['companyId']);
    const badCurrency = await req(agent, 'GET', `/pricing/line?productId=${bike}&currency=XYZ`);
    expect(badCurrency.statusCode).toBe(400);
  });
});
