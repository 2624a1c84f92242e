import fs from 'node:fs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { startSmtp } from '../helpers/smtp.ts';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, hostSnippet, newPage, signIn } from './helpers.ts';

const smtp = await startSmtp();
afterAll(() => smtp.close());

type Deal = { id: string; title: string; stageId: string; status: string; amount: number };
type Pipeline = { id: string; stages: { id: string; labels: { en: string } }[] };
type Quote = {
  id: string;
  number: string;
  status: string;
  orderId: string | null;
  totals: { gross: number };
};

/** Drags a deal card onto a column with the mouse, in small steps (the board starts a drag after 6 px). */
async function drag(page: Page, dealId: string, column: string) {
  const card = page.locator(`[data-deal="${dealId}"]`);
  const target = page.getByRole('region', { name: column, exact: true });
  const from = (await card.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
  await page.waitForTimeout(100);
  await page.mouse.up();
}

/** Screenshots for review go here when RAPPORT_SHOTS is set (the test asserts nothing about them). */
const shotsDir = process.env.RAPPORT_SHOTS;
const shot = async (page: Page, name: string) => {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
};

async function pdfText(body: Buffer) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(body), useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
  }
  return text;
}

/**
 * The whole sales chain in one go, as the issue asks: a lead arrives through the public form on the
 * customer's site, is converted into a deal, the deal is priced and dragged through the stages, a quote is
 * made from it in one click (its PDF read back as text), sent by e-mail and accepted by the customer through
 * the link in that mail, which wins the deal and creates the order; the order is invoiced, the invoice paid,
 * and the revenue shows on the company.
 */
