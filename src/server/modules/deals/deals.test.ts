import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import type { BoardDto, DealDetailDto, DealDto, ForecastDto, PipelineDto } from '../../../shared/deals.ts';
import { rowsOf } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { rankBetween } from './deals.rank.ts';
import { purgeDealRecycleBin } from './deals.service.ts';

/** 'YYYY-MM' of the current UTC month moved by `offset` months. */
const monthOf = (offset: number) => {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return m.toISOString().slice(0, 7);
};

describe('rank keys', () => {
  it('always finds a key between two neighbours, and keys never end in 0', () => {
    const keys = ['m'];
    for (let i = 0; i < 3000; i++) {
      const pos = (i * 7919) % (keys.length + 1);
      const a = pos === 0 ? '' : keys[pos - 1]!;
      const b = pos === keys.length ? null : keys[pos]!;
      const k = rankBetween(a, b);
      expect(a < k && (b === null || k < b) && !k.endsWith('0')).toBe(true);
      keys.splice(pos, 0, k);
    }
  });
});

describeEachDb('deals API', (getDb, kind) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let manager: TestUser;
  let agent: TestUser;
  let outsider: TestUser;
  let viewer: TestUser;
  let companyId: string;
  let contactId: string;
  let pipeline: PipelineDto;
  const stage = (key: string) => pipeline.stages.find((s) => s.labels.en === key)!;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (user: TestUser, payload: Record<string, unknown>): Promise<DealDetailDto> => {
    const res = await req(user, 'POST', '/deals', { contactId, currency: 'EUR', ...payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const move = (user: TestUser, deal: { id: string; version: number }, body: object) =>
    req(user, 'POST', `/deals/${deal.id}/move`, body, { 'if-match': `"${deal.version}"` });

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    const team = await req(admin, 'POST', '/teams', { name: 'Vertrieb Köln' });
    const teamIds = [team.json().id as string];
    manager = await makeUser(getDb(), 'manager', { teamIds, name: 'Margrethe Møller' });
    agent = await makeUser(getDb(), 'agent', { teamIds, name: 'Søren Ødegård' });
    outsider = await makeUser(getDb(), 'agent', { name: 'Olga Outsider' });
    viewer = await makeUser(getDb(), 'viewer');
    companyId = (await req(admin, 'POST', '/companies', { name: 'Brûlerie Café Noir SARL' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', { firstName: 'Hélène', lastName: 'Dubois', companyId })
    ).json().id;
  });

  describe('pipelines', () => {
    it('creates the default pipeline on first use, once, with labels in four languages', async () => {
      const all = await Promise.all([1, 2, 3].map(() => req(viewer, 'GET', '/pipelines')));
      for (const r of all) expect(r.statusCode, r.body).toBe(200);
      const list = (await req(viewer, 'GET', '/pipelines')).json().data as PipelineDto[];
      expect(list).toHaveLength(1);
      pipeline = list[0]!;
      expect(pipeline.isDefault).toBe(true);
      expect(pipeline.stages.map((s) => [s.labels.en, s.probability, s.kind])).toEqual([
        ['New', 10, 'open'],
        ['Qualified', 25, 'open'],
        ['Proposal', 50, 'open'],
        ['Negotiation', 75, 'open'],
        ['Won', 100, 'won'],
        ['Lost', 0, 'lost'],
      ]);
      expect(stage('Won').labels).toEqual({ en: 'Won', fr: 'Gagné', de: 'Gewonnen', da: 'Vundet' });
      expect(stage('Proposal').labels.da).toBe('Tilbud');
    });

    it('needs exactly one won and at least one lost stage, and a manager to write', async () => {
      const open = { labels: { en: 'Talk' }, probability: 20, kind: 'open' };
      const won = { labels: { en: 'Won' }, probability: 100, kind: 'won' };
      const lost = { labels: { en: 'Lost' }, probability: 0, kind: 'lost' };
      const noLost = await req(manager, 'POST', '/pipelines', { name: 'X', stages: [open, won, won] });
      expectProblem(noLost, 400);
      expect(noLost.json().errors.map((e: { message: string }) => e.message)).toEqual(
        expect.arrayContaining([
          'A pipeline needs exactly one won stage',
          'A pipeline needs at least one lost stage',
        ]),
      );
      expectProblem(
        await req(manager, 'POST', '/pipelines', {
          name: 'X',
          stages: [open, won, { ...lost, probability: 101 }],
        }),
        400,
      );
      expectProblem(await req(agent, 'POST', '/pipelines', { name: 'X', stages: [open, won, lost] }), 403);
      const ok = await req(manager, 'POST', '/pipelines', { name: 'Partners', stages: [open, won, lost] });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ name: 'Partners', isDefault: false, version: 1 });
    });

    it('renames and reorders stages with If-Match, and refuses to archive a stage with an open deal (409)', async () => {
      const res = await req(manager, 'POST', '/pipelines', {
        name: 'Renewals',
        stages: [
          { labels: { en: 'Due' }, probability: 40 },
          { labels: { en: 'Talking' }, probability: 60, rottingDays: 7 },
          { labels: { en: 'Renewed' }, probability: 100, kind: 'won' },
          { labels: { en: 'Churned' }, probability: 0, kind: 'lost' },
        ],
      });
      const p = res.json() as PipelineDto;
      const [due, talking, renewed, churned] = p.stages as [
        PipelineDto['stages'][0],
        PipelineDto['stages'][0],
        PipelineDto['stages'][0],
        PipelineDto['stages'][0],
      ];
      const deal = await create(agent, { title: 'Renewal 2027', pipelineId: p.id, stageId: talking.id });
      const reordered = await req(
        manager,
        'PATCH',
        `/pipelines/${p.id}`,
        {
          name: 'Renewals 2027',
          stages: [
            { ...talking, labels: { en: 'In talks', fr: 'En discussion' } },
            { ...due },
            renewed,
            churned,
          ].map(({ position: _p, ...s }) => s),
        },
        { 'if-match': '"1"' },
      );
      expect(reordered.statusCode, reordered.body).toBe(200);
      expect(reordered.json().stages.map((s: { labels: { en: string } }) => s.labels.en)).toEqual([
        'In talks',
        'Due',
        'Renewed',
        'Churned',
      ]);
      expectProblem(
        await req(manager, 'PATCH', `/pipelines/${p.id}`, { name: 'Y' }, { 'if-match': '"1"' }),
        412,
      );

      const busy = expectProblem(await req(manager, 'DELETE', `/pipeline-stages/${talking.id}`), 409);
      expect(busy.detail).toContain('still has 1 open deal');
      const dropped = await req(
        manager,
        'PATCH',
        `/pipelines/${p.id}`,
        { stages: [due, renewed, churned].map(({ position: _p, ...s }) => s) },
        { 'if-match': '"2"' },
      );
      expectProblem(dropped, 409, 'stage_in_use');
      expect((await move(agent, deal, { stageId: due.id })).statusCode).toBe(200);
      const archived = await req(manager, 'DELETE', `/pipeline-stages/${talking.id}`);
      expect(archived.statusCode, archived.body).toBe(200);
      expect(archived.json().stages).toHaveLength(3);
      // The last open stage stays.
      expectProblem(await req(manager, 'DELETE', `/pipeline-stages/${due.id}`), 409);
    });
  });

  describe('deals', () => {
    it('creates a deal in the first stage, owned by its creator, with the contact’s company and a history', async () => {
      const deal = await create(agent, {
        title: '  Espresso machines for 12 cafés ',
        amount: 1_250_000,
        expectedCloseOn: '2027-03-31',
        source: 'trade fair',
      });
      expect(deal).toMatchObject({
        title: 'Espresso machines for 12 cafés',
        pipelineId: pipeline.id,
        stageId: stage('New').id,
        status: 'open',
        amount: 1_250_000,
        currency: 'EUR',
        expectedCloseOn: '2027-03-31',
        ownerId: agent.id,
        ownerName: 'Søren Ødegård',
        contactName: 'Hélène Dubois',
        companyId,
        companyName: 'Brûlerie Café Noir SARL',
        closedAt: null,
        lines: [],
        totals: { net: 0, tax: 0, gross: 0 },
        version: 1,
      });
      const history = (await req(viewer, 'GET', `/deals/${deal.id}/history`)).json().data;
      expect(history[0]).toMatchObject({ action: 'create', actorName: 'Søren Ødegård' });
    });

    it('refuses a deal about nobody, a bad currency and a viewer', async () => {
      const none = await req(agent, 'POST', '/deals', { title: 'Nobody', currency: 'EUR' });
      expectProblem(none, 422);
      expect(errorPaths(none)).toEqual(['contactId']);
      const cur = await req(agent, 'POST', '/deals', { title: 'X', contactId, currency: 'EURO' });
      expectProblem(cur, 400);
      expect(errorPaths(cur)).toEqual(['currency']);
      expectProblem(await req(viewer, 'POST', '/deals', { title: 'X', contactId, currency: 'EUR' }), 403);
    });

    it('makes the amount the net total of the line items, priced like documents', async () => {
      const deal = await create(agent, {
        title: 'Grinders',
        amount: 5,
        lines: [
          { description: 'Mahlkönig grinder', quantity: '3', unitPrice: 1999, taxRate: '25' },
          {
            description: 'Installation',
            quantity: '1.5',
            unitPrice: 3333,
            discountPercent: '10',
            taxRate: '25',
          },
        ],
      });
      // 3 × 19.99 = 59.97; 1.5 × 33.33 = 49.995 − 10 % = 44.9955 → 45.00
      expect(deal.lines.map((l) => l.net)).toEqual([5997, 4500]);
      expect(deal.amount).toBe(10_497);
      expect(deal.totals).toEqual({ net: 10_497, tax: 2624, gross: 13_121 });
      expect(deal.lines[1]).toMatchObject({ quantity: '1.5', discountPercent: '10', taxRate: '25' });
      const typed = await req(agent, 'PATCH', `/deals/${deal.id}`, { amount: 100 }, { 'if-match': '"1"' });
      expectProblem(typed, 422);
      expect(errorPaths(typed)).toEqual(['amount']);
      const fewer = await req(
        agent,
        'PATCH',
        `/deals/${deal.id}`,
        { lines: [{ description: 'Grinder', quantity: '2', unitPrice: 1999, taxRate: '25' }] },
        { 'if-match': '"1"' },
      );
      expect(fewer.json()).toMatchObject({ amount: 3998, lineCount: 1, version: 2 });
      const none = await req(
        agent,
        'PATCH',
        `/deals/${deal.id}`,
        { lines: [], amount: 777 },
        { 'if-match': '"2"' },
      );
      expect(none.json()).toMatchObject({ amount: 777, lineCount: 0, lines: [] });
      const bad = await req(
        agent,
        'PATCH',
        `/deals/${deal.id}`,
        { lines: [{ description: 'x', quantity: '1', unitPrice: 1, taxRate: '25', discountPercent: '150' }] },
        { 'if-match': '"3"' },
      );
      expectProblem(bad, 400);
      expect(errorPaths(bad)).toEqual(['lines.0.discountPercent']);
    });

    it('needs a reason to move into won or lost (422), stamps the close, and reopening clears it', async () => {
      const deal = await create(agent, { title: 'Roastery fit-out', amount: 90_000 });
      const noReason = await move(agent, deal, { stageId: stage('Won').id });
      expectProblem(noReason, 422);
      expect(errorPaths(noReason)).toEqual(['closeReason']);
      const patchNoReason = await req(
        agent,
        'PATCH',
        `/deals/${deal.id}`,
        { stageId: stage('Lost').id },
        { 'if-match': '"1"' },
      );
      expect(errorPaths(patchNoReason)).toEqual(['closeReason']);
      const wrongKind = await move(agent, deal, { stageId: stage('Lost').id, closeReason: 'relationship' });
      expectProblem(wrongKind, 422);
      expect(errorPaths(wrongKind)).toEqual(['closeReason']);

      const won = await move(agent, deal, {
        stageId: stage('Won').id,
        closeReason: 'relationship',
        closeNote: 'Met at SIGEP',
      });
      expect(won.statusCode, won.body).toBe(200);
      expect(won.json()).toMatchObject({
        status: 'won',
        closeReason: 'relationship',
        closeNote: 'Met at SIGEP',
      });
      expect(won.json().closedAt).not.toBeNull();
      const reopened = await move(agent, won.json(), { stageId: stage('Negotiation').id });
      expect(reopened.json()).toMatchObject({
        status: 'open',
        closedAt: null,
        closeReason: null,
        closeNote: null,
      });
      const lost = await req(
        agent,
        'PATCH',
        `/deals/${deal.id}`,
        { stageId: stage('Lost').id, closeReason: 'competitor' },
        { 'if-match': `"${reopened.json().version}"` },
      );
      expect(lost.json()).toMatchObject({ status: 'lost', closeReason: 'competitor' });

      const history = (await req(viewer, 'GET', `/deals/${deal.id}/history`)).json().data as {
        actorName: string;
        changes: { field: string; new: unknown }[];
      }[];
      const stages = history
        .map((h) => h.changes.find((c) => c.field === 'stageId')?.new)
        .filter(Boolean)
        .reverse();
      expect(stages).toEqual([stage('New').id, stage('Won').id, stage('Negotiation').id, stage('Lost').id]);
      expect(history[0]!.actorName).toBe('Søren Ødegård');
    });

    it('answers 412 to a stale If-Match on change and move, and 403 to someone outside the owner’s teams', async () => {
      const deal = await create(agent, { title: 'Cups', amount: 4200 });
      expect(
        (await req(agent, 'PATCH', `/deals/${deal.id}`, { title: 'Cups & saucers' }, { 'if-match': '"1"' }))
          .statusCode,
      ).toBe(200);
      expectProblem(
        await req(agent, 'PATCH', `/deals/${deal.id}`, { title: 'Z' }, { 'if-match': '"1"' }),
        412,
      );
      expectProblem(await move(agent, deal, { stageId: stage('Qualified').id }), 412);
      expectProblem(
        await req(outsider, 'PATCH', `/deals/${deal.id}`, { title: 'Mine now' }, { 'if-match': '"2"' }),
        403,
      );
      // A manager of the owner's team may.
      expect(
        (await move(manager, { id: deal.id, version: 2 }, { stageId: stage('Qualified').id })).statusCode,
      ).toBe(200);
    });

    it('honours Idempotency-Key: a retried create returns the first deal', async () => {
      const headers = { 'idempotency-key': `deal-${kind}-1` };
      const body = { title: 'Retry me', contactId, currency: 'DKK', amount: 100 };
      const a = await req(agent, 'POST', '/deals', body, headers);
      const b = await req(agent, 'POST', '/deals', body, headers);
      expect(a.statusCode).toBe(201);
      expect(b.json().id).toBe(a.json().id);
      const list = await req(agent, 'GET', '/deals?q=Retry me');
      expect(list.json().data).toHaveLength(1);
    });

    it('moves to the recycle bin and back', async () => {
      const deal = await create(agent, { title: 'Binned', amount: 1 });
      expect(
        (await req(agent, 'DELETE', `/deals/${deal.id}`, undefined, { 'if-match': '"1"' })).statusCode,
      ).toBe(204);
      expectProblem(await req(agent, 'GET', `/deals/${deal.id}`), 404);
      const bin = await req(agent, 'GET', '/deals?deleted=only');
      expect(bin.json().data.map((d: DealDto) => d.id)).toContain(deal.id);
      const back = await req(agent, 'POST', `/deals/${deal.id}/restore`);
      expect(back.json()).toMatchObject({ deletedAt: null, version: 3 });
    });

    it('erases deals binned more than 30 days ago, with their lines and history', async () => {
      const deal = await create(agent, {
        title: 'Forgotten',
        lines: [{ description: 'x', quantity: '1', unitPrice: 100, taxRate: '25' }],
      });
      await req(agent, 'DELETE', `/deals/${deal.id}`, undefined, { 'if-match': '"1"' });
      const ctx = systemCtx(getDb(), testConfig(), silentLog);
      expect(await purgeDealRecycleBin(ctx)).toBe(0);
      const later = { ...ctx, now: () => new Date(Date.now() + 31 * 86_400_000) };
      expect(await purgeDealRecycleBin(later)).toBeGreaterThanOrEqual(1);
      expectProblem(await req(admin, 'GET', `/deals/${deal.id}?includeDeleted=true`), 404);
      const left = rowsOf<{ n: number }>(
        await getDb().db.execute(
          sql`select (select count(*) from deal_lines where deal_id = ${deal.id})::int
            + (select count(*) from record_history where record_id = ${deal.id})::int as n`,
        ),
      );
      expect(left[0]!.n).toBe(0);
    });

    it('lists with filters (owner me, status, stage, customer, close range, title) and keyset pages', async () => {
      const mine = await req(agent, 'GET', '/deals?ownerId=me&limit=200');
      expect(mine.json().data.every((d: DealDto) => d.ownerId === agent.id)).toBe(true);
      const lost = (await req(agent, 'GET', '/deals?status=lost')).json().data as DealDto[];
      expect(lost.map((d) => d.title)).toContain('Roastery fit-out');
      expect(lost.every((d) => d.status === 'lost')).toBe(true);
      const range = (
        await req(agent, 'GET', '/deals?expectedCloseOn[gte]=2027-03-01&expectedCloseOn[lte]=2027-03-31')
      )
        .json()
        .data.map((d: DealDto) => d.title);
      expect(range).toEqual(['Espresso machines for 12 cafés']);
      const byStage = (await req(agent, 'GET', `/deals?stageId=${stage('Qualified').id}`)).json().data;
      expect(byStage.map((d: DealDto) => d.title)).toEqual(['Cups & saucers']);
      expect((await req(agent, 'GET', `/deals?companyId=${companyId}&q=ESPRESSO`)).json().data).toHaveLength(
        1,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: DealDto[]; nextCursor: string | null } = (
          await req(agent, 'GET', `/deals?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.data.map((d: DealDto) => d.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = (await req(agent, 'GET', '/deals?limit=200')).json().data.map((d: DealDto) => d.id);
      expect(seen).toEqual(all);
      expectProblem(await req(agent, 'GET', '/deals?bogus=1'), 400);
    });

    it('shows created, moved and lost deals on the contact’s and company’s timeline', async () => {
      const tl = (await req(viewer, 'GET', `/contacts/${contactId}/timeline?types=deal&limit=100`)).json()
        .data;
      const roastery = tl.filter((i: { deal: { title: string } }) => i.deal.title === 'Roastery fit-out');
      expect(roastery.map((i: { deal: { event: string } }) => i.deal.event)).toEqual([
        'lost',
        'reopened',
        'won',
        'created',
      ]);
      expect(roastery[0].deal).toMatchObject({
        closeReason: 'competitor',
        stageLabels: { en: 'Lost', fr: 'Perdu' },
      });
      const company = (
        await req(viewer, 'GET', `/companies/${companyId}/timeline?types=deal&limit=5`)
      ).json();
      expect(company.data).toHaveLength(5);
      expect(company.nextCursor).not.toBeNull();
    });
  });

  describe('board and forecast', () => {
    let p: PipelineDto;
    const st = (en: string) => p.stages.find((s) => s.labels.en === en)!.id;
    const m1 = monthOf(1);
    const m2 = monthOf(2);

    beforeAll(async () => {
      p = (
        await req(manager, 'POST', '/pipelines', {
          name: 'Forecast',
          stages: [
            { labels: { en: 'Early' }, probability: 33 },
            { labels: { en: 'Late' }, probability: 67 },
            { labels: { en: 'Won' }, probability: 100, kind: 'won' },
            { labels: { en: 'Lost' }, probability: 0, kind: 'lost' },
          ],
        })
      ).json();
      const deal = (
        title: string,
        stageId: string,
        amount: number,
        currency: string,
        on: string,
        by = agent,
      ) => create(by, { title, pipelineId: p.id, stageId, amount, currency, expectedCloseOn: on });
      await deal('A', st('Early'), 1001, 'EUR', `${m1}-15`);
      await deal('B', st('Late'), 2550, 'EUR', `${m1}-28`);
      await deal('C', st('Early'), 999, 'JPY', `${m1}-01`);
      await deal('D', st('Late'), 150, 'JPY', `${m1}-09`);
      await deal('E', st('Early'), 5000, 'EUR', `${m2}-01`, manager);
      await deal('Far', st('Early'), 5000, 'EUR', `${monthOf(4)}-01`);
      const won = await deal('Won now', st('Late'), 7000, 'EUR', `${m2}-20`);
      await move(agent, won, { stageId: st('Won'), closeReason: 'price' });
      const lost = await deal('Lost now', st('Late'), 9000, 'EUR', `${m1}-20`);
      await move(agent, lost, { stageId: st('Lost'), closeReason: 'no_budget' });
    });

    it('sums each stage per currency, weights each deal once (half up) and lists the cards in rank order', async () => {
      const res = await req(viewer, 'GET', `/deals/board?pipelineId=${p.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const board = res.json() as BoardDto;
      const col = (en: string) => board.columns.find((c) => c.stage.labels.en === en)!;
      expect(col('Early')).toMatchObject({
        count: 4,
        sums: [
          { currency: 'EUR', amount: 11_001 },
          { currency: 'JPY', amount: 999 },
        ],
        // 1001 × 33 % = 330.33 → 330, 5000 × 33 % = 1650 (twice); 999 × 33 % = 329.67 → 330
        weighted: [
          { currency: 'EUR', amount: 3630 },
          { currency: 'JPY', amount: 330 },
        ],
      });
      // 2550 × 67 % = 1708.5 → 1709; 150 × 67 % = 100.5 → 101
      expect(col('Late').weighted).toEqual([
        { currency: 'EUR', amount: 1709 },
        { currency: 'JPY', amount: 101 },
      ]);
      expect(col('Won')).toMatchObject({ count: 1, sums: [{ currency: 'EUR', amount: 7000 }] });
      expect(col('Early').deals.map((d) => d.title)).toEqual(['A', 'C', 'E', 'Far']);
      expect(col('Early').deals[0]).toMatchObject({
        ownerName: 'Søren Ødegård',
        contactName: 'Hélène Dubois',
      });
      const mineOnly = (
        await req(manager, 'GET', `/deals/board?pipelineId=${p.id}&ownerId=me`)
      ).json() as BoardDto;
      expect(mineOnly.columns.find((c) => c.stage.labels.en === 'Early')!.deals.map((d) => d.title)).toEqual([
        'E',
      ]);
    });

    it('reorders cards inside and across stages by rewriting one row', async () => {
      const early = () =>
        req(viewer, 'GET', `/deals/board?pipelineId=${p.id}`).then(
          (r) => (r.json() as BoardDto).columns.find((c) => c.stage.labels.en === 'Early')!.deals,
        );
      const [a, c, e] = (await early()) as [DealDto, DealDto, DealDto];
      const before = await move(agent, e, { stageId: st('Early'), beforeId: a.id });
      expect(before.statusCode, before.body).toBe(200);
      expect((await early()).map((d) => d.title)).toEqual(['E', 'A', 'C', 'Far']);
      await move(agent, before.json(), { stageId: st('Early'), afterId: c.id });
      expect((await early()).map((d) => d.title)).toEqual(['A', 'C', 'E', 'Far']);
      const bad = await move(agent, c, {
        stageId: st('Early'),
        beforeId: (await early())[0]!.id,
        afterId: a.id,
      });
      expectProblem(bad, 400);
      const elsewhere = await move(agent, c, { stageId: stage('New').id });
      expectProblem(elsewhere, 422);
      expect(errorPaths(elsewhere)).toEqual(['stageId']);
    });

    it('forecasts by month, owner and currency in integer arithmetic, beside the amounts won', async () => {
      const res = await req(viewer, 'GET', `/deals/forecast?from=${monthOf(0)}&to=${m2}&pipelineId=${p.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const rows = (res.json() as ForecastDto).data.map(({ ownerName: _n, ...r }) => r);
      expect(rows).toEqual([
        {
          month: monthOf(0),
          ownerId: agent.id,
          currency: 'EUR',
          count: 0,
          total: 0,
          weighted: 0,
          wonCount: 1,
          won: 7000,
        },
        // 330 + 1709 (each deal rounded once; 330.33 + 1708.5 would also give 2039)
        {
          month: m1,
          ownerId: agent.id,
          currency: 'EUR',
          count: 2,
          total: 3551,
          weighted: 2039,
          wonCount: 0,
          won: 0,
        },
        // 330 + 101 = 431, where rounding the float sum 329.67 + 100.5 = 430.17 would give 430
        {
          month: m1,
          ownerId: agent.id,
          currency: 'JPY',
          count: 2,
          total: 1149,
          weighted: 431,
          wonCount: 0,
          won: 0,
        },
        {
          month: m2,
          ownerId: manager.id,
          currency: 'EUR',
          count: 1,
          total: 5000,
          weighted: 1650,
          wonCount: 0,
          won: 0,
        },
      ]);
      const mine = (
        await req(manager, 'GET', `/deals/forecast?from=${m1}&to=${m2}&pipelineId=${p.id}&ownerId=me`)
      ).json();
      expect(mine.data).toHaveLength(1);
      expect(mine.data[0]).toMatchObject({ ownerName: 'Margrethe Møller', weighted: 1650 });
      expectProblem(await req(viewer, 'GET', `/deals/forecast?from=2027-05&to=2027-01`), 400);
    });

    it.runIf(kind === 'postgres')('reads the board and the forecast through their indexes', async () => {
      const rollback = new Error('rollback');
      await expect(
        getDb().db.transaction(async (db) => {
          // Enough rows, in a transaction that is thrown away, for the planner to choose as it will in use.
          await db.execute(sql`insert into deals (title, pipeline_id, stage_id, status, amount, currency,
              expected_close_on, rank, contact_id)
            select 'Bulk ' || g, ${p.id}, ${st('Early')}, case when g % 4 = 0 then 'won' else 'open' end,
              g, 'EUR', '2026-01-01'::date + (g % 1500), lpad(g::text, 6, '0') || 'a', ${contactId}
            from generate_series(1, 20000) g`);
          await db.execute(sql`analyze deals`);
          const plan = (q: ReturnType<typeof sql>) =>
            db.execute(sql`explain ${q}`).then((r) =>
              rowsOf<Record<string, string>>(r)
                .map((x) => Object.values(x)[0])
                .join('\n'),
            );
          const cards =
            await plan(sql`select c.id from unnest(${sql.param([st('Early'), st('Late')])}::uuid[]) as st(id)
            cross join lateral (select id from deals where stage_id = st.id and deleted_at is null order by rank, id limit 50) c`);
          expect(cards).toContain('deals_stage_idx');
          const forecast =
            await plan(sql`select count(*) from deals where deleted_at is null and status = 'open'
            and expected_close_on >= '2027-01-01'::date and expected_close_on < '2027-03-01'::date`);
          expect(forecast).toContain('deals_forecast_idx');
          throw rollback;
        }),
      ).rejects.toBe(rollback);
    });
  });
});
