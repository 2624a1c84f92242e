import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Order = {
  id: string;
  number: string;
  status: string;
  channel: string;
  contactId: string;
  totals: { net: number; tax: number; gross: number };
  lines: { description: string; quantity: string; productId: string | null }[];
};

/**
 * Fast order entry as an experienced person does it — without the mouse: `n` on the orders list, the
 * customer typed and taken with ↓ and Enter, three lines (product, Enter, quantity, Enter), Ctrl+Enter saves
 * and opens the order; then it is confirmed and shipped and shows on the customer's timeline.
 */
describeE2E('orders in the browser', ['app'], (env) => {
  it('enters a three-line order with the keyboard only, confirms and ships it, and finds it on the contact’s timeline', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const company = (await apiAs(context, 'POST', '/companies', { name: 'Nørre Cykler ApS' })) as {
      id: string;
    };
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Mette',
      lastName: 'Kjær',
      companyId: company.id,
      emails: [{ address: 'mette@norre-cykler.dk' }],
    })) as { id: string };
    const product = (sku: string, en: string, unitPrice: number, costPrice: number) =>
      apiAs(context, 'POST', '/products', {
        sku,
        names: { en },
        prices: [{ currency: 'EUR', unitPrice }],
        costPrice,
        costCurrency: 'EUR',
      });
    await product('BIKE-ORS', 'City bike Ørsted', 49_900, 31_000);
    await product('HELM-02', 'Helmet Bjørn', 5_995, 2_400);
    await product('LOCK-7', 'Folding lock', 3_450, 1_200);

    await page.goto('/orders');
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New order' }).waitFor();
    const focusedLabel = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.getAttribute('aria-label') ?? (el?.labels?.[0]?.textContent?.trim() || null);
      });
    const waitFocus = async (label: string) => {
      for (let i = 0; i < 100 && (await focusedLabel()) !== label; i++) await page.waitForTimeout(50);
      expect(await focusedLabel()).toBe(label);
    };

    // The customer box has the focus: type, ↓ to the match, Enter.
    await waitFocus('Customer');
    await page.keyboard.type('Kjær');
    await page.getByRole('option', { name: /Mette Kjær/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    // The cursor is in the first product box: search, Enter picks, quantity, Enter adds the next line.
    const line = async (n: number, search: string, option: RegExp, qty: string) => {
      await waitFocus(`Product or description ${n}`);
      await page.keyboard.type(search);
      await page.getByRole('option', { name: option }).waitFor();
      await page.keyboard.press('Enter');
      await waitFocus(`Quantity ${n}`);
      await page.keyboard.type(qty);
      await page.keyboard.press('Enter');
    };
    await line(1, 'orsted', /City bike Ørsted/, '2');
    await line(2, 'helm', /Helmet Bjørn/, '2');
    await line(3, 'LOCK', /Folding lock/, '1');
    await waitFocus('Product or description 4');
    await page.keyboard.press('Control+Enter');

    // Saved: the order page opens.
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const order = (await apiAs(context, 'GET', `/orders/${id}`)) as Order;
    expect(order).toMatchObject({ status: 'new', channel: 'phone', contactId: contact.id });
    expect(order.lines.map((l) => [l.description, l.quantity])).toEqual([
      ['City bike Ørsted', '2'],
      ['Helmet Bjørn', '2'],
      ['Folding lock', '1'],
    ]);
    expect(order.lines.every((l) => l.productId)).toBe(true);
    expect(order.totals.net).toBe(2 * 49_900 + 2 * 5_995 + 3_450);
    await page.getByRole('heading', { name: order.number }).waitFor();
    await page.getByRole('table', { name: 'Line items' }).getByText('Folding lock').waitFor();

    // Confirm, then ship.
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('button', { name: 'Ship', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await page.getByRole('button', { name: 'Mark delivered', exact: true }).waitFor();
    const shipped = (await apiAs(context, 'GET', `/orders/${id}`)) as Order & { shippedAt: string | null };
    expect(shipped.status).toBe('shipped');
    expect(shipped.shippedAt).not.toBeNull();

    // On Mette's page: in the orders card and on the timeline, with its status now.
    await page.goto(`/contacts/${contact.id}`);
    await page.getByRole('list', { name: 'Orders' }).getByText(order.number).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const entry = page.getByRole('link', { name: `Order ${order.number}` });
    await entry.waitFor();
    await entry.locator('xpath=..').getByText('Shipped').waitFor();
    await context.close();
  });
});
