/**
 * Screenshots of every page in English, French, German and Danish, light and dark, for people to review
 * (not a test: nothing is asserted). Files land in tmp/screens/<page>.<lang>.<theme>.png.
 *
 * Against a running server (nothing is changed on it except one log-in):
 *   npx tsx tests/e2e/screenshots.ts --url http://127.0.0.1:3000 --email admin@example.com --password '…'
 *
 * Or on a throw-away server with sample users, teams, API keys and custom fields (needs a built web app):
 *   npx vite build && npx tsx tests/e2e/screenshots.ts --fresh [--db postgres]
 *
 * Narrow it down with --langs en,da --themes dark --only settings --out tmp/screens-review.
 * Dialogs (add user, new custom field, …) are opened too; the "API key created" view only with --fresh,
 * because it creates a key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { languages, type UiLanguage } from '../../src/shared/common.ts';
import { quotes as quotesText } from '../../src/web/features/quotes/quotes.i18n.ts';
import { relationships as relationshipsText } from '../../src/web/features/relationships/relationships.i18n.ts';
import { settings as settingsText } from '../../src/web/features/settings/settings.i18n.ts';
import { timeline as timelineText } from '../../src/web/features/timeline/timeline.i18n.ts';
import {
  admin,
  apiAs,
  type Credentials,
  ensureAdmin,
  launchBrowser,
  newPage,
  type RunningServer,
  repoRoot,
  signIn,
  startServer,
} from './helpers.ts';

type Shot = {
  name: string;
  path: string;
  open?: (page: Page, lang: UiLanguage) => Promise<void>;
  freshOnly?: boolean;
};

const clickButton = (name: (lang: UiLanguage) => string) => async (page: Page, lang: UiLanguage) => {
  await page.getByRole('button', { name: name(lang), exact: true }).click();
  await page.getByRole('dialog').last().waitFor();
};

const shots: Shot[] = [
  { name: 'contacts', path: '/contacts' },
  { name: 'companies', path: '/companies' },
  { name: 'recycle-bin', path: '/recycle-bin' },
  { name: 'settings-users', path: '/settings/users' },
  {
    name: 'settings-users-add',
    path: '/settings/users',
    open: clickButton((l) => settingsText[l].users.add),
  },
  { name: 'settings-teams', path: '/settings/teams' },
  {
    name: 'settings-teams-add',
    path: '/settings/teams',
    open: clickButton((l) => settingsText[l].teams.add),
  },
  { name: 'settings-api-keys', path: '/settings/api-keys' },
  { name: 'settings-api-keys-all', path: '/settings/api-keys?all=true' },
  {
    name: 'settings-api-keys-created',
    path: '/settings/api-keys',
    freshOnly: true,
    open: async (page, lang) => {
      await clickButton((l) => settingsText[l].apiKeys.add)(page, lang);
      await page.getByRole('dialog').getByRole('textbox').fill('Screenshot key');
      await page.getByRole('dialog').getByRole('button', { name: /./ }).last().click();
      await page.getByRole('dialog', { name: settingsText[lang].apiKeys.createdTitle }).waitFor();
    },
  },
  { name: 'settings-quote-templates', path: '/settings/quote-templates' },
  {
    name: 'settings-quote-templates-add',
    path: '/settings/quote-templates',
    open: clickButton((l) => quotesText[l].templates.add),
  },
  { name: 'quotes', path: '/quotes' },
  { name: 'orders', path: '/orders' },
  { name: 'invoices', path: '/invoices' },
  { name: 'deals', path: '/deals' },
  { name: 'products', path: '/products' },
  { name: 'leads', path: '/leads' },
  { name: 'settings-custom-fields', path: '/settings/custom-fields' },
  { name: 'settings-integrations', path: '/settings/integrations' },
  { name: 'settings-custom-fields-company', path: '/settings/custom-fields?entity=company' },
  {
    name: 'settings-custom-fields-edit',
    path: '/settings/custom-fields',
    open: async (page, lang) => {
      const actionsFor = settingsText[lang].rowActions.replace('{{name}}', '');
      await page.getByRole('button', { name: actionsFor }).first().click();
      await page.getByRole('menuitem', { name: settingsText[lang].customFields.actions.edit }).click();
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: 'settings-custom-fields-add',
    path: '/settings/custom-fields',
    open: async (page, lang) => {
      await clickButton((l) => settingsText[l].customFields.add)(page, lang);
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('textbox', { name: settingsText[lang].customFields.fields.type, exact: true })
        .click();
      await page
        .getByRole('option', { name: settingsText[lang].customFields.types.multi_select, exact: true })
        .click();
    },
  },
  {
    name: 'contact-timeline',
    path: '/contacts',
    freshOnly: true,
    open: async (page, lang) => {
      await page.goto(`/contacts/${sample.contactId}`);
      await page.getByRole('tab', { name: timelineText[lang].tab, exact: true }).click();
      await page.getByTestId('timeline-interaction').first().waitFor();
    },
  },
  {
    name: 'contact-log-call',
    path: '/contacts',
    freshOnly: true,
    open: async (page, lang) => {
      await page.goto(`/contacts/${sample.contactId}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.keyboard.press('c');
      await page.getByRole('dialog', { name: timelineText[lang].log.titleCall }).waitFor();
    },
  },
  {
    name: 'contact-overview',
    path: '/contacts',
    freshOnly: true,
    open: async (page, lang) => {
      await page.goto(`/contacts/${sample.contactId}`);
      await page.getByTestId('account-manager').waitFor();
      await page.getByRole('heading', { name: relationshipsText[lang].card }).waitFor();
      await page.getByText(relationshipsText[lang].apply).waitFor();
    },
  },
  {
    name: 'stay-in-touch',
    path: '/stay-in-touch',
    freshOnly: true,
    open: async (page) => {
      await page.getByRole('table').waitFor();
    },
  },
  {
    name: 'tasks',
    path: '/tasks',
    freshOnly: true,
    open: async (page) => {
      await page.getByRole('table').waitFor();
    },
  },
  {
    name: 'calendar',
    path: '/calendar',
    open: async (page) => {
      await page.locator('.fc-event').first().waitFor();
      await page.locator('.fc-timegrid-col, .fc-daygrid-day').first().waitFor();
    },
  },
  {
    name: 'journey-flow',
    path: '/journey',
    open: async (page) => {
      await page.getByRole('table').waitFor();
      await page.waitForTimeout(1500); // the diagram animates in
    },
  },
  {
    name: 'company-timeline',
    path: '/companies',
    freshOnly: true,
    open: async (page, lang) => {
      await page.goto(`/companies/${sample.companyId}`);
      await page.getByRole('tab', { name: timelineText[lang].tab, exact: true }).click();
      await page.getByTestId('timeline-interaction').first().waitFor();
    },
  },
];

/** The records the timeline shots open (made by `seed`). */
const sample = { contactId: '', companyId: '' };

