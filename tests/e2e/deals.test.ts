import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Deal = {
  id: string;
  title: string;
  stageId: string;
  status: string;
  closeReason: string | null;
  version: number;
};
type Pipeline = { id: string; stages: { id: string; labels: { en: string } }[] };

/** Drags a card onto a column with the mouse, in small steps (the board starts a drag after 6 px). */
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

/**
 * Deals as a salesperson uses them: a new deal from the keyboard on the board, dragged from New to
 * Qualified, then onto Lost, where the board asks why; a drag of a deal someone else changed meanwhile is
 * rolled back with a message.
 */
describeE2E('deals in the browser', ['app'], (env) => {
  it('creates a deal, drags it across the board, marks it lost with a reason, and rolls back a stale drag', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Hélène',
      lastName: 'Dubois',
    })) as {
      id: string;
    };
    const pipeline = ((await apiAs(context, 'GET', '/pipelines')) as { data: Pipeline[] }).data[0]!;
    const stage = (en: string) => pipeline.stages.find((s) => s.labels.en === en)!.id;
    const get = async (id: string) => (await apiAs(context, 'GET', `/deals/${id}`)) as Deal;

    await page.goto('/deals');
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await page.getByRole('region', { name: 'New', exact: true }).waitFor();

    // `n` opens the form.
    await page.keyboard.press('n');
    const form = page.getByRole('dialog', { name: 'New deal' });
    await form.waitFor();
    await form.getByLabel('Title').fill('Espresso machines for 12 cafés');
    await form.getByRole('textbox', { name: 'Contact or company' }).fill('Hélène');
    await page.getByRole('option', { name: /Hélène Dubois/ }).click();
    await form.getByLabel('Amount').fill('18500,50');
    await form.getByRole('button', { name: 'Create deal' }).click();
    await form.waitFor({ state: 'hidden' });
    const newColumn = page.getByRole('region', { name: 'New', exact: true });
    await newColumn.getByText('Espresso machines for 12 cafés').waitFor();
    await newColumn.getByText('€18,500.50').first().waitFor();
    const list = (await apiAs(context, 'GET', '/deals?q=Espresso')) as { data: Deal[] };
    const deal = list.data[0]!;
    expect(deal.stageId).toBe(stage('New'));

    // Dragged to Qualified: the card moves at once and the server agrees.
    await drag(page, deal.id, 'Qualified');
    const qualified = page.getByRole('region', { name: 'Qualified', exact: true });
    await qualified.getByText('Espresso machines for 12 cafés').waitFor();
    await page.getByText('Moved to Qualified').waitFor();
    await expect.poll(async () => (await get(deal.id)).stageId).toBe(stage('Qualified'));

    // Dropped on Lost: the reason is asked first; with it the deal is lost.
    await drag(page, deal.id, 'Lost');
    const why = page.getByRole('dialog', { name: 'Mark “Espresso machines for 12 cafés” as lost' });
    await why.waitFor();
    await why.getByRole('button', { name: 'Mark as lost' }).click();
    await why.getByText('Choose a reason').waitFor();
    await why.getByRole('radio', { name: 'Competitor' }).check();
    await why.getByLabel('Note').fill('Went with a cheaper importer');
    await why.getByRole('button', { name: 'Mark as lost' }).click();
    await why.waitFor({ state: 'hidden' });
    await page
      .getByRole('region', { name: 'Lost', exact: true })
      .getByText('Espresso machines for 12 cafés')
      .waitFor();
    await expect.poll(async () => (await get(deal.id)).status).toBe('lost');
    const lost = await get(deal.id);
    expect(lost).toMatchObject({ stageId: stage('Lost'), closeReason: 'competitor' });

    // Someone else changes a deal while the board is open: the drag is refused (412) and rolled back.
    const other = (await apiAs(context, 'POST', '/deals', {
      title: 'Cargo bikes for Nørrebro',
      contactId: contact.id,
      currency: 'DKK',
      amount: 2_390_000,
    })) as Deal;
    await page.reload();
    await newColumn.getByText('Cargo bikes for Nørrebro').waitFor();
    await apiAs(context, 'PATCH', `/deals/${other.id}`, { title: 'Cargo bikes for Nørrebro (10)' });
    await drag(page, other.id, 'Proposal');
    await page.getByText('Someone changed this deal meanwhile').waitFor();
    await newColumn.getByText('Cargo bikes for Nørrebro (10)').waitFor();
    expect((await get(other.id)).stageId).toBe(stage('New'));

    // The deal page shows the stage history.
    await page.goto(`/deals/${deal.id}`);
    await page.getByRole('heading', { name: 'Stage history' }).waitFor();
    await page.getByRole('button', { name: 'Move to Lost' }).waitFor();
    await context.close();
  });
});
