import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Contact = { id: string; firstName: string; lastName: string; lifecycleStage: string | null };

/**
 * Exporting what the list shows: the contacts list filtered with the filter builder, Export → Excel with
 * the list's columns, the progress, the download read back with exceljs (the same people as the filtered
 * list, typed dates); then the recent exports page and a contact's vCard and fact sheet downloads.
 */
describeE2E('exports in the browser', ['app'], (env) => {
  it('exports the filtered contacts list to XLSX and downloads what the list shows', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const people: [string, string, string, string][] = [
      ['Søren', 'Møller', 'customer', '1980-02-29'],
      ['Amélie', 'Dupré', 'customer', '1975-07-14'],
      ['Jürgen', 'Weiß', 'customer', '1990-01-01'],
      ['=cmd|', 'Injection', 'customer', '1985-05-05'],
      ['Lars', 'Lead', 'lead', '1970-03-03'],
      ['Pia', 'Prospect', 'prospect', '1999-12-31'],
    ];
    for (const [firstName, lastName, lifecycleStage, birthday] of people)
      await apiAs(context, 'POST', '/contacts', { firstName, lastName, lifecycleStage, birthday });

    await page.goto('/contacts');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByText('6 contacts').waitFor();
    // Filter: lifecycle stage is Customer.
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByRole('textbox', { name: 'Field 1' }).fill('Lifecycle');
    await page.getByRole('option', { name: 'Lifecycle stage' }).click();
    await page.getByRole('textbox', { name: 'Value 1' }).click();
    await page.getByRole('option', { name: 'Customer', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByText('4 contacts').waitFor();

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export contacts' });
    await dialog.getByText('Rows to export: 4').waitFor();
    await dialog.getByRole('radio', { name: 'Excel (XLSX)' }).check({ force: true });
    // The list's columns are preselected: name (first and last), e-mail, …
    expect(await dialog.getByRole('checkbox', { name: 'First name' }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Birthday' }).check();
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByText('Done: 4 rows.').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['First name', 'Last name']);
    expect(header).toContain('Birthday');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const exported = [];
    for (let r = 2; r <= ws.rowCount; r++)
      exported.push(`${ws.getCell(r, 1).value} ${ws.getCell(r, 2).value}`);
    const listed = (
      (await apiAs(context, 'GET', '/contacts?lifecycleStage=customer&limit=100')) as { data: Contact[] }
    ).data.map((c) => `${c.firstName} ${c.lastName}`);
    expect(exported.sort()).toEqual(listed.sort());
    expect(exported).toContain('=cmd| Injection');
    const birthdayCol = header.indexOf('Birthday') + 1;
    const moeller = [...Array(ws.rowCount - 1)]
      .map((_, i) => ws.getRow(i + 2))
      .find((r) => r.getCell(2).value === 'Møller')!;
    expect(moeller.getCell(birthdayCol).value).toEqual(new Date('1980-02-29T00:00:00Z'));

    // The recent exports page lists it with its download.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.goto('/exports');
    await page.getByRole('heading', { name: 'Recent exports' }).waitFor();
    await page.getByRole('table', { name: 'Recent exports' }).getByText('Done').waitFor();

    // A contact's downloads: the vCard and the fact sheet.
    const moellerId = ((await apiAs(context, 'GET', '/contacts?q=Møller')) as { data: Contact[] }).data[0]!
      .id;
    await page.goto(`/contacts/${moellerId}`);
    await page.getByRole('button', { name: 'Download' }).click();
    const [vcard] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'vCard (.vcf)' }).click(),
    ]);
    expect(fs.readFileSync((await vcard.path())!, 'utf8')).toContain('FN:Søren Møller');
    await page.getByRole('button', { name: 'Download' }).click();
    const [sheet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Fact sheet (Word)' }).click(),
    ]);
    expect(sheet.suggestedFilename()).toBe('Søren Møller.docx');
  });
});