describeE2E(
  'the sales chain in the browser',
  [{ name: 'app', env: { RAPPORT_SMTP_URL: smtp.url, RAPPORT_MAIL_FROM: 'Nordlys <salg@nordlys.test>' } }],
  (env) => {
    it('takes a lead from the web form to a paid invoice and revenue on the company', async () => {
      const { url } = env().server('app');
      await ensureAdmin(url);
      const { context, page } = await newPage(env().browser, url, { language: 'en' });
      await signIn(context);
      await apiAs(context, 'PATCH', '/settings/sales', {
        companyName: 'Nordlys Cykler ApS',
        address: 'Søndergade 12\n8000 Aarhus C',
        vatId: 'DK12345678',
        defaultCurrency: 'DKK',
      });
      await apiAs(context, 'POST', '/products', {
        sku: 'EL-BIKE-40',
        names: { en: 'E-bike Fjord', da: 'Elcykel Fjord' },
        prices: [{ currency: 'DKK', unitPrice: 1_499_500 }],
        costPrice: 980_000,
        costCurrency: 'DKK',
      });
      const form = (await apiAs(context, 'POST', '/lead-forms', {
        name: 'Kontakt',
        fields: ['firstName', 'lastName', 'company', 'message'],
        source: 'web_form',
        language: 'da',
      })) as { id: string };
      const { html } = (await apiAs(context, 'GET', `/lead-forms/${form.id}/snippet`)) as { html: string };

      // 1. A visitor fills in the form on the shop's own site (another origin, no session).
      const email = `anne.${env().kind}@fjordhotel.test`;
      const site = await hostSnippet(html);
      try {
        const visitor = await env().browser.newContext({ locale: 'da-DK' });
        const vp = await visitor.newPage();
        await vp.goto(site.url);
        await vp.getByLabel('Fornavn').fill('Anne');
        await vp.getByLabel('Efternavn').fill('Bækgaard');
        await vp.getByLabel('E-mail *').fill(email);
        await vp.getByLabel('Virksomhed').fill('Fjordhotellet A/S');
        await vp.getByLabel('Besked').fill('Vi skal bruge elcykler til gæsterne.');
        await vp.waitForFunction(
          () => (document.querySelector('input[name="_ts"]') as HTMLInputElement).value !== '',
        );
        await vp.waitForTimeout(2200);
        await vp.getByRole('button', { name: 'Send' }).click();
        await vp.getByText('Tak — vi har modtaget din besked').waitFor();
        await visitor.close();
      } finally {
        await site.close();
      }

      // 2. Qualified: converted from the lead card into a deal and a company.
      await page.goto('/leads');
      const row = page.getByRole('row', { name: /Anne Bækgaard/ });
      await row.getByRole('link', { name: 'Anne Bækgaard' }).click();
      const card = page.getByRole('region', { name: 'Lead' });
      await card.getByRole('button', { name: 'Convert' }).click();
      const convert = page.getByRole('dialog', { name: 'Convert the lead' });
      await convert.getByLabel('Deal title').fill('Fjordhotellet — elcykler');
      expect(await convert.getByLabel('Company name').inputValue()).toBe('Fjordhotellet A/S');
      await convert.getByRole('button', { name: 'Convert' }).click();
      await page.getByText('The lead is now a prospect.').waitFor();
      const deal = ((await apiAs(context, 'GET', '/deals?q=Fjordhotellet')) as { data: Deal[] }).data[0]!;
      const companyId = ((await apiAs(context, 'GET', `/deals/${deal.id}`)) as { companyId: string })
        .companyId;
      expect(companyId).toBeTruthy();

      // 3. The deal is priced on its page: 4 e-bikes from the catalogue.
      await page.goto(`/deals/${deal.id}`);
      await page.getByRole('heading', { name: 'Fjordhotellet — elcykler' }).waitFor();
      await page.getByLabel('Product or description 1').fill('fjord');
      await page.getByRole('option', { name: /E-bike Fjord/ }).click();
      await page.getByLabel('Quantity 1').fill('4');
      await page.getByRole('button', { name: 'Save line items' }).click();
      await page.getByText('Deal saved').first().waitFor();
      await expect
        .poll(async () => ((await apiAs(context, 'GET', `/deals/${deal.id}`)) as Deal).amount)
        .toBe(4 * 1_499_500);
      await shot(page, 'deal.en');

      // 4. Dragged through the stages on the board.
      const pipeline = ((await apiAs(context, 'GET', '/pipelines')) as { data: Pipeline[] }).data[0]!;
      const stage = (en: string) => pipeline.stages.find((s) => s.labels.en === en)!.id;
      await page.goto('/deals');
      await page.locator(`[data-deal="${deal.id}"]`).waitFor();
      for (const column of ['Qualified', 'Proposal']) {
        await drag(page, deal.id, column);
        await page.getByText(`Moved to ${column}`).first().waitFor();
        await expect
          .poll(async () => ((await apiAs(context, 'GET', `/deals/${deal.id}`)) as Deal).stageId)
          .toBe(stage(column));
      }

      // 5. A quote in one click from the deal; its PDF carries the lines and the total, with Danish letters.
      await page.goto(`/deals/${deal.id}`);
      await page.getByRole('button', { name: 'Create quote' }).click();
      const heading = page.getByRole('heading', { name: /^Q-\d{4}-\d{4}$/ });
      await heading.waitFor();
      const quoteId = page.url().split('/').pop()!;
      const quote = (await apiAs(context, 'GET', `/quotes/${quoteId}`)) as Quote;
      expect(quote.totals.gross).toBe(4 * 1_499_500 * 1.25);
      const pdfHref = await page.getByRole('link', { name: 'PDF' }).getAttribute('href');
      const pdf = await context.request.get(pdfHref!);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const text = await pdfText(await pdf.body());
      expect(text).toContain(quote.number);
      expect(text).toContain('Elcykel Fjord');
      expect(text).toContain('Fjordhotellet A/S');
      expect(text).toContain('Søndergade 12');
      expect(text).toMatch(/74\.975,00/);

      // 6. Sent by e-mail; the customer accepts through the link in the mail.
      const before = smtp.messages.length;
      await page.getByRole('button', { name: 'Send by e-mail' }).click();
      const send = page.getByRole('dialog', { name: `Send quote ${quote.number}` });
      await send.getByRole('button', { name: 'Send', exact: true }).click();
      await send.waitFor({ state: 'hidden' });
      const mail = (await smtp.waitFor(before + 1))[before]!;
      expect(Array.isArray(mail.to) ? '' : mail.to?.text).toContain(email);
      const link = /https?:\/\/\S+\/q\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
      expect(link, mail.text).not.toBeNull();
      const customer = await newPage(env().browser, url);
      await customer.page.goto(`/q/${link![1]}`);
      await customer.page.getByRole('heading', { name: `Tilbud ${quote.number}` }).waitFor();
      await customer.page.getByLabel('Dit navn').fill('Anne Bækgaard');
      await customer.page.getByRole('button', { name: 'Acceptér tilbud' }).click();
      await customer.page.getByText(/Dit ordrenummer er SO-\d{4}-\d{4}/).waitFor();
      await customer.context.close();
      expect(((await apiAs(context, 'GET', `/deals/${deal.id}`)) as Deal).status).toBe('won');

      if (shotsDir) {
        // The same company page in Danish, for review.
        const da = await newPage(env().browser, url, { language: 'da' });
        await signIn(da.context);
        await da.page.goto(`/companies/${companyId}`);
        await da.page.getByRole('list', { name: 'Tilbud' }).waitFor();
        await shot(da.page, 'company-quotes.da');
        await da.context.close();
      }

      // 7. The order it created is invoiced in full and the invoice paid.
      await page.reload();
      await page.getByTestId('quote-order-link').click();
      await page.getByRole('heading', { name: /^SO-\d{4}-\d{4}$/ }).waitFor();
      await page.getByRole('link', { name: 'Create invoice' }).click();
      await page.getByRole('button', { name: 'Issue invoice' }).click();
      await page.getByRole('heading', { name: /^INV-\d{4}-\d{4}$/ }).waitFor();
      await page.getByText('DKK 74,975.00').first().waitFor();
      // The invoice goes to the customer by e-mail, in Danish, with its PDF.
      const sentBefore = smtp.messages.length;
      await page.getByRole('button', { name: 'Send by e-mail' }).click();
      const sendInvoice = page.getByRole('dialog', { name: /^Send INV-\d{4}-\d{4}$/ });
      await sendInvoice.getByRole('button', { name: 'Send', exact: true }).click();
      await sendInvoice.waitFor({ state: 'hidden' });
      const invoiceMail = (await smtp.waitFor(sentBefore + 1))[sentBefore]!;
      expect(invoiceMail.subject).toMatch(/^Faktura INV-\d{4}-\d{4} fra Nordlys Cykler ApS$/);
      expect(invoiceMail.text).toContain('Beløb til betaling');
      expect(invoiceMail.attachments[0]?.filename).toMatch(/^INV-\d{4}-\d{4}\.pdf$/);
      await page.getByText(/^E-mailed /).waitFor();
      await shot(page, 'invoice.en');
      await page.getByRole('button', { name: 'Record payment' }).click();
      const pay = page.getByRole('dialog', { name: /Record a payment/ });
      await pay.getByRole('textbox', { name: 'Amount (DKK)' }).fill('74975');
      await pay.getByRole('button', { name: 'Record payment' }).click();
      await pay.waitFor({ state: 'hidden' });
      await page.getByText('Paid on').waitFor();

      // 8. The company's revenue: lifetime net of tax, its margin over the cost snapshot, nothing open.
      await page.goto(`/companies/${companyId}`);
      const revenue = page.getByRole('region', { name: 'Revenue' });
      await revenue.getByText('Lifetime revenue').waitFor();
      await revenue.getByText('DKK 59,980.00').first().waitFor();
      await revenue.getByText('DKK 20,780.00').first().waitFor();
      // Its timeline, narrowed to sales: the order and the invoice (and the deal and the payment).
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByRole('radiogroup', { name: 'Show' }).getByText('Sales', { exact: true }).click();
      const feed = page.getByRole('tabpanel', { name: 'Timeline' });
      await feed
        .getByText(/INV-\d{4}-\d{4}/)
        .first()
        .waitFor();
      await feed
        .getByText(/SO-\d{4}-\d{4}/)
        .first()
        .waitFor();
      await page.getByRole('tab', { name: 'Overview' }).click();
      // The company's quotes card lists the accepted quote, and starts the next quote for the company.
      const quotes = page.getByRole('list', { name: 'Quotes' });
      await quotes.getByRole('link', { name: quote.number }).waitFor();
      await quotes.getByText('Accepted').waitFor();
      await shot(page, 'company.en');
      await page.getByRole('link', { name: 'New quote' }).click();
      await page.getByRole('heading', { name: 'New quote' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Contact or company' }).inputValue()).toBe(
        'Fjordhotellet A/S',
      );
      await context.close();
    });
  },
);
