import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Product = {
  id: string;
  sku: string;
  names: Record<string, string>;
  prices: { currency: string; unitPrice: number }[];
};

const shots = '/tmp/shots/products';

/**
 * The catalogue as a person keeps it: a product with a Danish name and two prices typed in the form, found
 * again by typing part of its SKU after `/`, then archived from its page. Screenshots of the pages in
 * English and Danish go to /tmp/shots/products for review.
 */
describeE2E('products in the browser', ['app'], (env) => {
  it('creates a product with a Danish name and two prices, finds it by part of its SKU, and archives it', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    mkdirSync(shots, { recursive: true });
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    await apiAs(context, 'POST', '/products', {
      sku: 'LOCK-U-180',
      names: { en: 'U-lock 180 mm', de: 'Bügelschloss 180 mm', da: 'Bøjlelås 180 mm' },
      prices: [{ currency: 'EUR', unitPrice: 3995 }],
      taxCategory: 'standard',
    });

    await page.goto('/products');
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.getByRole('row', { name: /LOCK-U-180/ }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 600 } });
    await page.keyboard.press('n');
    const form = page.getByRole('dialog', { name: 'New product' });
    await form.waitFor();
    await form.getByLabel('SKU').fill('BIKE-CARGO-3W');
    await form.getByLabel('Name (English)').fill('Three-wheel cargo bike');
    await form.getByRole('tab', { name: 'Danish' }).click();
    await form.getByLabel('Name (Danish)').fill('Ladcykel med tre hjul');
    await form.getByLabel('Description (Danish)').fill('Kasse i birkefiner, plads til to børn');
    await form.getByLabel('Price in EUR').fill('3249.50');
    await form.getByRole('button', { name: 'Add a currency' }).click();
    await form.getByLabel('Price in DKK').fill('24195,00');
    await form.getByLabel('Cost price', { exact: true }).fill('1800');
    await page.screenshot({ path: `${shots}/form-en.png` });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Three-wheel cargo bike' }).waitFor();
    await page.getByText('€3,249.50').waitFor();

    const saved = (await apiAs(context, 'GET', '/products?q=cargo-3')) as { data: Product[] };
    expect(saved.data).toHaveLength(1);
    expect(saved.data[0]).toMatchObject({
      sku: 'BIKE-CARGO-3W',
      names: { en: 'Three-wheel cargo bike', da: 'Ladcykel med tre hjul' },
      prices: [
        { currency: 'DKK', unitPrice: 2419500 },
        { currency: 'EUR', unitPrice: 324950 },
      ],
    });

    // Back to the list: `/` focuses the search, part of the SKU finds it, Enter opens the first match.
    await page.goto('/products');
    await page.getByRole('row', { name: /LOCK-U-180/ }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 600 } });
    await page.keyboard.press('/');
    await page.keyboard.type('cargo-3');
    await page.getByRole('row', { name: /BIKE-CARGO-3W/ }).waitFor();
    await page.getByRole('row', { name: /LOCK-U-180/ }).waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Three-wheel cargo bike' }).waitFor();
    await page.screenshot({ path: `${shots}/product-en.png`, fullPage: true });

    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('BIKE-CARGO-3W archived').waitFor();
    await page.getByRole('button', { name: 'Offer again' }).waitFor();
    const archived = (await apiAs(context, 'GET', `/products/${saved.data[0]!.id}`)) as { status: string };
    expect(archived.status).toBe('archived');
    await page.goto('/products');
    await page.getByRole('row', { name: /LOCK-U-180/ }).waitFor();
    expect(await page.getByRole('row', { name: /BIKE-CARGO-3W/ }).count()).toBe(0);
    await page.getByText('Archived', { exact: true }).click();
    await page.getByRole('row', { name: /BIKE-CARGO-3W/ }).waitFor();

    // The settings sections, for review.
    await apiAs(context, 'POST', '/price-lists', {
      name: 'Forhandlere DKK',
      customerGroup: 'forhandler',
      currency: 'DKK',
      items: [{ productId: saved.data[0]!.id, unitPrice: 1995000 }],
    });
    await apiAs(context, 'PATCH', '/settings/sales', {
      companyName: 'Cykelværkstedet Ærø ApS',
      address: 'Vestergade 12\n5970 Ærøskøbing',
      vatId: 'DK12345678',
      iban: 'DK50 0040 0440 1162 43',
    });
    await page.screenshot({ path: `${shots}/list-en.png` });
    for (const [path, name] of [
      ['/settings/sales', 'sales'],
      ['/settings/tax-rates', 'tax-rates'],
      ['/settings/price-lists', 'price-lists'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${shots}/${name}-en.png`, fullPage: name !== 'tax-rates' });
    }
    await context.close();

    const da = await newPage(env().browser, url, { language: 'da' });
    await signIn(da.context);
    await da.page.goto('/products?');
    await da.page.getByRole('heading', { name: 'Produkter' }).waitFor();
    await da.page
      .getByRole('row', { name: /LOCK-U-180/ })
      .getByText('Bøjlelås 180 mm')
      .waitFor();
    await da.page.screenshot({ path: `${shots}/list-da.png` });
    for (const [path, name] of [
      ['/settings/sales', 'sales'],
      ['/settings/tax-rates', 'tax-rates'],
      ['/settings/price-lists', 'price-lists'],
    ] as const) {
      await da.page.goto(path);
      await da.page.getByRole('heading', { name: 'Indstillinger' }).waitFor();
      await da.page.waitForTimeout(400);
      await da.page.screenshot({ path: `${shots}/${name}-da.png`, fullPage: name !== 'tax-rates' });
    }
    await da.page.getByRole('row', { name: /Forhandlere DKK/ }).click();
    await da.page.getByRole('dialog').waitFor();
    await da.page.waitForTimeout(300);
    await da.page.screenshot({ path: `${shots}/price-list-editor-da.png` });
    await da.context.close();
  });
});
