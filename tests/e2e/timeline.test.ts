import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { admin, apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

/**
 * Customer 360 as a person uses it: log a call on a contact with the keyboard and see it on the timeline,
 * write a note that @mentions a colleague, and the colleague finds it in the notification centre.
 */
describeE2E('timeline in the browser', ['main'], (env) => {
  it('logs a call with the keyboard, writes a note with a mention, and notifies the colleague', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const colleague = {
      email: 'carl.colleague@example.test',
      password: 'another long password',
      name: 'Carl Colleague',
    };
    await apiAs(context, 'POST', '/users', { ...colleague, role: 'agent', language: 'en' });
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Ingrid',
      lastName: 'Østergaard',
      emails: [{ address: 'ingrid@example.test' }],
    })) as { id: string };

    await page.goto(`/contacts/${contact.id}`);
    await page.getByRole('heading', { name: 'Ingrid Østergaard' }).waitFor();

    // `c` opens "Log a call" on the timeline tab; Ctrl+Enter saves.
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'Log a call' });
    await dialog.waitFor();
    await dialog.getByLabel('Subject').fill('Asked about the spring catalogue');
    await dialog.getByLabel('What was said').fill('Wants 40 units <b>before</b> May.\n\nCall back Friday.');
    await dialog.getByLabel('Outcome').fill('Interested');
    await dialog.getByLabel('Duration (minutes)').fill('12');
    await dialog.getByLabel('Subject').press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });

    const call = page.getByTestId('timeline-interaction').first();
    await call.getByText('Asked about the spring catalogue').waitFor();
    // Typed markup is text, never HTML.
    await call.getByText('Wants 40 units <b>before</b> May.').waitFor();
    await call.getByText('Outcome: Interested').waitFor();
    expect(await call.getByText(/12 min/).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Timeline' }).getAttribute('aria-selected')).toBe('true');
    // The journey strip above the timeline has the call as a dot in the sales lane.
    const strip = page.getByRole('img', { name: 'Customer journey' });
    await strip.locator('circle[data-channel="phone"]').waitFor();
    expect(await strip.locator('circle').count()).toBe(1);
    // The department filter: the call was logged at Sales, so Marketing shows nothing and Sales shows it.
    const department = page.getByRole('textbox', { name: 'Department' });
    await department.click();
    await page.getByRole('option', { name: 'Marketing' }).click();
    await page.getByText('Nothing matches these filters.').waitFor();
    await department.click();
    await page.getByRole('option', { name: 'Sales', exact: true }).click();
    await call.getByText('Asked about the spring catalogue').waitFor();
    expect(await page.getByTestId('timeline-interaction').count()).toBe(1);
    await department.click();
    await page.getByRole('option', { name: 'Sales', exact: true }).click(); // picking it again clears it

    // `n` starts a note; `@car` lists Carl, Enter picks him.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('n');
    const note = page.getByRole('textbox', { name: 'Note' });
    await note.waitFor();
    await note.pressSequentially('Please send @car');
    await page.getByRole('option', { name: /Carl Colleague/ }).waitFor();
    await note.press('Enter');
    await note.pressSequentially('the price list.');
    await note.press('Control+Enter');
    const noteItem = page.getByTestId('timeline-note').first();
    await noteItem.getByText('@Carl Colleague').waitFor();

    // A second note, deleted again from its menu.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('n');
    await note.waitFor();
    await note.fill('Wrong customer, sorry');
    await note.press('Control+Enter');
    const wrong = page.getByTestId('timeline-note').filter({ hasText: 'Wrong customer, sorry' });
    await wrong.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Move this entry to the recycle bin?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await wrong.waitFor({ state: 'detached' });

    // Change it from its menu: the outcome, with the version it was read at.
    await call.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Change the interaction' });
    await edit.getByLabel('Outcome').fill('Order expected in April');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await call.getByText('Outcome: Order expected in April').waitFor();
    await call.getByText('Wants 40 units <b>before</b> May.').waitFor();

    // The filter shows notes only.
    await page.getByText('Notes', { exact: true }).click();
    await page.getByTestId('timeline-note').first().waitFor();
    expect(await page.getByTestId('timeline-interaction').count()).toBe(0);

    // Carl's notification centre shows the mention and leads to the contact.
    const carl = await newPage(env().browser, url, { language: 'en' });
    await signIn(carl.context, colleague);
    await carl.page.goto('/contacts');
    const bell = carl.page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.click();
    await carl.page.getByText('Ada Admin mentioned you in a note').click();
    await carl.page.getByRole('heading', { name: 'Ingrid Østergaard' }).waitFor();
    await carl.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await carl.context.close();

    // The journey flow across customers: a purchase after the call makes a two-step path.
    await apiAs(context, 'POST', '/interactions', {
      contactId: contact.id,
      channel: 'shop',
      direction: 'in',
      touchpoint: 'shop',
    });
    await page.getByRole('link', { name: 'Customer journey' }).click();
    await page.getByRole('heading', { name: 'Customer journey' }).waitFor();
    await page.getByText('1 customer in the period · 1 purchased (100%)').waitFor();
    const table = page.getByRole('table', { name: 'Transitions' });
    await table.getByRole('row', { name: /Sales \(Step 1\)\s+Purchase\s+1/ }).waitFor();
    await context.close();
    void admin;
  });

  it('adds a webhook source in the settings, ingests a signed batch with a duplicate and an invalid item, and shows it', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Bjørn',
      lastName: 'Webshop',
      emails: [{ address: 'bjorn@example.test' }],
    })) as { id: string };

    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('webshop');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Secret for webshop' });
    await secretDialog.waitFor();
    const secret = (await secretDialog.locator('pre, code').first().textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('cell', { name: 'webshop', exact: true }).waitFor();

    const order = {
      externalId: 'order-7001',
      email: 'bjorn@example.test',
      channel: 'web',
      direction: 'in',
      touchpoint: 'shop',
      occurredAt: new Date().toISOString(),
      subject: 'Order 7001: two oak chairs',
    };
    const body = JSON.stringify({
      items: [order, order, { ...order, externalId: 'order-7002', channel: 'pigeon' }],
    });
    const ts = Math.floor(Date.now() / 1000);
    const signature = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
    const res = await fetch(`${url}/api/v1/interactions/webhooks/webshop`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-rapport-timestamp': String(ts),
        'x-rapport-signature': signature,
      },
      body,
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { results: { status: string }[] };
    expect(result.results.map((r) => r.status)).toEqual(['created', 'duplicate', 'error']);

    await page.goto(`/contacts/${contact.id}`);
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const item = page.getByTestId('timeline-interaction');
    await item.getByText('Order 7001: two oak chairs').waitFor();
    await item.getByText(/from webshop/).waitFor();
    expect(await page.getByTestId('timeline-interaction').count()).toBe(1);
    await context.close();
  });
});
