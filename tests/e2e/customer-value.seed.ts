import type { BrowserContext } from 'playwright-core';
import { apiAs } from './helpers.ts';

/**
 * A coffee-equipment shop's customers for the Customer value tests and screenshots: 30 contacts at 6
 * companies, two owners, about a hundred orders over 17 months — regulars who still buy, regulars who
 * stopped over a year ago (high churn risk), one-time buyers — and baskets that make "bought the machine
 * and the grinder → also bought the frother" a rule. Mette Kjær bought the machine and the grinder but
 * never the frother: she gets it as an offer. Dates are relative to now (the server's clock).
 */
export type Seeded = {
  mette: { id: string; name: string };
  lapsed: { id: string; name: string };
  frother: { id: string; name: string };
  ownerB: { id: string; name: string };
  contacts: number;
  orders: number;
};

const DAY = 86_400_000;

/** A small deterministic generator, so every run seeds the same shop. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const firstNames = [
  'Mette',
  'Lars',
  'Sophie',
  'Jonas',
  'Camille',
  'Lukas',
  'Freja',
  'Mathieu',
  'Anna',
  'Henrik',
  'Léa',
  'Felix',
  'Ida',
  'Nicolas',
  'Clara',
  'Mads',
  'Emma',
  'Tobias',
  'Julie',
  'Niklas',
  'Astrid',
  'Hugo',
  'Lena',
  'Søren',
  'Chloé',
  'Jan',
  'Karen',
  'Pierre',
  'Marie',
  'Oskar',
];
const lastNames = [
  'Kjær',
  'Nielsen',
  'Dubois',
  'Schmidt',
  'Laurent',
  'Becker',
  'Holm',
  'Moreau',
  'Weber',
  'Jørgensen',
  'Petit',
  'Wagner',
  'Madsen',
  'Lefèvre',
  'Hoffmann',
  'Christensen',
  'Roux',
  'Schulz',
  'Andersen',
  'Koch',
  'Lund',
  'Fontaine',
  'Braun',
  'Østergaard',
  'Girard',
  'Krüger',
  'Poulsen',
  'Mercier',
  'Fischer',
  'Berg',
];
const companyNames = [
  'Nørre Kaffebar ApS',
  'Café Lumière SARL',
  'Rösterei Hansen GmbH',
  'Bryggeriet Øst',
  'Le Petit Torréfacteur',
  'Kaffeehaus Weber KG',
];

type Product = { id: string; name: string; price: number };

export async function seedCustomerValue(context: BrowserContext): Promise<Seeded> {
  const rnd = prng(20_251_204);
  const me = (await apiAs(context, 'GET', '/auth/me')) as { user: { id: string } };
  const bo = (await apiAs(context, 'POST', '/users', {
    email: `bo.berg.${Date.now().toString(36)}@example.test`,
    name: 'Bo Berg',
    role: 'manager',
    password: 'correct horse battery staple',
  })) as { id: string; name: string };
  const owners = [me.user.id, bo.id];

  const product = async (sku: string, name: string, price: number, cost: number): Promise<Product> => {
    const p = (await apiAs(context, 'POST', '/products', {
      sku,
      names: { en: name },
      prices: [{ currency: 'EUR', unitPrice: price }],
      costPrice: cost,
      costCurrency: 'EUR',
    })) as { id: string };
    return { id: p.id, name, price };
  };
  const machine = await product('ESP-AAR', 'Espresso machine Aarhus', 89_900, 52_000);
  const grinder = await product('GRD-BER', 'Coffee grinder Bergen', 24_900, 13_000);
  const frother = await product('MLK-COM', 'Milk frother Como', 7_900, 3_100);
  const beans = await product('BNS-DOP', 'Espresso beans Doppio 1 kg', 2_490, 1_100);
  const descaler = await product('DSC-ECO', 'Descaler Eco', 1_290, 400);
  const tamper = await product('TMP-FJO', 'Tamper Fjord', 3_900, 1_500);

  const companies: string[] = [];
  for (const name of companyNames) {
    const c = (await apiAs(context, 'POST', '/companies', {
      name,
      ownerId: owners[companies.length % 2],
    })) as {
      id: string;
    };
    companies.push(c.id);
  }

  let orders = 0;
  const order = async (
    contactId: string,
    companyId: string | null,
    daysAgo: number,
    lines: [Product, number][],
    discountPercent?: string,
  ) => {
    await apiAs(context, 'POST', '/orders', {
      contactId,
      companyId,
      currency: 'EUR',
      channel: 'web',
      orderedAt: new Date(Date.now() - daysAgo * DAY - 3_600_000).toISOString(),
      lines: lines.map(([p, qty]) => ({
        productId: p.id,
        description: p.name,
        quantity: String(qty),
        unitPrice: p.price,
        taxRate: '25',
        ...(discountPercent ? { discountPercent } : {}),
      })),
    });
    orders++;
  };

  const contact = async (i: number) => {
    const companyId = i % 5 === 4 ? null : (companies[i % companies.length] ?? null);
    const c = (await apiAs(context, 'POST', '/contacts', {
      firstName: firstNames[i],
      lastName: lastNames[i],
      companyId,
      ownerId: owners[i % 2],
      lifecycleStage: 'customer',
      emails: [
        {
          address: `${firstNames[i]}.${lastNames[i]}@example.test`
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^\x20-\x7e]/g, ''),
        },
      ],
    })) as { id: string };
    return { id: c.id, name: `${firstNames[i]} ${lastNames[i]}`, companyId };
  };

  // 0: Mette — machine and grinder, then beans: active, and the frother is her offer.
  const mette = await contact(0);
  await order(mette.id, mette.companyId, 210, [
    [machine, 1],
    [grinder, 1],
  ]);
  await order(mette.id, mette.companyId, 150, [[beans, 3]]);
  await order(mette.id, mette.companyId, 90, [
    [beans, 2],
    [descaler, 1],
  ]);
  await order(mette.id, mette.companyId, 40, [[beans, 4]]);
  await order(mette.id, mette.companyId, 12, [
    [beans, 2],
    [tamper, 1],
  ]);

  // 1–12: regulars who still buy — a set-up first, then beans every so often, the last one recent.
  for (let i = 1; i <= 12; i++) {
    const c = await contact(i);
    const n = 3 + Math.floor(rnd() * 4);
    const first = 200 + Math.floor(rnd() * 150);
    const last = 4 + Math.floor(rnd() * 30);
    for (let k = 0; k < n; k++) {
      const daysAgo = Math.round(first - ((first - last) * k) / (n - 1));
      const lines: [Product, number][] =
        k === 0
          ? [
              [machine, 1],
              [grinder, 1],
              [frother, 1],
            ]
          : rnd() < 0.3
            ? [
                [beans, 2 + Math.floor(rnd() * 4)],
                [descaler, 1],
              ]
            : [[beans, 2 + Math.floor(rnd() * 6)]];
      await order(c.id, c.companyId, daysAgo, lines, k === 0 && i % 3 === 0 ? '10' : undefined);
    }
  }

  // 13–20: regulars who stopped — several orders in two months well over a year ago.
  let lapsed = { id: '', name: '' };
  for (let i = 13; i <= 20; i++) {
    const c = await contact(i);
    if (i === 13) lapsed = { id: c.id, name: c.name };
    const n = 3 + Math.floor(rnd() * 3);
    const first = 480 + Math.floor(rnd() * 40);
    for (let k = 0; k < n; k++) {
      const daysAgo = first - Math.round((60 * k) / (n - 1));
      const lines: [Product, number][] =
        k === 0
          ? [
              [machine, 1],
              [grinder, 1],
              [frother, 1],
            ]
          : [[beans, 3 + Math.floor(rnd() * 5)]];
      await order(c.id, c.companyId, daysAgo, lines);
    }
  }

  // 21–29: one purchase each, at any time in the last 13 months.
  for (let i = 21; i <= 29; i++) {
    const c = await contact(i);
    const lines: [Product, number][] =
      i % 3 === 0
        ? [
            [beans, 2],
            [tamper, 1],
          ]
        : i % 3 === 1
          ? [[grinder, 1]]
          : [[beans, 1 + Math.floor(rnd() * 3)]];
    await order(c.id, c.companyId, 10 + Math.floor(rnd() * 380), lines);
  }

  return {
    mette,
    lapsed,
    frother: { id: frother.id, name: frother.name },
    ownerB: { id: bo.id, name: 'Bo Berg' },
    contacts: 30,
    orders,
  };
}

/** Queues a scoring run (or joins the one running) and waits until it is done; returns the run. */
export async function runScoring(context: BrowserContext, timeoutMs = 120_000) {
  type Run = { id: string; status: string; error: string | null; subjects: unknown };
  let run: Run;
  try {
    run = (await apiAs(context, 'POST', '/analytics/runs')) as Run;
  } catch (err) {
    if (!String(err).includes('409')) throw err;
    run = ((await apiAs(context, 'GET', '/analytics/runs/latest')) as { run: Run }).run;
  }
  const deadline = Date.now() + timeoutMs;
  while (run.status === 'queued' || run.status === 'running') {
    if (Date.now() > deadline) throw new Error(`the scoring run did not finish: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 500));
    run = (await apiAs(context, 'GET', `/analytics/runs/${run.id}`)) as Run;
  }
  if (run.status !== 'done') throw new Error(`the scoring run failed: ${JSON.stringify(run)}`);
  return run;
}
