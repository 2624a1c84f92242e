import { expect, it } from 'vitest';
import { runScoring, seedCustomerValue } from './customer-value.seed.ts';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Score = {
  score: {
    pAlive: number | null;
    clv12: number | null;
    churnBand: string | null;
    nextBestOffers: { productId: string; name: string; kind: string }[];
  } | null;
};

/**
 * Customer value end to end: a shop's orders seeded through the API, a scoring run queued and polled, then
 * the dashboard (totals, charts, segments, at-risk owners), a contact's Customer value card (P(alive) and
 * CLV with their explanations, an offer linking to its product), the contact list opened from the
 * dashboard filtered on churn band and owner, and the settings' field validation.
 */
describeE2E('customer value in the browser', ['app'], (env) => {
  it('scores the customers, shows the dashboard, a contact’s scores with explanations and an offer, and the at-risk list', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const seeded = await seedCustomerValue(context);
    const run = await runScoring(context);
    expect(run.status).toBe('done');

    // The API agrees with the story the seed tells.
    const mette = (await apiAs(context, 'GET', `/contacts/${seeded.mette.id}/scores`)) as Score;
    expect(mette.score?.pAlive).toBeGreaterThan(0);
    expect(mette.score?.clv12).toBeGreaterThan(0);
    expect(mette.score?.nextBestOffers.map((o) => o.name)).toContain(seeded.frother.name);
    const lapsed = (await apiAs(context, 'GET', `/contacts/${seeded.lapsed.id}/scores`)) as Score;
    expect(lapsed.score?.churnBand).toBe('high');

    // The dashboard: totals, both charts drawn, segments, at-risk owners and the concentration sentence.
    await page.goto('/customer-value');
    await page.getByRole('heading', { name: 'Customer value', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('total-customers').textContent()).toContain('30');
    await page.getByTestId('total-clv12').getByText('€').waitFor();
    for (const chart of ['CLV distribution (12 months)', 'Revenue concentration']) {
      const drawn = page
        .getByRole('region', { name: chart })
        .getByRole('img', { name: chart })
        .locator('svg');
      await drawn.first().waitFor();
    }
    expect(await page.getByTestId('concentration-sentence').textContent()).toMatch(
      /^The top 20% of customers bring \d+(\.\d+)?% of revenue\.$/,
    );
    await page.getByTestId('rfm-grid').waitFor();
    await page
      .getByRole('link', { name: /^Show the contacts of segment / })
      .first()
      .waitFor();
    await page.getByText(/^Last computed /).waitFor();

    // Mette's Customer value card: every number with its plain-language line, and the frother as her offer.
    await page.goto(`/contacts/${seeded.mette.id}`);
    const card = page.getByRole('region', { name: 'Customer value' });
    await card.waitFor();
    const pAlive = card.getByTestId('score-palive');
    await pAlive.getByText('P(alive)').waitFor();
    await pAlive.getByText(/^\d+%$/).waitFor();
    await pAlive
      .getByText(
        /^The chance this customer still buys from you, given 5 purchases over \d+ weeks and the last one \d+ weeks? ago\.$/,
      )
      .waitFor();
    const clv = card.getByTestId('score-clv12');
    await clv.getByText('CLV 12 months').waitFor();
    await clv.getByText(/^€[\d,]+\.\d\d$/).waitFor();
    await clv.getByText('The margin we expect from this customer in the next year, discounted.').waitFor();
    await card
      .getByTestId('score-band')
      .getByText(/P\(alive\) is (below|between|at least)/)
      .waitFor();
    await card
      .getByTestId('score-segment')
      .getByText(/^R [1-5] · F [1-5] · M [1-5]$/)
      .waitFor();
    await card.getByRole('table', { name: 'Profitability' }).getByText('= Profit').waitFor();
    const offer = card.getByRole('link', { name: seeded.frother.name });
    expect(await offer.getAttribute('href')).toBe(`/products/${seeded.frother.id}`);
    await card
      .getByText(
        /(of the orders with that also held Milk frother Como \(lift [\d.]+\)\.|^Often bought together with )/,
      )
      .first()
      .waitFor();
    await card.getByText(/^Model bgnbd-gg-rfm-ar\/1 · fitted /).waitFor();
    expect(await card.textContent()).not.toMatch(/NaN|Infinity/);

    // From the dashboard to Bo Berg's high-risk customers: the list opens filtered, with a churn column.
    const expected = (await apiAs(
      context,
      'GET',
      `/contacts?filter=${encodeURIComponent(
        JSON.stringify({
          and: [
            { field: 'score.churnBand', op: 'eq', value: 'high' },
            { field: 'ownerId', op: 'eq', value: seeded.ownerB.id },
          ],
        }),
      )}&limit=100`,
    )) as { data: { firstName: string; lastName: string }[] };
    expect(expected.data.map((c) => `${c.firstName} ${c.lastName}`)).toContain(seeded.lapsed.name);
    await page.goto('/customer-value');
    await page.getByRole('link', { name: 'Show the high-risk customers of Bo Berg' }).click();
    await page.waitForURL(/\/contacts$/);
    await page.getByRole('list', { name: 'Active filters' }).getByText('High risk').waitFor();
    const table = page.getByRole('table', { name: 'Contacts' });
    await table.getByRole('link', { name: seeded.lapsed.name }).waitFor();
    await expect.poll(() => table.getByRole('link', { name: seeded.mette.name }).count()).toBe(0);
    await table.getByRole('columnheader', { name: 'Churn risk' }).waitFor();
    await table.getByText('High risk').first().waitFor();
    await expect
      .poll(async () =>
        (
          await page
            .getByText(/^\d+ contacts?$/)
            .first()
            .textContent()
        )?.trim(),
      )
      .toBe(`${expected.data.length} contact${expected.data.length === 1 ? '' : 's'}`);

    // Settings: an out-of-range threshold is refused next to its field.
    await page.goto('/settings/analytics');
    const threshold = page.getByRole('textbox', { name: 'Churn threshold' });
    await threshold.fill('150');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Between 1 and 99.').waitFor();
    const refused = await context.request.put('/api/v1/analytics/settings', {
      data: { churnThreshold: 5 },
      headers: {
        'x-csrf-token': (
          (await (await context.request.get('/api/v1/auth/me')).json()) as { csrfToken: string }
        ).csrfToken,
      },
    });
    expect(refused.status()).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('churnThreshold');
    await context.close();
  });
});
