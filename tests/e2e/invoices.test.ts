import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

/** Screenshots for review go here when RAPPORT_SHOTS is set (the test asserts nothing about them). */
const shotsDir = process.env.RAPPORT_SHOTS;
const shot = async (page: Page, name: string) => {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
};

/**
 * Invoicing as a person does it: from the order page invoice part of an order, record a partial payment and
 * see "Partially paid", pay the rest and see "Paid", then find the revenue on the contact's page.
 */
describeE2E('invoices in the browser', ['app'], (env) => {
  it('invoices an order in part, takes a partial then a full payment, and shows the revenue on the contact', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const company = (await apiAs(context, 'POST', '/companies', { name: 'Müller & Søn GmbH' })) as {
      id: string;
    };
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Zoë',
      lastName: 'Ødegård',
      companyId: company.id,
    })) as { id: string };
    const order = (await apiAs(context, 'POST', '/orders', {
      contactId: contact.id,
      currency: 'EUR',
      lines: [
        { description: 'Lastenrad „Kopenhagen“', quantity: '5', unitPrice: 249_000, taxRate: '25' },
        { description: 'Fahrradhelm Größe M', quantity: '2', unitPrice: 5_990, taxRate: '25' },
      ],
    })) as { id: string; number: string };

    // The order page lists its invoices (none yet) and offers to create one.
    await page.goto(`/orders/${order.id}`);
    const card = page.getByRole('heading', { name: 'Invoices', level: 2 });
    await card.waitFor();
    await page.getByText('Not invoiced yet.').waitFor();
    await page.getByRole('link', { name: 'Create invoice' }).click();

    // All that is left is proposed; invoice 2 of the 5 bikes and both helmets.
    await page.getByRole('heading', { name: `Invoice order ${order.number}` }).waitFor();
    const bikes = page.getByRole('textbox', { name: /Quantity to invoice of Lastenrad/ });
    expect(await bikes.inputValue()).toBe('5');
    await shot(page, 'new-invoice.en');
    await bikes.fill('2');
    await page.getByRole('button', { name: 'Issue invoice' }).click();

    // The invoice: 2 × 2,490.00 + 2 × 59.90 = 5,099.80 net, 25 % VAT → 6,374.75.
    await page.getByRole('heading', { name: /^INV-\d{4}-\d{4}$/ }).waitFor();
    await page.getByText('Open', { exact: true }).first().waitFor();
    await page.getByText('€6,374.75').first().waitFor();

    // A partial payment, typed in major units.
    await page.getByRole('button', { name: 'Record payment' }).click();
    let dialog = page.getByRole('dialog', { name: /Record a payment/ });
    await dialog.getByRole('textbox', { name: 'Amount (EUR)' }).fill('2000.50');
    await shot(page, 'payment-dialog.en');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Partially paid', { exact: true }).waitFor();
    await page.getByText('€4,374.25').first().waitFor();

    // More than is open is refused in the dialog; then the rest.
    await page.getByRole('button', { name: 'Record payment' }).click();
    dialog = page.getByRole('dialog', { name: /Record a payment/ });
    const amount = dialog.getByRole('textbox', { name: 'Amount (EUR)' });
    await amount.fill('5000');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.getByText('More than the open balance').waitFor();
    await amount.fill('4374,25');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Paid on').waitFor();
    expect(await page.getByText('Partially paid', { exact: true }).count()).toBe(0);
    await shot(page, 'invoice.en');

    // Back on the order: the invoice is listed as paid; 3 bikes remain to invoice.
    await page.getByRole('link', { name: order.number }).click();
    await page.getByRole('table', { name: 'Invoices' }).getByText('Paid').waitFor();

    // The contact's revenue card: lifetime revenue net of tax, nothing open.
    await page.goto(`/contacts/${contact.id}`);
    const revenue = page.getByRole('region', { name: 'Revenue' });
    await revenue.waitFor();
    await revenue.getByText('Lifetime revenue').waitFor();
    await revenue.getByText('€5,099.80').first().waitFor();
    await revenue.getByText('€0.00 in 0 invoices').first().waitFor();
    await revenue.scrollIntoViewIfNeeded();
    await shot(page, 'contact-revenue.en');

    await page.goto('/invoices');
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByText('Müller & Søn GmbH', { exact: false })
      .waitFor();
    await shot(page, 'list.en');

    if (shotsDir) {
      // The same pages in German, with an overdue invoice and a credit note for the list.
      const late = (await apiAs(context, 'POST', '/invoices', {
        companyId: company.id,
        currency: 'EUR',
        issuedOn: '2026-01-05',
        paymentTermsDays: 14,
        lines: [{ description: 'Wartung Flotte, Januar', quantity: '12.5', unitPrice: 8_500, taxRate: '19' }],
      })) as { id: string; lines: { id: string }[] };
      await apiAs(context, 'POST', `/invoices/${late.id}/payments`, {
        amount: 50_000,
        method: 'bank_transfer',
      });
      await apiAs(context, 'POST', `/invoices/${late.id}/credit-note`, {
        lines: [{ invoiceLineId: late.lines[0]!.id, quantity: '2' }],
        reason: 'Zwei Stunden zu viel berechnet',
      });
      const de = await newPage(env().browser, url, { language: 'de' });
      await signIn(de.context);
      await de.page.goto('/invoices');
      await de.page.getByRole('heading', { name: 'Rechnungen', level: 1 }).waitFor();
      await shot(de.page, 'list.de');
      await de.page.goto(`/invoices/${late.id}`);
      await de.page.getByText('Überfällig', { exact: false }).first().waitFor();
      await shot(de.page, 'invoice.de');
      await de.page.getByRole('button', { name: 'Gutschrift' }).click();
      await de.page.getByRole('dialog').waitFor();
      await shot(de.page, 'credit-dialog.de');
      await de.page.keyboard.press('Escape');
      await de.page.goto(`/invoices/new?orderId=${order.id}`);
      await de.page.getByRole('heading', { name: /Auftrag .* berechnen/ }).waitFor();
      await shot(de.page, 'new-invoice.de');
      await de.page.goto(`/companies/${company.id}`);
      await de.page.getByRole('region', { name: 'Umsatz' }).waitFor();
      await de.page.getByRole('region', { name: 'Umsatz' }).scrollIntoViewIfNeeded();
      await shot(de.page, 'company-revenue.de');
      await de.context.close();
    }
    await context.close();
  });
});
