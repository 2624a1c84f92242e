import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

/**
 * Relationship management as an account manager uses it: the stay-in-touch list shows who is overdue, a
 * touch logged from the list takes the contact off it, and the contact page suggests a stage by the rules
 * and applies it; the company's account manager shows on the contact.
 */
describeE2E('relationships in the browser', ['main'], (env) => {
  it('works the stay-in-touch list and applies a suggested stage', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const company = (await apiAs(context, 'POST', '/companies', { name: 'Havblik Fiskeri ApS' })) as {
      id: string;
    };
    const make = async (firstName: string, lastTouchDaysAgo: number, extra: object = {}) => {
      const c = (await apiAs(context, 'POST', '/contacts', {
        firstName,
        lastName: 'Nielsen',
        stayInTouchDays: 30,
        companyId: company.id,
        ...extra,
      })) as { id: string };
      await apiAs(context, 'POST', '/interactions', {
        channel: 'email',
        direction: 'in',
        contactId: c.id,
        occurredAt: daysAgo(lastTouchDaysAgo),
      });
      return c.id;
    };
    await make('Karen', 50);
    const committed = await make('Jens', 65, { relationshipStage: 'commitment' });
    await make('Lone', 10);

    await page.goto('/stay-in-touch');
    const table = page.getByRole('table');
    await table.waitFor();
    const rows = table.getByRole('row');
    // Header + the two overdue ones, most overdue first; Lone is not due yet.
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain('Jens Nielsen');
    expect(await rows.nth(1).textContent()).toContain('overdue by 35 days');
    expect(await rows.nth(2).textContent()).toContain('Karen Nielsen');
    expect(await table.getByText('Lone Nielsen').count()).toBe(0);

    // Log a call from the list: Karen leaves it.
    await page.getByRole('button', { name: 'Log a touch: Karen Nielsen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a call' });
    await dialog.getByLabel('Subject').fill('Checked in about the new season');
    await dialog.getByLabel('Subject').press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await table.getByText('Karen Nielsen').waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(2);

    // Jens: committed but silent for 65 days (limit: twice the 30-day cadence) → dissolution risk.
    await table.getByRole('link', { name: 'Jens Nielsen' }).click();
    await page.getByRole('heading', { name: 'Jens Nielsen' }).waitFor();
    await page.getByTestId('account-manager').getByText('Ada Admin').waitFor();
    const card = page.locator('[aria-labelledby="relationship-title"]');
    await card.getByText('Suggested stage: Dissolution').waitFor();
    await card.getByText('No interaction for 65 days; the limit is 60 days.').waitFor();
    await card.getByTestId('touch-overdue').getByText('overdue by 35 days').waitFor();
    await card.getByRole('button', { name: 'Apply' }).click();
    await card.getByText('Suggested stage: Dissolution').waitFor({ state: 'detached' });
    await card.getByText('Stage: Commitment → Dissolution').waitFor();
    const saved = (await apiAs(context, 'GET', `/contacts/${committed}`)) as { relationshipStage: string };
    expect(saved.relationshipStage).toBe('dissolution');

    // Changing the cadence in place moves the due date.
    await card.getByRole('textbox', { name: 'Stay in touch' }).click();
    await page.getByRole('option', { name: 'Every 90 days' }).click();
    await card.getByText(/^due in/).waitFor();
    expect(
      ((await apiAs(context, 'GET', `/contacts/${committed}`)) as { stayInTouchDays: number })
        .stayInTouchDays,
    ).toBe(90);
    await context.close();
  });
});
