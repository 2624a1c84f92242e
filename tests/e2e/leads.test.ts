import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, hostSnippet, newPage, signIn } from './helpers.ts';

const SHOTS = '/tmp/shots/leads';

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/**
 * Leads as they arrive and are worked: a web-to-lead form pasted on another site is filled in and sent, the lead
 * shows up in /leads with its score and owner, and is converted from its contact page into a deal and a
 * company. Screenshots in English and French.
 */
describeE2E('leads in the browser', ['app'], (env) => {
  it('a lead from the embedded form appears in /leads with its score and is converted into a deal', async () => {
    const { url } = env().server('app');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const me = (await (await context.request.get('/api/v1/auth/me')).json()) as { user: { id: string } };
    const form = (await apiAs(context, 'POST', '/lead-forms', {
      name: 'Demo-forespørgsel',
      fields: ['firstName', 'lastName', 'company', 'jobTitle', 'country', 'message'],
      tags: ['webinar'],
      source: 'web_form',
      campaign: 'Forår 2026',
      language: 'da',
      askConsent: true,
      consentText: { en: 'Send me news.', da: 'Send mig nyheder om cykler.' },
    })) as { id: string };
    await apiAs(context, 'POST', '/lead-scoring/rules', {
      name: 'Business address',
      kind: 'business_email',
      points: 10,
    });
    await apiAs(context, 'POST', '/lead-scoring/rules', {
      name: 'Decision maker',
      kind: 'job_title_contains',
      values: ['chef', 'director'],
      points: 25,
    });
    await apiAs(context, 'POST', '/lead-assignment/rules', {
      name: 'Danmark',
      kind: 'territory',
      countries: ['DK'],
      userIds: [me.user.id],
    });
    const { html } = (await apiAs(context, 'GET', `/lead-forms/${form.id}/snippet`)) as { html: string };
    const site = await hostSnippet(html);
    try {
      // A visitor on the shop's own site: a different origin, no session.
      const visitor = await env().browser.newContext({ locale: 'da-DK' });
      const vp = await visitor.newPage();
      await vp.goto(site.url);
      await vp.getByLabel('Fornavn').fill('Søren');
      await vp.getByLabel('Efternavn').fill('Ødegård');
      await vp.getByLabel('E-mail *').fill('soren.odegard@cykelbutikken.dk');
      await vp.getByLabel('Virksomhed').fill('Cykelbutikken ApS');
      await vp.getByLabel('Stilling').fill('Indkøbschef');
      await vp.getByLabel('Land (2 bogstaver)').fill('DK');
      await vp.getByLabel('Besked').fill('Vi vil gerne se en demo.');
      await vp.getByLabel('Send mig nyheder om cykler.').check();
      await vp.waitForFunction(
        () => (document.querySelector('input[name="_ts"]') as HTMLInputElement).value !== '',
      );
      await vp.waitForTimeout(2200); // people take more than two seconds; bots that do not are dropped
      await vp.getByRole('button', { name: 'Send' }).click();
      await vp.getByText('Tak — vi har modtaget din besked').waitFor();
      await visitor.close();
    } finally {
      await site.close();
    }

    await page.goto('/leads');
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    const row = page.getByRole('row', { name: /Søren Ødegård/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('35');
    expect(await row.textContent()).toContain('Ada Admin');
    await shot(page, 'leads-en');

    await row.getByRole('link', { name: 'Søren Ødegård' }).click();
    const card = page.getByRole('region', { name: 'Lead' });
    await card.waitFor();
    await card.getByText('Decision maker').waitFor();
    await card.getByText('Consent pending confirmation').waitFor();
    await shot(page, 'lead-card-en');
    await card.getByRole('button', { name: 'Convert' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
    await dialog.waitFor();
    await dialog.getByLabel('Deal title').fill('Cykelbutikken — 40 elcykler');
    await dialog.getByLabel('Amount').fill('48000,50');
    expect(await dialog.getByLabel('Company name').inputValue()).toBe('Cykelbutikken ApS');
    await shot(page, 'convert-en');
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await page.getByText('The lead is now a prospect.').waitFor();
    await card.waitFor({ state: 'hidden' });

    const deals = (await apiAs(context, 'GET', '/deals?limit=10')) as {
      data: { title: string; amount: number; companyName: string | null }[];
    };
    const deal = deals.data.find((d) => d.title === 'Cykelbutikken — 40 elcykler');
    expect(deal?.amount).toBe(4_800_050);
    expect(deal?.companyName).toBe('Cykelbutikken ApS');

    // The settings-like pages, in English and in French.
    for (const lang of ['en', 'fr'] as const) {
      const { context: c2, page: p2 } = await newPage(env().browser, url, { language: lang });
      await signIn(c2);
      await p2.goto('/leads/forms');
      await p2.getByText('Demo-forespørgsel').first().waitFor();
      await shot(p2, `forms-${lang}`);
      await p2.goto('/leads/scoring');
      await p2.getByText('Decision maker').waitFor();
      await shot(p2, `scoring-${lang}`);
      await p2.goto('/leads/assignment');
      await p2.getByText('Danmark').waitFor();
      await shot(p2, `assignment-${lang}`);
      await p2.goto('/leads');
      await p2.getByRole('heading', { level: 1 }).waitFor();
      await shot(p2, `leads-empty-${lang}`);
      await c2.close();
    }
    await context.close();
  });
});
