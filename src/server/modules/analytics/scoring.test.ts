import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { CustomerScoreResponse, CustomerValueDto, ScoringRunDto } from '../../../shared/analytics.ts';
import { rowsOf } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { drainJobs } from '../jobs/index.ts';
import { bgnbdProbabilityAlive, fitBgNbd } from './bgnbd.ts';
import { nightlyWindowStart, scoringJob, scoringSweep } from './scoring.queue.ts';
import { summarize, toColumns } from './summary.ts';

const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so every database sees the same customers. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('nightly window', () => {
  it('starts at 02:00 UTC today, or yesterday before 02:00', () => {
    expect(nightlyWindowStart(new Date('2026-12-04T10:00:00Z')).toISOString()).toBe(
      '2026-12-04T02:00:00.000Z',
    );
    expect(nightlyWindowStart(new Date('2026-12-04T01:59:00Z')).toISOString()).toBe(
      '2026-12-03T02:00:00.000Z',
    );
  });
});

describeEachDb('customer scoring', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let manager: TestUser;
  let agent: TestUser;
  let seq = 0;
  const now = Date.now();
  const products: Record<string, string> = {};

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    manager = await makeUser(getDb(), 'manager', { name: 'Mette Manager' });
    agent = await makeUser(getDb(), 'agent', { name: 'Anders Agent' });
  });

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await getDb().db.execute(query));
  const drain = () => drainJobs(getDb(), testConfig(), silentLog, [scoringJob]);
  /** Queues a run as the manager (202), runs it, and answers it as the page polls it. */
  const score = async () => {
    const res = await req(manager, 'POST', '/analytics/runs');
    expect(res.statusCode, res.body).toBe(202);
    const run = res.json() as ScoringRunDto;
    expect(run).toMatchObject({ status: 'queued', trigger: 'manual' });
    await drain();
    const done = await req(agent, 'GET', `/analytics/runs/${run.id}`);
    expect(done.json()).toMatchObject({ status: 'done' });
    return done.json() as ScoringRunDto;
  };
  const scoresOf = async (id: string, subject = 'contacts') => {
    const res = await req(agent, 'GET', `/${subject}/${id}/scores`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CustomerScoreResponse;
  };

  const contact = async (name: string, ownerId: string | null = agent.id) => {
    const [row] = await q<{ id: string }>(sql`insert into contacts (first_name, last_name, owner_id)
      values (${name}, 'Kunde', ${ownerId}) returning id::text as id`);
    return row!.id;
  };
  const product = async (sku: string, name: string) => {
    const [row] = await q<{ id: string }>(sql`insert into products (sku, names)
      values (${sku}, ${JSON.stringify({ en: name, da: `${name} (da)` })}::jsonb) returning id::text as id`);
    products[sku] = row!.id;
    return row!.id;
  };
  type Line = { sku: string; qty: number; price: number; discount?: number; cost?: number | null };
  /** An order of `lines` `daysAgo` days ago (net = qty × price − discount; cost per unit). */
  const order = async (
    who: { contactId?: string | null; companyId?: string | null },
    daysAgo: number,
    lines: Line[],
    opts: { status?: string; currency?: string } = {},
  ) => {
    const nets = lines.map((l) => l.qty * l.price - (l.discount ?? 0));
    const net = nets.reduce((s, v) => s + v, 0);
    const cost = lines.reduce((s, l) => s + l.qty * (l.cost ?? 0), 0);
    const [o] = await q<{ id: string }>(sql`insert into orders
        (number, status, contact_id, company_id, currency, ordered_at, net, tax, gross, cost)
      values (${`T-${++seq}`}, ${opts.status ?? 'confirmed'}, ${who.contactId ?? null}, ${who.companyId ?? null},
        ${opts.currency ?? 'EUR'}, ${new Date(now - daysAgo * DAY).toISOString()}, ${net}, 0, ${net}, ${cost})
      returning id::text as id`);
    for (const [i, l] of lines.entries()) {
      await q(sql`insert into order_lines (order_id, position, product_id, sku, description, quantity, unit_price,
          discount_amount, tax_rate, net, unit_cost)
        values (${o!.id}, ${i}, ${products[l.sku] ?? null}, ${l.sku}, ${l.sku}, ${l.qty}, ${l.price},
          ${l.discount ?? null}, 0, ${nets[i]!}, ${l.cost === undefined ? 100 : l.cost})`);
    }
    return o!.id;
  };

  it('before any order: a run succeeds with nothing to score, and the dashboard is empty, not NaN', async () => {
    const latest = await req(agent, 'GET', '/analytics/runs/latest');
    expect(latest.json()).toEqual({ run: null });
    const run = await score();
    expect(run.subjects.map((s) => [s.subjectType, s.customers, s.bgnbd])).toEqual([
      ['contact', 0, null],
      ['company', 0, null],
    ]);
    expect(run.subjects[0]!.unfitted).toBeTruthy();
    const dash = await req(agent, 'GET', '/analytics/customer-value');
    expect(dash.statusCode, dash.body).toBe(200);
    const d = dash.json() as CustomerValueDto;
    expect(d.totals).toEqual({ customers: 0, clv12: 0, atRisk: 0, atRiskClv12: 0, revenue: 0, profit: 0 });
    expect(d.concentration).toEqual([]);
    expect(d.clvDistribution).toEqual([]);
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
  });

  it('with one customer: RFM and profitability, no predictions (a model needs 2 customers), never NaN', async () => {
    await product('A', 'Espresso beans');
    await product('B', 'Milk frother');
    await product('C', 'Descaler');
    await product('D', 'Grinder');
    const solo = await contact('Solo');
    await order({ contactId: solo }, 30, [{ sku: 'A', qty: 2, price: 1500 }]);
    await order({ contactId: solo }, 10, [{ sku: 'A', qty: 1, price: 1500 }]);
    const run = await score();
    expect(run.subjects[0]).toMatchObject({ customers: 1, bgnbd: null, gammaGamma: null });
    expect(run.subjects[0]!.unfitted).toMatch(/at least 2 customers/);
    const { score: s } = await scoresOf(solo);
    expect(s).toMatchObject({
      purchases: 2,
      frequency: 1,
      pAlive: null,
      clv12: null,
      churnBand: null,
      averageValue: 2250,
      profitability: { revenue: 4500, listRevenue: 4500, discounts: 0, costOfGoods: 300, profit: 4200 },
    });
    expect(s!.rfm.segment).toBeTruthy();
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  let drifting: string;
  let beansOnly: string;
  const history: { id: string; date: string; amount: number }[] = [];

  it('scores every customer: the fitted BG/NBD equals the library on the same purchase log, per customer', async () => {
    const random = rng(7);
    const catalogue = ['A', 'B', 'C', 'D'];
    const owners = [agent.id, manager.id, null];
    for (let i = 0; i < 60; i++) {
      const id = await contact(`Kunde${i}`, owners[i % 3]!);
      const orders = 1 + Math.floor(random() * 6);
      let day = 20 + Math.floor(random() * 400);
      for (let k = 0; k < orders && day > 0; k++) {
        // Espresso beans come with a frother in most baskets (the rule the offers should find).
        const first = catalogue[Math.floor(random() * 4)]!;
        const basket = first === 'A' && random() < 0.8 ? ['A', 'B'] : [first];
        const lines = basket.map((sku) => ({ sku, qty: 1, price: 1000 + Math.floor(random() * 9000) }));
        await order({ contactId: id }, day, lines);
        const date = new Date(now - day * DAY).toISOString().slice(0, 10);
        history.push({ id, date, amount: lines.reduce((s, l) => s + l.price, 0) });
        day -= 7 + Math.floor(random() * 60);
      }
    }
    // A valuable regular who stopped buying half a year ago.
    drifting = await contact('Drifting');
    for (let k = 0; k < 8; k++) {
      await order({ contactId: drifting }, 400 - k * 30, [{ sku: 'D', qty: 2, price: 40_000 }]);
      history.push({
        id: drifting,
        date: new Date(now - (400 - k * 30) * DAY).toISOString().slice(0, 10),
        amount: 80_000,
      });
    }
    // Someone who only ever bought beans: the rules say a frother comes next.
    beansOnly = await contact('Beans');
    await order({ contactId: beansOnly }, 15, [{ sku: 'A', qty: 1, price: 1500 }]);
    history.push({ id: beansOnly, date: new Date(now - 15 * DAY).toISOString().slice(0, 10), amount: 1500 });

    const run = await score();
    const contacts = run.subjects.find((s) => s.subjectType === 'contact')!;
    expect(contacts.customers).toBe(63);
    expect(contacts.bgnbd).not.toBeNull();
    expect(contacts.rules).toBeGreaterThan(0);

    // The same purchase log through the library's own summary and fit (Solo's orders included).
    const solo = await q<{ id: string }>(sql`select id::text as id from contacts where first_name = 'Solo'`);
    const today = new Date(now).toISOString().slice(0, 10);
    const log = [
      ...history,
      { id: solo[0]!.id, date: new Date(now - 30 * DAY).toISOString().slice(0, 10), amount: 3000 },
      { id: solo[0]!.id, date: new Date(now - 10 * DAY).toISOString().slice(0, 10), amount: 1500 },
    ];
    const summary = summarize(log, { unit: 'weeks', calibrationEnd: today });
    const fit = fitBgNbd(toColumns(summary));
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(contacts.bgnbd!.params[k]).toBeCloseTo(fit.params[k], 4);
    }
    const d = summary.find((s) => s.id === drifting)!;
    const { score: s } = await scoresOf(drifting);
    expect(s!.frequency).toBe(d.frequency);
    expect(s!.recencyWeeks).toBeCloseTo(d.recency, 6);
    expect(s!.ageWeeks).toBeCloseTo(d.T, 6);
    expect(s!.pAlive!).toBeCloseTo(bgnbdProbabilityAlive(fit.params, d.frequency, d.recency, d.T), 4);
    expect(s!.churnBand).toBe(s!.pAlive! < 0.5 ? 'high' : s!.pAlive! < 0.75 ? 'medium' : 'low');
    expect(s!.clv12!).toBeGreaterThan(0);
    expect(s!.clv24!).toBeGreaterThan(s!.clv12!);
    expect(s!.clv36!).toBeGreaterThan(s!.clv24!);
    expect(s!.modelVersion).toMatch(/bgnbd/);
    expect(s!.runId).toBe(run.id);
  });

  it('offers a customer what the rules of the baskets say comes next, with the reason, never what they own', async () => {
    const { score: s } = await scoresOf(beansOnly);
    expect(s!.nextBestOffers.length).toBeGreaterThan(0);
    const first = s!.nextBestOffers[0]!;
    expect(first).toMatchObject({ productId: products.B, name: 'Milk frother', kind: 'rule' });
    expect(first.because).toEqual([{ productId: products.A, name: 'Espresso beans' }]);
    expect(first.confidence).toBeGreaterThan(0.5);
    expect(s!.nextBestOffers.map((o) => o.productId)).not.toContain(products.A);
    // An archived product is no longer offered.
    await q(sql`update products set archived_at = now() where id = ${products.B}`);
    expect((await scoresOf(beansOnly)).score!.nextBestOffers.map((o) => o.productId)).not.toContain(
      products.B,
    );
    await q(sql`update products set archived_at = null where id = ${products.B}`);
  });

  it('profitability: list revenue − discounts = revenue; − cost of goods − cost to serve per interaction = profit', async () => {
    const p = await contact('Profit');
    await order({ contactId: p }, 40, [
      { sku: 'A', qty: 3, price: 2000, discount: 600, cost: 700 },
      { sku: 'C', qty: 1, price: 5000, cost: null },
    ]);
    await order({ contactId: p }, 20, [{ sku: 'D', qty: 1, price: 10_000, cost: 4000 }]);
    // Cancelled orders and orders in another currency do not count.
    await order({ contactId: p }, 10, [{ sku: 'D', qty: 5, price: 10_000 }], { status: 'cancelled' });
    await order({ contactId: p }, 10, [{ sku: 'D', qty: 5, price: 10_000 }], { currency: 'DKK' });
    for (let i = 0; i < 3; i++)
      await q(sql`insert into interactions (channel, direction, occurred_at, contact_id)
        values ('phone', 'inbound', now(), ${p})`);
    await req(admin, 'PUT', '/analytics/settings', { costPerInteraction: 250 });
    const run = await score();
    expect(run.otherCurrencyOrders).toBe(1);
    const { score: s } = await scoresOf(p);
    expect(s!.profitability).toEqual({
      listRevenue: 6000 + 5000 + 10_000,
      discounts: 600,
      revenue: 5400 + 5000 + 10_000,
      costOfGoods: 2100 + 0 + 4000,
      interactions: 3,
      costToServe: 750,
      profit: 20_400 - 6100 - 750,
    });
    expect(s!.purchases).toBe(2);
  });

  it('lists filter and sort contacts on their scores ("at risk and CLV > x"), keyset-paged', async () => {
    const all = await q<{ id: string; clv12: string | null; churn_band: string | null }>(
      sql`select contact_id::text as id, clv12::text, churn_band from contact_scores`,
    );
    const threshold = 2000;
    const expected = all
      .filter((r) => r.churn_band === 'high' && Number(r.clv12) > threshold)
      .map((r) => r.id)
      .sort();
    const res = await req(
      agent,
      'GET',
      `/contacts?score.churnBand=high&score.clv12[gt]=${threshold}&limit=200`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().data as { id: string }[]).map((c) => c.id).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);

    // Sorted by CLV, most first, in pages of 7: the same order as the table.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await req(
        agent,
        'GET',
        `/contacts?sort=-score.clv12&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...(page.json().data as { id: string }[]).map((c) => c.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    const clvOf = new Map(all.map((r) => [r.id, r.clv12 === null ? null : Number(r.clv12)]));
    const ranked = seen.map((id) => clvOf.get(id) ?? null).filter((v) => v !== null);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);

    const bad = await req(agent, 'GET', '/contacts?score.churnBand=dreadful');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.filter.score.churnBand');
    // Not-equal also matches customers without scores (contacts without orders).
    const none = await contact('No orders');
    const neq = await req(agent, 'GET', '/contacts?score.churnBand[neq]=high&limit=200');
    expect((neq.json().data as { id: string }[]).map((c) => c.id)).toContain(none);
  });

  it('the list columns read the summary of many customers in one request', async () => {
    const none = await contact('Unscored');
    const res = await req(
      agent,
      'GET',
      `/analytics/scores?subject=contact&ids=${drifting},${none},${drifting}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().data as { subjectId: string; churnBand: string | null; clv12: number | null }[];
    expect(rows.map((r) => r.subjectId)).toEqual([drifting]);
    const [stored] = await q<{ band: string; clv12: string }>(
      sql`select churn_band as band, clv12::text from contact_scores where contact_id = ${drifting}`,
    );
    expect(rows[0]).toMatchObject({ churnBand: stored!.band, clv12: Number(stored!.clv12) });
    expect((await req(agent, 'GET', '/analytics/scores?subject=contact&ids=nope')).statusCode).toBe(400);
    const tooMany = Array.from({ length: 201 }, () => drifting).join(',');
    expect((await req(agent, 'GET', `/analytics/scores?subject=contact&ids=${tooMany}`)).statusCode).toBe(
      400,
    );
  });

  it('the dashboard adds up: totals, histogram, grid, segments, owners at risk, concentration to (1, 1)', async () => {
    const res = await req(agent, 'GET', '/analytics/customer-value?subject=contact');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as CustomerValueDto;
    const [t] = await q<{ n: number; clv: string; risk: number }>(sql`select count(*)::int as n,
      coalesce(sum(clv12), 0)::text as clv, (count(*) filter (where churn_band = 'high'))::int as risk from contact_scores`);
    expect(d.totals.customers).toBe(t!.n);
    expect(d.totals.clv12).toBe(Number(t!.clv));
    expect(d.totals.atRisk).toBe(t!.risk);
    expect(d.clvDistribution.reduce((s, b) => s + b.customers, 0)).toBe(t!.n);
    expect(d.rfmGrid.reduce((s, c) => s + c.customers, 0)).toBe(t!.n);
    expect(d.segments.reduce((s, c) => s + c.customers, 0)).toBe(t!.n);
    expect(d.atRiskByOwner.reduce((s, o) => s + o.customers, 0)).toBe(t!.risk);
    expect(d.atRiskByOwner.find((o) => o.ownerId === manager.id)?.ownerName ?? 'Mette Manager').toBe(
      'Mette Manager',
    );
    expect(d.concentration[0]).toEqual({ customers: 0, revenue: 0 });
    const last = d.concentration.at(-1)!;
    expect(last.customers).toBeCloseTo(1, 9);
    expect(last.revenue).toBeCloseTo(1, 9);
    for (let i = 1; i < d.concentration.length; i++) {
      expect(d.concentration[i]!.revenue).toBeGreaterThanOrEqual(d.concentration[i - 1]!.revenue);
    }
    // Sorted most first, the curve lies on or above the diagonal.
    expect(d.concentration.every((p) => p.revenue >= p.customers - 1e-9)).toBe(true);
    expect(d.run?.status).toBe('done');
    const companies = await req(agent, 'GET', '/analytics/customer-value?subject=company');
    expect(companies.json().totals.customers).toBe(0);
    // It is the run's: computed once when the run wrote the scores, not again at each request.
    await q(sql`update contact_scores set clv12 = clv12 + 100`);
    const again = (await req(agent, 'GET', '/analytics/customer-value')).json() as CustomerValueDto;
    expect(again.totals.clv12).toBe(d.totals.clv12);
  });

  it('alerts the owner once when a valuable customer’s P(alive) drops below the threshold', async () => {
    // Make the last run's P(alive) of every valuable customer look healthy, so this run sees the drop.
    await req(admin, 'PUT', '/analytics/settings', { valuableClv: 1000, churnThreshold: 0.5 });
    await q(sql`update contact_scores set p_alive = 0.99`);
    const run = await score();
    const dropped = await q<{ id: string; owner: string | null }>(sql`select s.contact_id::text as id,
      c.owner_id::text as owner from contact_scores s join contacts c on c.id = s.contact_id
      where s.p_alive < 0.5 and s.clv12 >= 1000`);
    const expected = dropped.filter((d) => d.owner).length;
    expect(expected).toBeGreaterThan(0);
    expect(run.alerts).toBe(expected);
    const mine = await req(agent, 'GET', '/notifications?limit=100');
    const alerts = (mine.json().data as { kind: string; linkId: string; linkType: string }[]).filter(
      (n) => n.kind === 'churn_risk',
    );
    expect(alerts.length).toBe(dropped.filter((d) => d.owner === agent.id).length);
    expect(alerts.every((a) => a.linkType === 'contact')).toBe(true);
    // The next run sees them already below: no new alert.
    const again = await score();
    expect(again.alerts).toBe(0);
  });

  it('companies are scored from their orders, apart from contacts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [c] = await q<{ id: string }>(sql`insert into companies (name) values (${`Firma ${i}`})
        returning id::text as id`);
      ids.push(c!.id);
      for (let k = 0; k <= i; k++)
        await order({ companyId: c!.id }, 200 - k * 35, [{ sku: 'C', qty: 1, price: 9000 }]);
    }
    const run = await score();
    expect(run.subjects.find((s) => s.subjectType === 'company')).toMatchObject({ customers: 5 });
    const { score: s } = await scoresOf(ids[4]!, 'companies');
    expect(s).toMatchObject({ subjectType: 'company', purchases: 5, profitability: { revenue: 45_000 } });
  });

  it('drops the scores of a customer whose orders are gone, and answers 404 for a customer that does not exist', async () => {
    await q(sql`update orders set deleted_at = now() where contact_id = ${beansOnly}`);
    await score();
    expect((await scoresOf(beansOnly)).score).toBeNull();
    const missing = await req(agent, 'GET', '/contacts/00000000-0000-4000-8000-000000000000/scores');
    expect(missing.statusCode).toBe(404);
  });

  it('runs: one at a time (409), managers start them, admins change the settings, bad settings are refused per field', async () => {
    const first = await req(manager, 'POST', '/analytics/runs');
    expect(first.statusCode).toBe(202);
    const second = await req(manager, 'POST', '/analytics/runs');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'run_running', runId: first.json().id });
    await drain();
    expect((await req(agent, 'POST', '/analytics/runs')).statusCode).toBe(403);
    expect((await req(manager, 'PUT', '/analytics/settings', { churnThreshold: 0.4 })).statusCode).toBe(403);
    const bad = await req(admin, 'PUT', '/analytics/settings', { churnThreshold: 2, costPerInteraction: -1 });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect((bad.json().errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'churnThreshold',
      'costPerInteraction',
    ]);
    const unknown = await req(admin, 'PUT', '/analytics/settings', { surprise: 1 });
    expect(unknown.statusCode).toBe(400);
    const ok = await req(admin, 'PUT', '/analytics/settings', { churnThreshold: 0.3, marginRate: 0.4 });
    expect(ok.json()).toMatchObject({ churnThreshold: 0.3, marginRate: 0.4 });
    expect((await req(agent, 'GET', '/analytics/settings')).json()).toMatchObject({ churnThreshold: 0.3 });
  });

  it('the nightly sweep queues one run per night window', async () => {
    const ctx = systemCtx(getDb(), testConfig(), silentLog);
    await q(sql`delete from analytics_runs`);
    expect(await scoringSweep.run(ctx)).toBe(1);
    expect(await scoringSweep.run(ctx)).toBe(0);
    await drain();
    expect(await scoringSweep.run(ctx)).toBe(0);
    const [latest] = await q<{ trigger: string; status: string }>(
      sql`select trigger, status from analytics_runs order by created_at desc limit 1`,
    );
    expect(latest).toEqual({ trigger: 'nightly', status: 'done' });
  });
});