/** A customer with a history on every channel, a note with a mention and a few changes. */
async function seedTimeline(context: BrowserContext, colleagueId: string) {
  const company = (await apiAs(context, 'POST', '/companies', {
    name: 'Fjordlys Møbler A/S',
    domain: 'fjordlys.example',
    industry: 'Furniture retail',
  })) as { id: string };
  const contact = (await apiAs(context, 'POST', '/contacts', {
    firstName: 'Sigrid',
    lastName: 'Kjærgaard',
    jobTitle: 'Head of purchasing',
    companyId: company.id,
    emails: [{ address: 'sigrid@fjordlys.example' }],
    phones: [{ number: '+45 31 22 40 18', label: 'mobile' }],
    lifecycleStage: 'prospect',
    relationshipType: 'long_term',
    relationshipStage: 'awareness',
    stayInTouchDays: 30,
  })) as { id: string };
  const day = (d: number, h = 10) => new Date(Date.now() - d * 86_400_000 + h * 3_600_000).toISOString();
  const log = (body: Record<string, unknown>) =>
    apiAs(context, 'POST', '/interactions', { contactId: contact.id, ...body });
  await log({
    channel: 'web',
    direction: 'in',
    touchpoint: 'web',
    occurredAt: day(40),
    subject: 'Downloaded the 2027 catalogue',
  });
  await log({
    channel: 'email',
    direction: 'out',
    touchpoint: 'marketing',
    occurredAt: day(35),
    subject: 'Welcome e-mail with trade prices',
  });
  await log({
    channel: 'phone',
    direction: 'out',
    touchpoint: 'sales',
    occurredAt: day(21),
    subject: 'First call',
    body: '<p>Opening <strong>three new stores</strong> in Jutland next spring; wants oak dining sets.</p>',
    outcome: 'Interested',
    durationSeconds: 14 * 60,
  });
  await log({
    channel: 'meeting',
    direction: 'out',
    touchpoint: 'sales',
    occurredAt: day(9),
    subject: 'Showroom visit in Aarhus',
    outcome: 'Quote requested',
    durationSeconds: 90 * 60,
  });
  await log({
    channel: 'shop',
    direction: 'in',
    touchpoint: 'shop',
    occurredAt: day(2),
    subject: 'Bought sample chairs',
    source: 'till',
    externalId: 'R-20931',
  });
  await apiAs(context, 'POST', '/notes', {
    contactId: contact.id,
    body: `<p><span data-mention="${colleagueId}">@Lars Jørgensen</span> she prefers calls before noon; send the oak samples.</p>`,
  });
  // Tasks about her: one overdue, one today with a reminder, one for the colleague.
  const at = (d: number, h: number) => new Date(Date.now() + d * 86_400_000).setHours(h, 0, 0, 0);
  const task = (body: Record<string, unknown>) =>
    apiAs(context, 'POST', '/tasks', { contactId: contact.id, ...body });
  await task({
    title: 'Send the quote for 40 oak dining sets',
    dueAt: new Date(at(-1, 10)).toISOString(),
    priority: 'urgent',
  });
  await task({
    title: 'Confirm the delivery dates for Aarhus',
    dueAt: new Date(at(0, 16)).toISOString(),
    remindBefore: 60,
  });
  await task({
    title: 'Order oak samples',
    dueAt: new Date(at(3, 9)).toISOString(),
    assigneeId: colleagueId,
    priority: 'high',
  });
  await task({
    title: 'Plan the spring showroom event',
    contactId: null,
    companyId: company.id,
    priority: 'low',
  });
  await apiAs(context, 'PATCH', `/contacts/${contact.id}`, { lifecycleStage: 'customer' });
  // A working week in the calendar: meetings and calls around the sample customer, one of them past.
  const monday = new Date();
  monday.setUTCHours(0, 0, 0, 0);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const slot = (day: number, hour: number, minutes = 0) =>
    new Date(monday.getTime() + day * 86_400_000 + (hour * 60 + minutes) * 60_000).toISOString();
  const events: [string, string, number, number, number, number][] = [
    ['Showroom visit: oak dining sets', 'meeting', 0, 9, 0, 90],
    ['Call Sigrid about the Aarhus delivery', 'call', 0, 14, 0, 30],
    ['Quote review with purchasing', 'meeting', 1, 10, 30, 60],
    ['Weekly sales meeting', 'meeting', 2, 8, 30, 45],
    ['Supplier visit, Herning', 'meeting', 2, 13, 0, 180],
    ['Follow-up call: spring catalogue', 'call', 3, 11, 0, 30],
    ['Trade fair planning', 'other', 4, 9, 0, 120],
  ];
  for (const [title, kind, day, hour, minute, minutes] of events)
    await apiAs(context, 'POST', '/events', {
      title,
      kind,
      startsAt: slot(day, hour, minute),
      endsAt: slot(day, hour, minute + minutes),
      contactId: contact.id,
      location: kind === 'meeting' ? 'Fjordlys showroom, Aarhus' : undefined,
    });
  sample.contactId = contact.id;
  sample.companyId = company.id;

  // Forty more customers whose journeys feed the flow diagram, sent as one batch like a web shop would.
  const paths = [
    ['marketing', 'web', 'sales', 'shop'],
    ['marketing', 'sales', 'shop'],
    ['web', 'shop'],
    ['marketing', 'web', 'service'],
    ['sales', 'sales', 'shop', 'service'],
    ['web', 'marketing', 'sales'],
  ];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    const email = `journey.${i}@fjordlys.example`;
    await apiAs(context, 'POST', '/contacts', {
      firstName: ['Anna', 'Bo', 'Clara', 'Dag', 'Eva', 'Finn', 'Gry', 'Hans'][i % 8],
      lastName: ['Berg', 'Lund', 'Holm', 'Dahl', 'Krogh'][i % 5],
      emails: [{ address: email }],
      // Every third one on a 30-day stay-in-touch cadence: their last touch is weeks ago, so they are due.
      ...(i % 3 === 0
        ? {
            stayInTouchDays: 30,
            relationshipStage: (['exploration', 'commitment', 'expansion'] as const)[(i / 3) % 3],
          }
        : {}),
      ...(i % 4 === 0 ? { companyId: company.id } : {}),
    });
    paths[i % paths.length]!.forEach((touchpoint, k) => {
      items.push({
        source: 'screenshots',
        externalId: `${i}-${k}`,
        email,
        channel:
          touchpoint === 'shop'
            ? 'shop'
            : touchpoint === 'web'
              ? 'web'
              : touchpoint === 'sales'
                ? 'phone'
                : 'email',
        direction: touchpoint === 'shop' || touchpoint === 'web' ? 'in' : 'out',
        touchpoint,
        occurredAt: day(60 - k * 7 - (i % 5)),
      });
    });
  }
  await apiAs(context, 'POST', '/interactions/batch', { items });
}

