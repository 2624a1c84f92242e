import type { Browser, Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { admin, apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

const visible = (scope: Page | Locator, text: string | RegExp) =>
  scope.getByText(text).first().waitFor({ state: 'visible' });
const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

/** Picks an option of a Select/MultiSelect the way a person does: open it, click the option (in a portal). */
async function choose(scope: Locator, label: string, option: string) {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await scope.page().getByRole('option', { name: option, exact: true }).click();
}

/** Radios and switches drawn over a hidden input: a person clicks their label. */
async function clickLabelOf(input: Locator) {
  const id = await input.getAttribute('id');
  await input.page().locator(`label[for="${id}"]`).last().click();
}

async function signedInPage(env: { browser: Browser }, url: string) {
  await ensureAdmin(url);
  const { context, page } = await newPage(env.browser, url, { language: 'en' });
  await signIn(context);
  return { context, page };
}

describeE2E('settings in the browser', ['fresh', 'shared'], (env) => {
  it('creates the first admin on the set-up page, lands on the contacts, and closes the set-up door', async () => {
    const { url } = env().server('fresh');
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Rapport' }).waitFor();
    await page.getByLabel('Your name').fill(admin.name ?? '');
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Create admin and start' }).click();
    await page.waitForURL('**/contacts');
    await page
      .getByRole('button', { name: 'User menu' })
      .getByText(admin.name ?? '')
      .waitFor();
    await context.close();

    // Someone else opening the set-up page now is sent to the log-in.
    const other = await newPage(env().browser, url, { language: 'en' });
    await other.page.goto('/setup');
    await other.page.waitForURL('**/login');
    await other.context.close();
  });

  it('logs out from the user menu back to the log-in page', async () => {
    const { context, page } = await signedInPage(env(), env().server('shared').url);
    await page.goto('/settings/users');
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Log in to Rapport' }).waitFor();
    // The session is gone on the server too: the app sends us back to the log-in.
    await page.goto('/settings/users');
    await page.waitForURL('**/login');
    await context.close();
  });

  it('refuses a wrong password with a message, then logs in with the right one', async () => {
    const { url } = env().server('shared');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await page.goto('/settings/users');
    await page.waitForURL('**/login');
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('E-mail or password is wrong.');
    expect(page.url()).toMatch(/\/login$/);

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/contacts');
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    await context.close();
  });

  it('creates a select custom field for contacts, showing the API’s field errors next to the inputs', async () => {
    const { context, page } = await signedInPage(env(), env().server('shared').url);
    await page.goto('/settings');
    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await page.waitForURL('**/settings/custom-fields**');
    await page.getByRole('button', { name: 'Add field' }).click();
    const form = dialog(page, 'New field for contact');
    await form.waitFor();

    // A key the API refuses: the message appears under the Key input.
    await form.getByLabel('Label (English)').fill('Customer tier');
    await expect.poll(() => form.getByLabel('Key').inputValue()).toBe('customer_tier');
    await form.getByLabel('Key').fill('Tier!');
    await form.getByRole('button', { name: 'Create' }).click();
    await visible(form, 'Use lower-case letters, digits and _ (start with a letter, at most 50)');
    expect(await form.getByLabel('Key').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Key').fill('customer_tier');
    await choose(form, 'Type', 'Single choice');
    await form.getByLabel('Label (Français)').fill('Niveau client');
    await form.getByLabel('Label (Dansk)').fill('Kundeniveau');
    await form.getByLabel('Label of option 1 (English)').fill('Gold');
    await form.getByLabel('Label of option 1 (Français)').fill('Or');
    await form.getByLabel('Label of option 1 (Deutsch)').click(); // leaving the English label fills the value
    await expect.poll(() => form.getByLabel('Value of option 1').inputValue()).toBe('Gold');
    await form.getByRole('button', { name: 'Add option' }).click();
    await form.getByLabel('Value of option 2').fill('silver');
    await form.getByLabel('Label of option 2 (English)').fill('Silver');
    await form.getByRole('checkbox', { name: 'Required' }).check();
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    await visible(page, 'Field Customer tier created');

    const row = page.getByRole('row').filter({ hasText: 'customer_tier' });
    await row.waitFor();
    const text = await row.textContent();
    for (const part of ['Customer tier', 'Single choice', 'Required', 'Gold', 'Silver'])
      expect(text).toContain(part);

    // The company tab is separate.
    await clickLabelOf(page.getByRole('radio', { name: 'Companies' }));
    await page.waitForURL('**/settings/custom-fields?entity=company');
    await visible(page, 'No custom field for this record type yet.');
    await context.close();
  });

  it('creates a team and a user in it, and refuses to demote the last admin', async () => {
    const { context, page } = await signedInPage(env(), env().server('shared').url);
    await page.goto('/settings/teams');
    await page.getByRole('button', { name: 'Add team' }).click();
    let form = dialog(page, 'Add a team');
    await form.getByLabel('Team name').fill('Nordic sales');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    await visible(page, 'Team Nordic sales created');
    await page.getByRole('row').filter({ hasText: 'Nordic sales' }).waitFor();

    await page.getByRole('tab', { name: 'Users & roles' }).click();
    await page.waitForURL('**/settings/users');
    await page.getByRole('button', { name: 'Add user' }).click();
    form = dialog(page, 'Add a user');
    await form.getByLabel('E-mail').fill('lars@example.test');
    await form.getByLabel('Name').fill('Lars Jørgensen');
    await choose(form, 'Role', 'Manager');
    await choose(form, 'Language', 'Dansk');
    await form.getByRole('textbox', { name: 'Teams' }).click();
    await page.getByRole('option', { name: 'Nordic sales' }).click();
    await form.getByRole('textbox', { name: 'Initial password', exact: true }).fill('short');
    await form.getByRole('button', { name: 'Create' }).click();
    await visible(form, 'Use at least 10 characters');
    await form.getByRole('button', { name: 'Generate a password' }).click();
    expect(
      (await form.getByRole('textbox', { name: 'Initial password', exact: true }).inputValue()).length,
    ).toBe(16);
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    await visible(page, 'User lars@example.test added');
    const row = page.getByRole('row').filter({ hasText: 'Lars Jørgensen' });
    const text = await row.textContent();
    for (const part of ['lars@example.test', 'Manager', 'Nordic sales', 'Active', 'Never'])
      expect(text).toContain(part);

    // The same e-mail again: the API's error sits next to the e-mail input.
    await page.getByRole('button', { name: 'Add user' }).click();
    form = dialog(page, 'Add a user');
    await form.getByLabel('E-mail').fill('LARS@example.test');
    await form.getByRole('textbox', { name: 'Initial password', exact: true }).fill('long enough password');
    await form.getByRole('button', { name: 'Create' }).click();
    await visible(form, 'A user with this e-mail already exists.');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });

    // The only admin cannot make themselves an agent.
    await page.getByRole('button', { name: `Actions for ${admin.name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit user' }).click();
    form = dialog(page, `Edit ${admin.name}`);
    await choose(form, 'Role', 'Agent');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('Rapport needs at least one active administrator');
    await context.close();
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    const { url } = env().server('shared');
    const { context, page } = await signedInPage(env(), url);
    await page.goto('/settings/api-keys');
    await page.getByRole('button', { name: 'Create API key' }).click();
    let form = dialog(page, 'Create an API key');
    await form.getByLabel('Key name').fill('Accounting export');
    await form.getByRole('button', { name: 'Create' }).click();

    form = dialog(page, 'Your new API key');
    await visible(form, 'It is shown only this once');
    const key = ((await form.getByLabel('API key — Accounting export').textContent()) ?? '').trim();
    expect(key).toMatch(/^rpk_[\w-]{40,}$/);
    await form.getByRole('button', { name: 'Copy key' }).waitFor();
    expect((await fetch(`${url}/api/v1/users`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(
      200,
    );

    await form.getByRole('button', { name: 'I have copied the key' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'Accounting export' });
    expect(await row.textContent()).toContain(`${key.slice(0, 10)}…`);
    await page.reload();
    await row.waitFor();
    expect(await page.getByText(key).count()).toBe(0);

    await page.getByRole('button', { name: 'Actions for Accounting export' }).click();
    await page.getByRole('menuitem', { name: 'Revoke key' }).click();
    await dialog(page, 'Revoke the key Accounting export?')
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await visible(page, 'API key Accounting export revoked');
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await fetch(`${url}/api/v1/users`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(
      401,
    );

    await clickLabelOf(page.getByRole('switch', { name: 'Show the keys of all users' }));
    await page.waitForURL('**/settings/api-keys?all=true');
    await page.getByRole('columnheader', { name: 'Owner' }).waitFor();
    await context.close();
  });

  it('shows settings read-only to a viewer, who cannot create API keys', async () => {
    const { url } = env().server('shared');
    const adminSide = await signedInPage(env(), url);
    const viewer = {
      email: 'vera.viewer@example.test',
      password: 'viewer password 123',
      name: 'Vera Viewer',
    };
    await apiAs(adminSide.context, 'POST', '/users', { ...viewer, role: 'viewer', language: 'en' });
    await adminSide.context.close();

    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context, viewer);
    await page.goto('/settings');
    await page.waitForURL('**/settings/api-keys');
    await visible(page, 'Viewers cannot create API keys.');
    expect(await page.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Show the keys of all users' }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Users & roles' }).click();
    await visible(page, 'Only administrators can change these settings.');
    await page.getByRole('row').filter({ hasText: 'Vera Viewer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await visible(page, 'Only administrators can change these settings.');
    expect(await page.getByRole('button', { name: 'Add field' }).count()).toBe(0);
    await context.close();
  });

  it('switches the whole UI to French, German and Danish from the user menu', async () => {
    const { context, page } = await signedInPage(env(), env().server('shared').url);
    await page.goto('/settings/users');
    await page.getByRole('tab', { name: 'Users & roles' }).waitFor();
    const steps = [
      {
        menu: 'User menu',
        code: 'FR',
        companies: 'Entreprises',
        tab: 'Utilisateurs et rôles',
        heading: 'Paramètres',
      },
      {
        menu: 'Menu utilisateur',
        code: 'DE',
        companies: 'Firmen',
        tab: 'Benutzer und Rollen',
        heading: 'Einstellungen',
      },
      {
        menu: 'Benutzermenü',
        code: 'DA',
        companies: 'Virksomheder',
        tab: 'Brugere og roller',
        heading: 'Indstillinger',
      },
    ];
    for (const s of steps) {
      await page.getByRole('button', { name: s.menu }).click();
      await clickLabelOf(page.getByRole('radio', { name: s.code }));
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: s.companies }).waitFor();
      await page.getByRole('tab', { name: s.tab }).waitFor();
      await page.getByRole('heading', { name: s.heading }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(s.code.toLowerCase());
    }
    // The choice survives a reload, and the server remembers it for the next log-in.
    await page.reload();
    await page.getByRole('link', { name: 'Virksomheder' }).waitFor();
    await page.getByRole('columnheader', { name: 'Seneste login' }).waitFor();
    const me = await context.request.get('/api/v1/auth/me');
    expect(((await me.json()) as { user: { language: string } }).user.language).toBe('da');
    await context.close();
  });
});
