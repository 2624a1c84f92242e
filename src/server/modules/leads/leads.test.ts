import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem, nextIp } from '../../../../tests/helpers/http.ts';
import { startSmtp } from '../../../../tests/helpers/smtp.ts';
import type { LeadDto, LeadFormDto } from '../../../shared/leads.ts';
import { MovableClock } from '../../clock.ts';
import { systemCtx } from '../../http/context.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { deals } from '../deals/deals.schema.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { consents, leadProfiles } from './leads.schema.ts';
import { leadScoringSweep } from './leads.sweep.ts';

const T0 = new Date('2026-11-23T09:00:00Z');

describeEachDb('leads: web-to-lead forms, scoring, assignment, qualification', (getDb, kind) => {
  const clock = new MovableClock();
  clock.set(T0);
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });
  const app = useApp(getDb, {
    clock,
    publicUrl: 'https://crm.example.test',
    mail: { smtpUrl: null, from: 'Rapport <crm@example.test>' },
  });
  let manager: TestUser;
  let agent: TestUser;
  let dkSeller: TestUser;
  let rr1: TestUser;
  let rr2: TestUser;
  let form: LeadFormDto;

  const req = (user: TestUser | null, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...(user?.auth ?? {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = <T>(res: { statusCode: number; body: string; json: () => T }, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  /** A token from the form page, then the clock moves on by `afterMs` before the submission. */
  const tokenThen = async (publicKey: string, afterMs = 5000) => {
    const { token } = ok<{ token: string }>(await req(null, 'GET', `/public/lead-forms/${publicKey}`));
    clock.advance(afterMs);
    return token;
  };
  const submit = async (payload: Record<string, unknown>, opts: { ip?: string; key?: string } = {}) => {
    const key = opts.key ?? form.publicKey;
    const _ts = await tokenThen(key);
    return app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${key}/submit`,
      remoteAddress: opts.ip ?? nextIp(),
      payload: { _ts, ...payload },
    });
  };
  const contactsByEmail = (email: string) =>
    getDb()
      .db.select()
      .from(contacts)
      .where(sql`${contacts.emailKeys} && ${sql.param([email.toLowerCase()])}::text[]`);

  beforeAll(async () => {
    manager = await makeUser(getDb(), 'manager', { name: 'Margrethe Møller' });
    agent = await makeUser(getDb(), 'agent', { name: 'Åse Agent' });
    dkSeller = await makeUser(getDb(), 'agent', { name: 'Søren Dansk' });
    rr1 = await makeUser(getDb(), 'agent', { name: 'Renée Un' });
    rr2 = await makeUser(getDb(), 'agent', { name: 'Jürgen Zwei' });
    form = ok<LeadFormDto>(
      await req(manager, 'POST', '/lead-forms', {
        name: 'Demo request',
        fields: ['firstName', 'lastName', 'company', 'jobTitle', 'country', 'message', 'phone'],
        tags: ['webinar'],
        source: 'web_form',
        campaign: 'Spring 2026',
        askConsent: true,
        consentText: {
          en: 'Send me news about Rapport.',
          da: 'Send mig nyheder om Rapport.',
          fr: 'Envoyez-moi des nouvelles de Rapport.',
        },
      }),
      201,
    );
    ok(
      await req(manager, 'POST', '/lead-assignment/rules', {
        name: 'Denmark',
        kind: 'territory',
        countries: ['DK'],
        userIds: [dkSeller.id],
        position: 1,
      }),
      201,
    );
  });

  it('creates forms with a random public key; only managers may, agents get 403', async () => {
    expect(form.publicKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(form.fields[0]).toBe('email');
    expect(form.submitUrl).toBe(`https://crm.example.test/api/v1/public/lead-forms/${form.publicKey}`);
    expectProblem(await req(agent, 'POST', '/lead-forms', { name: 'x' }), 403, 'forbidden');
    const bad = await req(manager, 'POST', '/lead-forms', { name: '', fields: ['shoeSize'] });
    expectProblem(bad, 400);
    expect(errorPaths(bad)).toEqual(expect.arrayContaining(['name', 'fields.0']));
    const noText = await req(manager, 'POST', '/lead-forms', { name: 'x', askConsent: true });
    expect(errorPaths(noText)).toContain('consentText');
  });

  it('gives the embeddable HTML: a plain form posting to the public endpoint, a honeypot, escaped texts', async () => {
    const { html } = ok<{ html: string }>(await req(manager, 'GET', `/lead-forms/${form.id}/snippet`));
    expect(html).toContain(`action="https://crm.example.test/api/v1/public/lead-forms/${form.publicKey}"`);
    expect(html).toContain('method="post"');
    expect(html).toContain('name="website"');
    expect(html).toContain('name="_ts"');
    expect(html).toContain('name="email" type="email"');
    expect(html).toContain('Send me news about Rapport.');
    const evil = ok<LeadFormDto>(
      await req(manager, 'POST', '/lead-forms', {
        name: 'x',
        askConsent: true,
        consentText: { en: '<script>alert(1)</script>' },
      }),
      201,
    );
    const snippet = ok<{ html: string }>(await req(manager, 'GET', `/lead-forms/${evil.id}/snippet`)).html;
    expect(snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a public submission creates a lead with its owner by territory, a web interaction and its profile', async () => {
    const res = await submit({
      email: 'Mette.Kjaer@Noerre-Cykler.dk',
      firstName: 'Mette',
      lastName: 'Kjær',
      company: 'Nørre Cykler ApS',
      jobTitle: 'Indkøbschef',
      country: 'dk',
      message: 'Vi vil gerne se en demo <b>snart</b>',
      language: 'da',
    });
    expect(ok<{ message: string }>(res).message).toBe(
      'Tak — vi har modtaget din besked og vender snart tilbage.',
    );
    const [c] = await contactsByEmail('mette.kjaer@noerre-cykler.dk');
    expect(c).toMatchObject({
      firstName: 'Mette',
      lifecycleStage: 'lead',
      ownerId: dkSeller.id,
      source: 'web_form',
      tags: ['webinar'],
      language: 'da',
    });
    const [profile] = await getDb().db.select().from(leadProfiles).where(eq(leadProfiles.contactId, c!.id));
    expect(profile).toMatchObject({
      campaign: 'Spring 2026',
      companyName: 'Nørre Cykler ApS',
      submissions: 1,
    });
    const logged = await getDb().db.select().from(interactions).where(eq(interactions.contactId, c!.id));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ channel: 'web', direction: 'in', touchpoint: 'marketing' });
    expect(logged[0]!.body).toContain('&lt;b&gt;snart&lt;/b&gt;');
    const lead = ok<LeadDto>(await req(agent, 'GET', `/leads/${c!.id}`));
    expect(lead).toMatchObject({
      ownerName: 'Søren Dansk',
      companyName: 'Nørre Cykler ApS',
      consent: 'none',
    });
  });

  it('stores nothing for a filled honeypot or a submission faster than 2 s, and answers the same', async () => {
    const honey = await submit({ email: 'bot1@spam.example', website: 'http://spam.example' });
    expect(ok<{ status: string }>(honey).status).toBe('ok');
    const token = (await req(null, 'GET', `/public/lead-forms/${form.publicKey}`)).json().token;
    clock.advance(1500);
    const fast = await app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${form.publicKey}/submit`,
      remoteAddress: nextIp(),
      payload: { email: 'bot2@spam.example', _ts: token },
    });
    expect(ok<{ status: string }>(fast).status).toBe('ok');
    const forged = await app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${form.publicKey}/submit`,
      remoteAddress: nextIp(),
      payload: { email: 'bot3@spam.example', _ts: `${T0.getTime()}.${'A'.repeat(32)}` },
    });
    expect(forged.statusCode).toBe(200);
    for (const e of ['bot1@spam.example', 'bot2@spam.example', 'bot3@spam.example'])
      expect(await contactsByEmail(e)).toHaveLength(0);
  });

  it('rate-limits submissions per address: 429 after 10 a minute', async () => {
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(
        (
          await app().inject({
            method: 'POST',
            url: `/api/v1/public/lead-forms/${form.publicKey}/submit`,
            remoteAddress: ip,
            payload: { email: `rl${i}@spam.example`, website: 'x' },
          })
        ).statusCode,
      );
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('a second submission with a known address completes that contact instead of creating another', async () => {
    ok(await submit({ email: 'lars.holm@vestas-demo.dk', firstName: 'Lars' }));
    ok(
      await submit({
        email: 'LARS.HOLM@vestas-demo.dk',
        firstName: 'Someone else',
        lastName: 'Holm',
        phone: '+45 20 30 40 50',
      }),
    );
    const found = await contactsByEmail('lars.holm@vestas-demo.dk');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ firstName: 'Lars', lastName: 'Holm' });
    expect(found[0]!.phones).toEqual([{ number: '+45 20 30 40 50', label: 'work' }]);
    const [profile] = await getDb()
      .db.select()
      .from(leadProfiles)
      .where(eq(leadProfiles.contactId, found[0]!.id));
    expect(profile!.submissions).toBe(2);
    const logged = await getDb()
      .db.select()
      .from(interactions)
      .where(eq(interactions.contactId, found[0]!.id));
    expect(logged).toHaveLength(2);
  });

  it('the HTML endpoint takes a form post: thank-you page, or 303 to the redirect address; errors name fields', async () => {
    const _ts = await tokenThen(form.publicKey);
    const page = await app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${form.publicKey}`,
      remoteAddress: nextIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr-FR,fr;q=0.9' },
      payload: new URLSearchParams({
        email: 'elodie@lyon-velo.fr',
        firstName: 'Élodie',
        _ts,
        website: '',
      }).toString(),
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Merci — nous avons bien reçu votre message');
    expect(await contactsByEmail('elodie@lyon-velo.fr')).toHaveLength(1);
    ok(
      await req(manager, 'PATCH', `/lead-forms/${form.id}`, {
        redirectUrl: 'https://www.example.test/merci',
      }),
    );
    const _ts2 = await tokenThen(form.publicKey);
    const redirect = await app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${form.publicKey}`,
      remoteAddress: nextIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=jonas%40example.de&_ts=${encodeURIComponent(_ts2)}`,
    });
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe('https://www.example.test/merci');
    ok(await req(manager, 'PATCH', `/lead-forms/${form.id}`, { redirectUrl: null }));
    const bad = await app().inject({
      method: 'POST',
      url: `/api/v1/public/lead-forms/${form.publicKey}`,
      remoteAddress: nextIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=not-an-address',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('email: Not a valid e-mail address');
    const unknown = await app().inject({
      method: 'POST',
      url: '/api/v1/public/lead-forms/no-such-form-key/submit',
      remoteAddress: nextIp(),
      payload: { email: 'a@b.example' },
    });
    expectProblem(unknown, 404);
  });

  it('round-robin gives concurrent leads distinct turns (the pointer moves under a row lock)', async () => {
    const rule = ok<{ id: string }>(
      await req(manager, 'POST', '/lead-assignment/rules', {
        name: 'Everyone else',
        kind: 'round_robin',
        userIds: [rr1.id, rr2.id],
        position: 2,
      }),
      201,
    );
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        req(manager, 'POST', '/leads', { email: `rr${i}@firma-${i}.de`, lastName: `Müller ${i}` }),
      ),
    );
    const owners = created.map((r) => ok<LeadDto>(r, 201).ownerId);
    expect(owners.filter((o) => o === rr1.id)).toHaveLength(4);
    expect(owners.filter((o) => o === rr2.id)).toHaveLength(4);
    // A Danish lead still goes to the territory (first match wins).
    const dk = ok<LeadDto>(
      await req(agent, 'POST', '/leads', { email: 'pia@aarhus.dk', country: 'DK' }),
      201,
    );
    expect(dk.ownerId).toBe(dkSeller.id);
    expect((await req(manager, 'DELETE', `/lead-assignment/rules/${rule.id}`)).statusCode).toBe(204);
  });

  it('rule points: field and engagement rules, shown with the rules that gave them; rescored after a change', async () => {
    const rules = [
      { name: 'Business address', kind: 'business_email', points: 10 },
      { name: 'Free mail', kind: 'free_email', points: -5 },
      { name: 'Decision maker', kind: 'job_title_contains', values: ['Director', 'chef'], points: 20 },
      { name: 'Nordics', kind: 'country_in', values: ['dk', 'SE'], points: 5 },
      { name: 'Engaged', kind: 'inbound_30d', threshold: 1, points: 3 },
      { name: 'Tagged', kind: 'tag', values: ['webinar'], points: 2 },
    ];
    const ids: string[] = [];
    for (const r of rules)
      ids.push(ok<{ id: string }>(await req(manager, 'POST', '/lead-scoring/rules', r), 201).id);
    const [mette] = await contactsByEmail('mette.kjaer@noerre-cykler.dk');
    const lead = ok<LeadDto>(await req(agent, 'GET', `/leads/${mette!.id}`));
    expect(lead.score).toBe(10 + 20 + 5 + 3 + 2);
    expect(lead.rules.map((r) => r.name).sort()).toEqual(
      ['Business address', 'Decision maker', 'Engaged', 'Nordics', 'Tagged'].sort(),
    );
    const gmail = ok<LeadDto>(await req(manager, 'POST', '/leads', { email: 'kim.larsen@gmail.com' }), 201);
    expect(gmail.score).toBe(-5);
    const bad = await req(manager, 'POST', '/lead-scoring/rules', {
      name: 'x',
      kind: 'country_in',
      points: 1,
    });
    expect(errorPaths(bad)).toContain('values');
    expectProblem(await req(agent, 'POST', '/lead-scoring/rules', rules[0]), 403);
    // A change rescores every lead.
    const stale = await req(
      manager,
      'PATCH',
      `/lead-scoring/rules/${ids[2]}`,
      { points: 50 },
      { 'if-match': '"9"' },
    );
    expectProblem(stale, 412);
    ok(await req(manager, 'PATCH', `/lead-scoring/rules/${ids[2]}`, { points: 50 }, { 'if-match': '"1"' }));
    expect(ok<LeadDto>(await req(agent, 'GET', `/leads/${mette!.id}`)).score).toBe(10 + 50 + 5 + 3 + 2);
    // The list: best first, filters by owner, source and score.
    const list = ok<{ data: LeadDto[] }>(await req(agent, 'GET', '/leads?limit=200'));
    const scores = list.data.map((l) => l.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(list.data[0]!.contactId).toBe(mette!.id);
    const mine = ok<{ data: LeadDto[] }>(
      await req(agent, 'GET', `/leads?ownerId=${dkSeller.id}&minScore=60`),
    );
    expect(mine.data.map((l) => l.contactId)).toEqual([mette!.id]);
    const page1 = ok<{ data: LeadDto[]; nextCursor: string }>(await req(agent, 'GET', '/leads?limit=3'));
    const page2 = ok<{ data: LeadDto[] }>(
      await req(agent, 'GET', `/leads?limit=3&cursor=${page1.nextCursor}`),
    );
    expect(page2.data[0]!.contactId).toBe(list.data[3]!.contactId);
  });

  it('the sweep scores a lead created through the contacts API and gives it an owner when it has none', async () => {
    // The contacts API stamps new rows with the database's clock: line the app's clock up with it.
    clock.set(new Date());
    ok(
      await req(manager, 'POST', '/lead-assignment/rules', {
        name: 'Sweden',
        kind: 'territory',
        countries: ['SE'],
        userIds: [rr2.id],
        position: 0,
      }),
      201,
    );
    const c = ok<{ id: string }>(
      await req(manager, 'POST', '/contacts', {
        firstName: 'Ingrid',
        emails: [{ address: 'ingrid@goteborg-ab.se' }],
        addresses: [{ country: 'SE' }],
        lifecycleStage: 'lead',
        ownerId: null,
      }),
      201,
    );
    const ctx = systemCtx(getDb(), testConfig({ clock }), silentLog);
    await leadScoringSweep.run(ctx);
    const lead = ok<LeadDto>(await req(agent, 'GET', `/leads/${c.id}`));
    expect(lead.ownerId).toBe(rr2.id);
    expect(lead.score).toBe(10 + 5);
  });

  it('trains the learned score on won/lost history: n, positives, AUC; leads get a probability and top factors', async () => {
    expectProblem(await req(manager, 'POST', '/lead-scoring/train'), 422, 'not_enough_history');
    // History: decision makers with business addresses became customers; free-mail leads were disqualified.
    for (let i = 0; i < 40; i++) {
      const won = i % 2 === 0;
      const l = ok<LeadDto>(
        await req(manager, 'POST', '/leads', {
          email: won ? `buyer${i}@firma${i}.de` : `someone${i}@gmail.com`,
          jobTitle: won || i % 7 === 0 ? 'Director of Purchasing' : 'Student',
          ownerId: null,
        }),
        201,
      );
      if (won)
        await getDb()
          .db.update(contacts)
          .set({ lifecycleStage: 'customer' })
          .where(eq(contacts.id, l.contactId));
      else ok(await req(manager, 'POST', `/leads/${l.contactId}/disqualify`, { reason: 'No budget' }));
    }
    expectProblem(await req(agent, 'POST', '/lead-scoring/train'), 403);
    const model = ok<{
      n: number;
      positives: number;
      auc: number | null;
      version: number;
      features: { feature: string; coefficient: number }[];
    }>(await req(manager, 'POST', '/lead-scoring/train'));
    expect(model.positives).toBeGreaterThanOrEqual(20);
    expect(model.n).toBeGreaterThanOrEqual(40);
    expect(model.version).toBe(1);
    const coef = Object.fromEntries(model.features.map((f) => [f.feature, f.coefficient]));
    expect(coef.business_email).toBeGreaterThan(0);
    const [mette] = await contactsByEmail('mette.kjaer@noerre-cykler.dk');
    const lead = ok<LeadDto>(await req(agent, 'GET', `/leads/${mette!.id}`));
    expect(lead.modelVersion).toBe(1);
    expect(lead.probability).toBeGreaterThan(0.5);
    expect(lead.factors.map((f) => f.feature)).toContain('business_email');
    const gmail = ok<{ data: LeadDto[] }>(await req(agent, 'GET', '/leads?maxScore=-5')).data[0]!;
    expect(gmail.probability).toBeLessThan(lead.probability!);
    expect(
      ok<{ model: { version: number } }>(await req(agent, 'GET', '/lead-scoring/model')).model.version,
    ).toBe(1);
  });

  it('converting a lead creates the deal and the company and makes the contact a prospect, in one go', async () => {
    const lead = ok<LeadDto>(
      await req(agent, 'POST', '/leads', {
        email: 'francois@bordeaux-cycles.fr',
        firstName: 'François',
        ownerId: agent.id,
      }),
      201,
    );
    const res = ok<{ dealId: string; companyId: string; lifecycleStage: string }>(
      await req(agent, 'POST', `/leads/${lead.contactId}/convert`, {
        deal: { title: 'Bordeaux Cycles — 40 vélos', amount: 4_800_000, currency: 'EUR' },
        company: { name: 'Bordeaux Cycles SARL' },
      }),
    );
    expect(res.lifecycleStage).toBe('prospect');
    const [c] = await getDb().db.select().from(contacts).where(eq(contacts.id, lead.contactId));
    expect(c).toMatchObject({ lifecycleStage: 'prospect', companyId: res.companyId });
    const [d] = await getDb().db.select().from(deals).where(eq(deals.id, res.dealId));
    expect(d).toMatchObject({
      contactId: lead.contactId,
      companyId: res.companyId,
      amount: 4_800_000,
      currency: 'EUR',
      status: 'open',
    });
    const after = ok<LeadDto>(await req(agent, 'GET', `/leads/${lead.contactId}`));
    expect(after).toMatchObject({ dealId: res.dealId, companyName: 'Bordeaux Cycles SARL' });
    expect(after.convertedAt).not.toBeNull();
    expectProblem(await req(agent, 'POST', `/leads/${lead.contactId}/convert`, {}), 409, 'not_a_lead');
    // Bad input leaves nothing behind.
    const other = ok<LeadDto>(
      await req(agent, 'POST', '/leads', { email: 'x@bad-deal.fr', ownerId: agent.id }),
      201,
    );
    const bad = await req(agent, 'POST', `/leads/${other.contactId}/convert`, {
      deal: { title: 'x', pipelineId: crypto.randomUUID() },
      company: { name: 'Ghost SARL' },
    });
    expect(bad.statusCode).toBe(422);
    const [still] = await getDb().db.select().from(contacts).where(eq(contacts.id, other.contactId));
    expect(still!.lifecycleStage).toBe('lead');
    // Someone else's lead: 403 for an agent outside the owner's teams.
    expectProblem(await req(rr1, 'POST', `/leads/${other.contactId}/disqualify`, { reason: 'Spam' }), 403);
  });

  it('double opt-in: the consent is pending until the mailed link is opened; a second click is harmless', async () => {
    const local = await import('../../../../tests/helpers/app.ts');
    const { buildApp } = await import('../../app.ts');
    const mailApp = await buildApp({
      config: local.testConfig({
        clock,
        publicUrl: 'https://crm.example.test',
        mail: { smtpUrl: smtp.url, from: 'Rapport <crm@example.test>' },
      }),
      database: getDb(),
      logger: false,
    });
    try {
      const { token } = (await mailApp.inject({ url: `/api/v1/public/lead-forms/${form.publicKey}` })).json();
      clock.advance(4000);
      const before = smtp.messages.length;
      const res = await mailApp.inject({
        method: 'POST',
        url: `/api/v1/public/lead-forms/${form.publicKey}/submit`,
        remoteAddress: '203.0.113.7',
        headers: { 'accept-language': 'da-DK,da;q=0.9' },
        payload: { email: 'sofie@kobenhavn-design.dk', firstName: 'Sofie', consent: true, _ts: token },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [c] = await contactsByEmail('sofie@kobenhavn-design.dk');
      const [pending] = await getDb().db.select().from(consents).where(eq(consents.contactId, c!.id));
      expect(pending).toMatchObject({
        status: 'pending',
        text: 'Send mig nyheder om Rapport.',
        language: 'da',
        requestedIp: '203.0.113.7',
        grantedAt: null,
      });
      const mail = (await smtp.waitFor(before + 1)).at(-1)!;
      expect(mail.subject).toBe('Bekræft venligst din tilmelding');
      expect(mail.to && 'value' in mail.to ? mail.to.value[0]?.address : '').toBe(
        'sofie@kobenhavn-design.dk',
      );
      const link =
        /https:\/\/crm\.example\.test(\/api\/v1\/public\/consents\/confirm\/[A-Za-z0-9_-]{43})/.exec(
          mail.text ?? '',
        );
      expect(link).not.toBeNull();
      expect(pending!.tokenHash).not.toContain(link![1]!.split('/').at(-1));
      const open = await mailApp.inject({ url: link![1]!, remoteAddress: '198.51.100.4' });
      expect(open.statusCode).toBe(200);
      expect(open.body).toContain('Tak — dit samtykke er bekræftet.');
      const [granted] = await getDb().db.select().from(consents).where(eq(consents.contactId, c!.id));
      expect(granted).toMatchObject({ status: 'granted', grantedIp: '198.51.100.4' });
      const again = await mailApp.inject({ url: link![1]!, remoteAddress: '198.51.100.5' });
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain('allerede bekræftet');
      const [same] = await getDb().db.select().from(consents).where(eq(consents.contactId, c!.id));
      expect(same!.grantedIp).toBe('198.51.100.4');
      const unknown = await mailApp.inject({ url: `/api/v1/public/consents/confirm/${'x'.repeat(43)}` });
      expect(unknown.statusCode).toBe(404);
      expect(ok<LeadDto>(await req(agent, 'GET', `/leads/${c!.id}`)).consent).toBe('granted');
    } finally {
      await mailApp.close();
    }
    void kind;
  });
});