/** Users, teams, keys and fields so the settings pages have something to show. */
async function seed(context: BrowserContext) {
  const team = (name: string) => apiAs(context, 'POST', '/teams', { name }) as Promise<{ id: string }>;
  const [nordic, dach, france] = [
    await team('Nordic sales'),
    await team('DACH key accounts'),
    await team('France'),
  ];
  const people: [string, string, string, string, string[]][] = [
    ['Mette Sørensen', 'mette@example.test', 'manager', 'da', [nordic.id]],
    ['Lars Jørgensen', 'lars@example.test', 'agent', 'da', [nordic.id]],
    ['Jürgen Schröder', 'juergen@example.test', 'manager', 'de', [dach.id]],
    ['Élodie Lefèvre', 'elodie@example.test', 'agent', 'fr', [france.id, nordic.id]],
    ['Vera Viewer', 'vera@example.test', 'viewer', 'en', []],
  ];
  const ids: string[] = [];
  for (const [name, email, role, language, teamIds] of people) {
    const u = (await apiAs(context, 'POST', '/users', {
      name,
      email,
      role,
      language,
      teamIds,
      password: 'correct horse battery staple',
    })) as { id: string };
    ids.push(u.id);
  }
  await apiAs(context, 'PATCH', `/users/${ids[4]}`, { active: false });
  await seedTimeline(context, ids[1]!);
  await apiAs(context, 'POST', '/api-keys', { name: 'Accounting export' });
  const old = (await apiAs(context, 'POST', '/api-keys', { name: 'Old website form' })) as { id: string };
  await apiAs(context, 'DELETE', `/api-keys/${old.id}`);
  const field = (body: Record<string, unknown>) => apiAs(context, 'POST', '/custom-fields', body);
  const tiers = ['Gold', 'Silver', 'Bronze', 'Platinum', 'Trial'].map((en, i) => ({
    value: en.toLowerCase(),
    labels: {
      en,
      fr: ['Or', 'Argent', 'Bronze', 'Platine', 'Essai'][i],
      da: ['Guld', 'Sølv', 'Bronze', 'Platin', 'Prøve'][i],
    },
  }));
  await field({
    entity: 'contact',
    key: 'customer_tier',
    type: 'select',
    labels: { en: 'Customer tier', fr: 'Niveau client', de: 'Kundenstufe', da: 'Kundeniveau' },
    options: tiers,
    required: true,
    position: 0,
  });
  await field({
    entity: 'contact',
    key: 'customer_number',
    type: 'text',
    labels: { en: 'Customer number', da: 'Kundenummer' },
    unique: true,
    position: 1,
  });
  await field({
    entity: 'contact',
    key: 'newsletter',
    type: 'boolean',
    labels: { en: 'Newsletter', fr: 'Lettre d’information', de: 'Newsletter', da: 'Nyhedsbrev' },
    position: 2,
  });
  await field({
    entity: 'company',
    key: 'annual_budget',
    type: 'money',
    labels: { en: 'Annual budget', de: 'Jahresbudget', da: 'Årligt budget' },
    position: 0,
  });
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      url: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      db: { type: 'string', default: 'pglite' },
      out: { type: 'string', default: 'tmp/screens' },
      langs: { type: 'string', default: languages.join(',') },
      themes: { type: 'string', default: 'light,dark' },
      only: { type: 'string' },
    },
  });
  if (!args.fresh && !(args.url && args.email && args.password)) {
    console.error(
      'Give --url, --email and --password of a running server, or --fresh (see the comment at the top).',
    );
    process.exit(2);
  }
  const out = path.resolve(repoRoot, args.out);
  fs.mkdirSync(out, { recursive: true });
  const langs = args.langs
    .split(',')
    .filter((l): l is UiLanguage => (languages as readonly string[]).includes(l));
  const themes = args.themes.split(',').filter((t): t is 'light' | 'dark' => t === 'light' || t === 'dark');

  let server: RunningServer | undefined;
  let who: Credentials = { email: args.email ?? '', password: args.password ?? '' };
  const browser = await launchBrowser();
  try {
    let url = args.url ?? '';
    if (args.fresh) {
      server = await startServer(args.db === 'postgres' ? 'postgres' : 'pglite');
      url = server.url;
      who = admin;
      await ensureAdmin(url);
      const { context } = await newPage(browser, url);
      await signIn(context, who);
      await seed(context);
      await context.close();
    }
    const selected = shots.filter(
      (s) => (!s.freshOnly || args.fresh) && (!args.only || s.name.includes(args.only)),
    );
    let count = 0;
    for (const lang of langs) {
      for (const theme of themes) {
        const { context, page } = await newPage(browser, url, { language: lang, colorScheme: theme });
        await page.goto('/login');
        await page.waitForLoadState('networkidle');
        if (!args.only || 'login'.includes(args.only)) {
          await page.screenshot({ path: path.join(out, `login.${lang}.${theme}.png`), fullPage: true });
          count++;
        }
        await signIn(context, who);
        for (const shot of selected) {
          await page.goto(shot.path);
          await page.waitForLoadState('networkidle');
          await shot.open?.(page, lang);
          await page.waitForTimeout(400); // let transitions finish
          await page.screenshot({
            path: path.join(out, `${shot.name}.${lang}.${theme}.png`),
            fullPage: true,
          });
          count++;
        }
        await context.close();
      }
    }
    console.log(`${count} screenshots in ${path.relative(repoRoot, out)}/`);
  } finally {
    await browser.close();
    if (server) await server.stop();
  }
}

await main();
