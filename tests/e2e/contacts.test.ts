import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { admin, apiAs, newPage } from './helpers.ts';

/** Picks an option of a searchable select the way a person does: type, then click the option. */
async function pick(page: Page, label: string, typed: string, option: string | RegExp) {
  const input = page.getByRole('dialog').getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * The foundation's walk-through, as a person does it: set up the first admin, log in, create a company and
 * a contact with a custom field, find the contact with an accent-free misspelling, edit it, see the change
 * in its history, delete and restore it, and switch the UI to French.
 */
describeE2E('contacts in the browser', ['main'], (env) => {
  it('walks from the set-up page to a restored, edited contact and a French UI', async () => {
    const { url } = env().server('main');
    const { context, page } = await newPage(env().browser, url, { language: 'en' });

    // 1. First run: the set-up page creates the first admin.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Rapport' }).waitFor();
    await page.getByLabel('Your name').fill(admin.name ?? 'Ada Admin');
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Create admin and start' }).click();
    await page.waitForURL('**/contacts');

    // A custom field for contacts, arranged through the API (its settings page has its own test).
    await apiAs(context, 'POST', '/custom-fields', {
      entity: 'contact',
      key: 'customer_no',
      type: 'text',
      labels: { en: 'Customer number', fr: 'Numéro client', de: 'Kundennummer', da: 'Kundenummer' },
    });

    // 2. Log out and in again through the form.
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/contacts');

    // 3. A company.
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    const companyForm = page.getByRole('dialog');
    await companyForm.getByRole('textbox', { name: 'Name', exact: true }).fill('Møller & Søn ApS');
    await companyForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Møller & Søn ApS' }).waitFor();

    // 4. A contact at that company, with the custom field.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('button', { name: 'New contact' }).first().click();
    const contactForm = page.getByRole('dialog');
    await contactForm.getByRole('textbox', { name: 'First name', exact: true }).fill('Søren');
    await contactForm.getByRole('textbox', { name: 'Last name', exact: true }).fill('Jørgensen');
    await contactForm
      .getByRole('textbox', { name: 'E-mail', exact: true })
      .first()
      .fill('soren@moller-son.dk');
    await pick(page, 'Company', 'moller', /Møller & Søn ApS/);
    await contactForm.getByRole('textbox', { name: 'Customer number' }).fill('K-1001');
    await contactForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Søren Jørgensen' }).waitFor();
    await page.getByText('K-1001').waitFor();

    // 5. Find it with an accent-free misspelling.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByLabel('Search contacts').fill('jorgnsen');
    // The header counts what the search matches.
    await page.getByText('1 contact', { exact: true }).waitFor();
    // Keyboard: focus the row and press Enter (a click on its middle could land on the company link).
    const row = page.getByRole('row', { name: /Søren Jørgensen/ });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Søren Jørgensen' }).waitFor();

    // 6. Edit it, and see the change in its history.
    await page.getByRole('button', { name: 'Edit' }).click();
    const editForm = page.getByRole('dialog');
    await editForm.getByRole('textbox', { name: 'Job title', exact: true }).fill('Sales director');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await editForm.waitFor({ state: 'hidden' });
    await page.getByText('Sales director').first().waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('tabpanel');
    await history.getByText('Sales director').first().waitFor();
    await history.getByText('Job title').first().waitFor();

    // 7. Delete it to the recycle bin, and restore it.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    const restore = page.getByRole('button', { name: 'Restore' }).first();
    await restore.waitFor();
    await restore.click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    const me = (await apiAs(context, 'GET', '/contacts?q=jorgensen')) as {
      data: { lastName: string; deletedAt: string | null; jobTitle: string }[];
    };
    expect(me.data.find((c) => c.lastName === 'Jørgensen')).toMatchObject({
      deletedAt: null,
      jobTitle: 'Sales director',
    });

    // 8. Switch the UI to French.
    await page.getByRole('button', { name: 'User menu' }).click();
    // The segmented control draws its label over a hidden radio: a person clicks the label.
    const fr = page.getByRole('radio', { name: 'FR' });
    await page
      .locator(`label[for="${await fr.getAttribute('id')}"]`)
      .last()
      .click();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Entreprises' }).waitFor();
    await page.getByRole('button', { name: 'Modifier' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await context.close();
  });
});
