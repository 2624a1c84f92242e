import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Contact = { id: string; firstName: string; lastName: string; tags: string[] };
type Product = {
  sku: string;
  names: { en: string };
  unit: string;
  prices: { currency: string; unitPrice: number }[];
};
type Import = { id: string; status: string; decisions: Record<string, string> };

const first = ['Camille', 'Étienne', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Théo', 'Inès', 'Jules'];
const last = ['Dubois', 'Moreau', 'Lefèvre', 'Girard', 'Rousseau', 'Fontaine', 'Chevalier', 'Mercier'];
const companies = ['Atelier Lumière', 'Boulangerie Paul', 'Vins de Loire', 'Éditions Rivage', 'Café du Port'];

const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * A French trade-fair list as Excel saves it: semicolons, French headers, dates DD/MM/YYYY. Row 12 has a
 * date that does not exist; row 20 is a contact already in the CRM, her e-mail
 * written in other case.
 */
function fairCsv(existingEmail: string) {
  const lines = ['Prénom;Nom;Courriel;Téléphone;Société;Pays;Date de naissance'];
  for (let i = 0; i < 30; i++) {
    const f = i === 18 ? 'Sophie' : first[i % first.length]!;
    const l = i === 18 ? 'Lefèvre' : last[(i * 3) % last.length]!;
    const email = i === 18 ? existingEmail : ascii(`${f}.${l}.${i}@salon.example`);
    const birthday =
      i === 10 ? '31/02/1984' : `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/19${70 + i}`;
    const phone = `+33 1 42 68 ${String(10 + i).padStart(2, '0')} 00`;
    lines.push(
      [f, l, email, phone, companies[i % companies.length], i % 4 ? 'France' : 'Belgique', birthday].join(
        ';',
      ),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const tile = (page: Page, list: string, label: string) =>
  page.getByRole('list', { name: list }).getByRole('listitem', { name: new RegExp(`^${label}: `) });
const tileValue = async (page: Page, list: string, label: string) =>
  Number((await tile(page, list, label).getAttribute('aria-label'))?.split(': ')[1]);

/**
 * The import wizard end to end: a French CSV of 30 contacts from the contacts toolbar, the suggested
 * mapping, a dry run (one bad date, one existing e-mail), "update" for the duplicate, the run with its
 * progress, the summary and error report, the contacts list filtered by the import's tag, and Undo.
 */
describeE2E('imports in the browser', ['app'], (env) => {
  it('imports a French contact list with a dry run, a duplicate decision and an undo', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const existing = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Sophie',
      lastName: 'Lefèvre',
      emails: [{ address: 'sophie.lefevre@vins-de-loire.fr' }],
    })) as Contact;

    // Step 1: from the contacts toolbar, the file.
    await page.goto('/contacts');
    await page.getByRole('main').getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'New import' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Contacts' }).isChecked()).toBe(true);
    await page.getByLabel('File to import').setInputFiles({
      name: 'salon-lyon-2026.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fairCsv('Sophie.Lefevre@vins-de-loire.fr')),
    });

    // Step 2: the suggested mapping, read with the detected delimiter.
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}\?step=map/);
    const importId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Delimiter' }).inputValue()).toBe('Semicolon ( ; )');
    const suggested = {
      Prénom: 'First name',
      Nom: 'Last name',
      Courriel: 'E-mail',
      Téléphone: 'Phone',
      Société: 'Company',
      Pays: 'Country',
      'Date de naissance': 'Birthday',
    };
    for (const [column, target] of Object.entries(suggested)) {
      const select = page.getByRole('textbox', { name: `Import “${column}” as` });
      await expect.poll(() => select.inputValue(), { message: column }).toBe(target);
    }
    await page.getByRole('button', { name: 'Next: options' }).click();

    // Step 3: options — day-first dates, keep the valid rows, tag everything.
    await page.waitForURL(/step=options/);
    await page.getByRole('textbox', { name: 'Dates are written' }).click();
    await page.getByRole('option', { name: 'DD.MM.YYYY (day first)' }).click();
    await page.getByRole('checkbox', { name: 'Import the valid rows even when some rows fail' }).check();
    const tags = page.getByRole('textbox', { name: 'Tags to add' });
    await tags.fill('salon-lyon-2026');
    await tags.press('Enter');
    await page.getByRole('button', { name: 'Next: dry run' }).click();

    // Step 4: the dry run finds the bad date and the existing e-mail.
    await page.waitForURL(/step=check/);
    await page.getByRole('button', { name: 'Run dry run' }).click();
    const dry = 'What the import would do';
    await page.getByRole('list', { name: dry }).waitFor();
    expect(await tileValue(page, dry, 'Would fail')).toBe(1);
    expect(await tileValue(page, dry, 'Would create')).toBe(28);
    const duplicates = page.getByRole('table', { name: 'Possible duplicates' });
    await duplicates.getByText('Open the record').waitFor();
    expect(await duplicates.getByRole('link', { name: 'Open the record' }).getAttribute('href')).toBe(
      `/contacts/${existing.id}`,
    );
    const errors = page.getByRole('table', { name: 'Rows that would fail' });
    await errors.getByText('31/02/1984', { exact: true }).waitFor();
    await errors.getByRole('cell', { name: 'Birthday' }).waitFor();
    expect(await errors.getByRole('row').count()).toBe(2); // header + the one bad row

    // The duplicate is updated rather than skipped.
    const decision = duplicates.getByRole('radiogroup');
    const row = (await decision.getAttribute('aria-label'))!.replace('Decision for row ', '');
    await decision.getByText('Update', { exact: true }).click();
    await expect
      .poll(async () => ((await apiAs(context, 'GET', `/imports/${importId}`)) as Import).decisions)
      .toEqual({ [row]: 'update' });

    // Step 5: the run, its progress, then the summary.
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.waitForURL(/step=import/);
    const done = 'What the import did';
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    const sawProgress = await Promise.race([
      progress.waitFor({ timeout: 10_000 }).then(() => true),
      page
        .getByRole('list', { name: done })
        .waitFor({ timeout: 60_000 })
        .then(() => false),
    ]);
    await page.getByRole('list', { name: done }).waitFor({ timeout: 60_000 });
    await page.getByText('Import finished').waitFor();
    expect(await tileValue(page, done, 'Created')).toBe(28);
    expect(await tileValue(page, done, 'Updated')).toBe(1);
    expect(await tileValue(page, done, 'Failed')).toBe(1);
    console.info(`[imports e2e ${env().kind}] progress bar seen while running: ${sawProgress}`);

    // The error report, as the browser downloads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download error report (CSV)' }).click(),
    ]);
    const report = fs.readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('31/02/1984');
    expect(report.trim().split(/\r?\n/)).toHaveLength(2);

    // The imported contacts in the list, filtered by the import's tag (28 new + the updated one).
    await page.getByRole('button', { name: 'Show the contacts tagged “salon-lyon-2026”' }).click();
    await page.waitForURL(/\/contacts$/);
    await page.getByText('29 contacts').waitFor();
    // The list is virtualised: search for the updated contact rather than scroll to her.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('Sophie');
    await page.getByText('1 contact', { exact: true }).waitFor();
    await page.getByRole('main').getByText('Sophie Lefèvre', { exact: true }).waitFor();

    // Undo, confirmed; the created contacts go, Sophie gets her old values back.
    await page.goto(`/imports/${importId}`);
    await page.getByRole('button', { name: /^Undo import/ }).click();
    await page
      .getByRole('dialog', { name: 'Undo this import?' })
      .getByRole('button', { name: 'Undo import' })
      .click();
    await page.getByText('Import undone').waitFor({ timeout: 60_000 });
    // Removed: the 28 new contacts and the 5 companies the import created for them.
    expect(await tileValue(page, 'What the undo did', 'Removed')).toBe(28 + companies.length);
    expect(await tileValue(page, 'What the undo did', 'Restored')).toBe(1);
    const left = (await apiAs(context, 'GET', '/contacts?limit=100')) as { data: Contact[] };
    expect(left.data.map((c) => c.id)).toEqual([existing.id]);
    expect(left.data[0]!.tags).not.toContain('salon-lyon-2026');
    await page.goto('/contacts'); // still filtered by the tag, now on no one
    await page.getByText('Nothing matches').waitFor();

    await page.goto('/imports');
    const listed = page
      .getByRole('table', { name: 'Recent imports' })
      .getByRole('row', { name: /salon-lyon-2026/ });
    await listed.getByText('Undone').waitFor();
    await context.close();
  });
  it('shows a Danish user the dry run’s problems in Danish, in the wizard and in the error report', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const setup = await newPage(env().browser, url, { language: 'en' });
    await signIn(setup.context);
    const dane = {
      email: `mette.${env().kind}@example.test`,
      password: 'correct horse battery staple',
      name: 'Mette Møller',
    };
    await apiAs(setup.context, 'POST', '/users', { ...dane, role: 'agent', language: 'da' });
    await setup.context.close();
    const { context, page } = await newPage(env().browser, url, { language: 'da' });
    await signIn(context, dane);
    const csv = [
      'Fornavn;Efternavn;E-mail;Land;Fødselsdag',
      'Karen;Blixen;karen@example.dk;Danmark;17.04.1985',
      'Søren;Kierkegaard;soren@example.dk;Danmark;31.02.1990',
    ].join('\r\n');

    await page.goto('/imports/new');
    await page.getByRole('radio', { name: 'Kontakter' }).check();
    await page.getByLabel('Fil, der skal importeres').setInputFiles({
      name: 'messe.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\r\n`),
    });
    await page.waitForURL(/step=map/);
    await page.getByRole('button', { name: 'Næste: indstillinger' }).click();
    await page.waitForURL(/step=options/);
    await page.getByRole('button', { name: 'Næste: prøvekørsel' }).click();
    await page.waitForURL(/step=check/);
    await page.getByRole('button', { name: 'Start prøvekørsel' }).click();

    // The reason in the table is the Danish sentence of its code, the field by its Danish label.
    const errors = page.getByRole('table', { name: 'Rækker, der ville fejle' });
    const row = errors.getByRole('row', { name: /31\.02\.1990/ });
    await row.getByRole('cell', { name: 'Ikke en gyldig dato: “31.02.1990”' }).waitFor();
    await row.getByRole('cell', { name: 'Fødselsdag' }).waitFor();

    // The report the browser downloads is in the user's language too, with the stable code.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hent fejlrapport (CSV)' }).click(),
    ]);
    const report = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(report.trim().split(/\r?\n/)).toEqual([
      'række,felt,værdi,problem,kode',
      '3,Fødselsdag,31.02.1990,Ikke en gyldig dato: “31.02.1990”,date_invalid',
    ]);
    await context.close();
  });
  it('imports a Danish product list from the products toolbar, shows it and undoes it', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const csv = [
      'Varenummer;Navn;Pris DKK;Enhed',
      'KAF-001;Kaffebønner 1 kg;189,00;stk',
      'KOP-002;Kaffekop;49,95;stk',
      'KUR-003;Barista-kursus;1250,00;time',
    ].join('\r\n');

    await page.goto('/products');
    await page.getByRole('main').getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'New import' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Products' }).isChecked()).toBe(true);
    await page.getByLabel('File to import').setInputFiles({
      name: 'varer.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\r\n`),
    });

    // The suggested mapping of the Danish headers, with no warning about missing fields.
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}\?step=map/);
    const importId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Import products' }).waitFor();
    const suggested = { Varenummer: 'SKU', Navn: 'Name', 'Pris DKK': 'Price DKK', Enhed: 'Unit' };
    for (const [column, target] of Object.entries(suggested)) {
      const select = page.getByRole('textbox', { name: `Import “${column}” as` });
      await expect.poll(() => select.inputValue(), { message: column }).toBe(target);
    }
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Next: options' }).click();

    // Options: matched by SKU; nothing that only people and companies get.
    await page.waitForURL(/step=options/);
    expect(await page.getByRole('textbox', { name: 'Find existing records by' }).inputValue()).toBe('SKU');
    expect(await page.getByRole('textbox', { name: 'Default country' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Tags to add' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Next: dry run' }).click();

    await page.waitForURL(/step=check/);
    await page.getByRole('button', { name: 'Run dry run' }).click();
    const dry = 'What the import would do';
    await page.getByRole('list', { name: dry }).waitFor();
    expect(await tileValue(page, dry, 'Would create')).toBe(3);
    expect(await tileValue(page, dry, 'Would fail')).toBe(0);

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('Import finished').waitFor({ timeout: 60_000 });
    expect(await tileValue(page, 'What the import did', 'Created')).toBe(3);
    const stored = (await apiAs(context, 'GET', '/products?q=KAF-001')) as { data: Product[] };
    expect(stored.data.map((p) => [p.sku, p.names.en, p.unit, p.prices])).toEqual([
      ['KAF-001', 'Kaffebønner 1 kg', 'piece', [{ currency: 'DKK', unitPrice: 18900 }]],
    ]);

    await page.getByRole('button', { name: 'Show the products' }).click();
    await page.waitForURL(/\/products$/);
    await page.getByRole('main').getByText('Kaffebønner 1 kg', { exact: true }).waitFor();
    await page.getByRole('main').getByText('KUR-003', { exact: true }).waitFor();

    await page.goto(`/imports/${importId}`);
    await page.getByRole('button', { name: /^Undo import/ }).click();
    await page
      .getByRole('dialog', { name: 'Undo this import?' })
      .getByRole('button', { name: 'Undo import' })
      .click();
    await page.getByText('Import undone').waitFor({ timeout: 60_000 });
    expect(await tileValue(page, 'What the undo did', 'Removed')).toBe(3);
    const left = (await apiAs(context, 'GET', '/products?status=all')) as { data: Product[] };
    expect(left.data).toEqual([]);
    await context.close();
  });
});
