import { afterAll, expect, it } from 'vitest';
import { startSmtp } from '../helpers/smtp.ts';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

const smtp = await startSmtp();
afterAll(() => smtp.close());

type Quote = {
  id: string;
  number: string;
  status: string;
  orderId: string | null;
  orderNumber: string | null;
};

/**
 * A quote as a seller and a customer use it: typed in the browser, sent by e-mail (a real SMTP server
 * receives it), opened from the link in that mail by the customer — in Danish, the customer's language —
 * and accepted; the seller then finds the order it created on the quote.
 */
describeE2E(
  'quotes in the browser',
  [{ name: 'app', env: { RAPPORT_SMTP_URL: smtp.url, RAPPORT_MAIL_FROM: 'Nordlys <salg@nordlys.test>' } }],
  (env) => {
    it('builds a quote, sends it, and the customer accepts it through the link in the mail', async () => {
      const { url } = env().server('app');
      await ensureAdmin(url);
      const { context, page } = await newPage(env().browser, url, { language: 'en' });
      await signIn(context);
      await apiAs(context, 'PATCH', '/settings/sales', {
        companyName: 'Nordlys Cykler ApS',
        address: 'Søndergade 12\n8000 Aarhus C',
        vatId: 'DK12345678',
        brandColor: '#0b7285',
      });
      const company = (await apiAs(context, 'POST', '/companies', { name: 'Łódź Rowery Sp. z o.o.' })) as {
        id: string;
      };
      const email = `soren.${env().kind}@kunde.test`;
      await apiAs(context, 'POST', '/contacts', {
        firstName: 'Søren',
        lastName: 'Ærø',
        companyId: company.id,
        language: 'da',
        emails: [{ address: email }],
      });

      // A new quote, typed: customer, one free-text line with quantity, price and tax.
      await page.goto('/quotes');
      await page.getByRole('heading', { name: 'Quotes' }).waitFor();
      await page.keyboard.press('n');
      await page.getByRole('heading', { name: 'New quote' }).waitFor();
      await page.getByRole('textbox', { name: 'Contact or company' }).fill('Søren');
      await page.getByRole('option', { name: /Søren Ærø/ }).click();
      await page.getByLabel('Product or description 1').fill('Ladcykel Øresund');
      await page.keyboard.press('Escape');
      await page.getByLabel('Quantity 1').fill('2');
      await page.getByLabel('Unit price 1').fill('12495');
      await page.getByLabel('Tax % 1').fill('25');
      await page.getByRole('button', { name: 'Create quote' }).click();

      const heading = page.getByRole('heading', { name: /^Q-\d{4}-\d{4}$/ });
      await heading.waitFor();
      const number = (await heading.textContent())!;
      const created = (await apiAs(context, 'GET', `/quotes?q=${number}`)) as { data: Quote[] };
      const quote = created.data[0]!;
      expect(quote.status).toBe('draft');
      await page.getByText('Draft', { exact: true }).first().waitFor();

      // Send it: one mail, with the PDF and the accept link.
      const before = smtp.messages.length;
      await page.getByRole('button', { name: 'Send by e-mail' }).click();
      const dialog = page.getByRole('dialog', { name: `Send quote ${number}` });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('Sent', { exact: true }).first().waitFor();
      const mail = (await smtp.waitFor(before + 1))[before]!;
      expect(mail.subject).toBe(`Tilbud ${number} fra Nordlys Cykler ApS`);
      expect(mail.attachments.map((a) => a.filename)).toEqual([`${number}.pdf`]);
      const link = /https?:\/\/\S+\/q\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
      expect(link, mail.text).not.toBeNull();

      // The customer opens the link (no session), reads the quote in Danish and accepts it.
      const customer = await newPage(env().browser, url);
      await customer.page.goto(`/q/${link![1]}`);
      await customer.page.getByRole('heading', { name: `Tilbud ${number}` }).waitFor();
      await customer.page.getByText('Ladcykel Øresund').waitFor();
      await customer.page.getByText('Nordlys Cykler ApS').first().waitFor();
      await customer.page.getByLabel('Dit navn').fill('Søren Ærø');
      await customer.page.getByRole('button', { name: 'Acceptér tilbud' }).click();
      await customer.page.getByText(/Tak, Søren Ærø\. Du accepterede dette tilbud/).waitFor();
      await customer.page.getByText(/Dit ordrenummer er SO-\d{4}-\d{4}/).waitFor();
      await customer.context.close();

      // Back on the seller's side: the quote is accepted and shows the order it created.
      await page.reload();
      await heading.waitFor();
      await page.getByText('Accepted', { exact: true }).first().waitFor();
      const after = (await apiAs(context, 'GET', `/quotes/${quote.id}`)) as Quote;
      expect(after.status).toBe('accepted');
      const orderLink = page.getByTestId('quote-order-link');
      await orderLink.waitFor();
      expect(await orderLink.textContent()).toContain(after.orderNumber!);
      await page.getByText(/Accepted by Søren Ærø/).waitFor();
      await context.close();
    });

    it('keeps quote templates in Settings and starts a new quote from one', async () => {
      const { url } = env().server('app');
      await ensureAdmin(url);
      const { context, page } = await newPage(env().browser, url, { language: 'en' });
      await signIn(context);
      await page.goto('/settings/quote-templates');
      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New quote template' });
      await dialog.getByLabel('Name').fill('Service-aftale, årlig');
      await dialog.getByLabel('Valid for (days)').fill('14');
      await dialog.getByLabel('Terms').fill('Betaling netto 8 dage.');
      await dialog.getByLabel('Product or description 1').fill('Årligt eftersyn, ladcykel');
      await page.keyboard.press('Escape');
      await dialog.getByLabel('Quantity 1').fill('2');
      await dialog.getByLabel('Unit price 1').fill('1495');
      await dialog.getByLabel('Tax % 1').fill('25');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByRole('row', { name: /Service-aftale, årlig/ });
      await row.waitFor();
      // 2 × 1,495.00 + 25 % = 3,737.50 in the seller's default currency.
      expect(await row.textContent()).toMatch(/3,737\.50/);
      expect(await row.textContent()).toContain('14 days');

      // A new quote starts from it: its line is filled in.
      await page.goto('/quotes/new');
      await page.getByRole('textbox', { name: 'Start from a template' }).click();
      await page.getByRole('option', { name: 'Service-aftale, årlig' }).click();
      expect(await page.getByLabel('Product or description 1').inputValue()).toBe(
        'Årligt eftersyn, ladcykel',
      );
      expect(await page.getByLabel('Quantity 1').inputValue()).toBe('2');

      // Deleted: no longer offered.
      await page.goto('/settings/quote-templates');
      await page.getByRole('button', { name: 'Actions for Service-aftale, årlig' }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await page
        .getByRole('dialog', { name: /Delete the template/ })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page.getByText('No templates yet.', { exact: false }).waitFor();
      await context.close();
    });
  },
);
