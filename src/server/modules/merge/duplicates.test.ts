import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { DuplicateList, DuplicatePair, RefreshJobDto } from '../../../shared/merge.ts';
import { systemCtx } from '../../http/context.ts';
import { drainJobs } from '../jobs/index.ts';
import { duplicatesRefreshJob, duplicatesSweep } from './duplicates.service.ts';

describeEachDb('duplicate candidates', (getDb) => {
  const app = useApp(getDb);
  let agent: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
    other = await makeUser(getDb(), 'agent');
  });

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (path: string, body: object) => {
    const res = await req(agent, 'POST', `${path}?allowDuplicate=true`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const drain = () => drainJobs(getDb(), testConfig(), silentLog, [duplicatesRefreshJob]);
  /** Queues a refresh (202), runs the job to its end, and answers the job as the page polls it. */
  const refresh = async (entity: 'contact' | 'company') => {
    const res = await req(agent, 'POST', '/duplicates/refresh', { entity });
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json() as RefreshJobDto;
    expect(job).toMatchObject({ entity, status: 'queued', result: null });
    await drain();
    const done = await req(agent, 'GET', `/duplicates/refresh/${job.id}`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done' });
    return (done.json() as RefreshJobDto).result!;
  };
  const all = async (entity: 'contact' | 'company') => {
    const out: DuplicatePair[] = [];
    let cursor: string | null = null;
    do {
      const res = await req(
        agent,
        'GET',
        `/duplicates?entity=${entity}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as DuplicateList;
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const pairOf = (pairs: DuplicatePair[], x: string, y: string) =>
    pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));

  it('finds contacts with the same e-mail (any case), the same phone in any format, and similar names in one company', async () => {
    const company = await create('/companies', { name: 'Havbryg ApS' });
    const e1 = await create('/contacts', {
      firstName: 'Karen',
      lastName: 'Blixen',
      emails: [{ address: 'Karen@Havbryg.test' }],
    });
    const e2 = await create('/contacts', {
      firstName: 'K.',
      lastName: 'Dinesen',
      emails: [{ address: 'karen@havbryg.test' }],
    });
    const p1 = await create('/contacts', {
      firstName: 'Niels',
      lastName: 'Bohr',
      phones: [{ number: '+45 33 12 34 56' }],
    });
    const p2 = await create('/contacts', {
      firstName: 'N.',
      lastName: 'B.',
      phones: [{ number: '33123456' }],
    });
    const n1 = await create('/contacts', { firstName: 'Mette', lastName: 'Frederiksen', companyId: company });
    const n2 = await create('/contacts', { firstName: 'Mete', lastName: 'Frederiksen', companyId: company });
    const n3 = await create('/contacts', { firstName: 'Mette', lastName: 'Frederiksen' }); // no company: not proposed
    const stranger = await create('/contacts', {
      firstName: 'Hans',
      lastName: 'Andersen',
      companyId: company,
    });

    const result = await refresh('contact');
    expect(result.pairs).toBeGreaterThanOrEqual(3);
    const pairs = await all('contact');
    const scores = pairs.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    expect(pairOf(pairs, e1, e2)).toMatchObject({
      score: 95,
      reasons: [{ kind: 'email', value: 'karen@havbryg.test' }],
    });
    expect(pairOf(pairs, p1, p2)).toMatchObject({
      score: 85,
      reasons: [{ kind: 'phone', value: '33123456' }],
    });
    const named = pairOf(pairs, n1, n2)!;
    expect(named.reasons[0]).toMatchObject({ kind: 'name_company' });
    expect(named.score).toBeGreaterThan(70);
    expect(named.a.detail).toContain('Havbryg ApS');
    expect(pairOf(pairs, n1, n3)).toBeUndefined();
    expect(pairOf(pairs, n1, stranger)).toBeUndefined();
  });

  it('groups connected pairs into one cluster, listed together with its best score', async () => {
    const x = await create('/contacts', {
      firstName: 'Ulla',
      lastName: 'Krag',
      emails: [{ address: 'ulla@krag.test' }],
    });
    const y = await create('/contacts', {
      firstName: 'U.',
      lastName: 'Krag',
      emails: [{ address: 'ulla@krag.test' }],
      phones: [{ number: '+45 40 11 22 33' }],
    });
    const z = await create('/contacts', {
      firstName: 'Ulrikke',
      lastName: 'Krag',
      phones: [{ number: '40112233' }],
    });
    await refresh('contact');
    const pairs = await all('contact');
    const mine = pairs.filter((p) => [x, y, z].includes(p.a.id) || [x, y, z].includes(p.b.id));
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mine.map((p) => p.cluster.id)).size).toBe(1);
    expect(mine[0]!.cluster).toMatchObject({ size: 3, score: 95 });
    const at = mine.map((p) => pairs.indexOf(p));
    expect(at[at.length - 1]! - at[0]!).toBe(mine.length - 1); // adjacent on the page
    // A page never ends inside a cluster: one pair asked for, the whole first cluster given.
    const first = (await req(agent, 'GET', '/duplicates?entity=contact&limit=1')).json() as DuplicateList;
    const head = first.data[0]!.cluster.id;
    expect(first.data.every((p) => p.cluster.id === head)).toBe(true);
    expect(first.data.length).toBe(pairs.filter((p) => p.cluster.id === head).length);
  });

  it('remembers "not a duplicate" across refreshes, and drops pairs of binned records', async () => {
    const a = await create('/contacts', {
      firstName: 'Jens',
      lastName: 'Lyn',
      emails: [{ address: 'jens@lyn.test' }],
    });
    const b = await create('/contacts', {
      firstName: 'Jens',
      lastName: 'Lyn',
      emails: [{ address: 'jens@lyn.test' }],
    });
    const c = await create('/contacts', {
      firstName: 'Jens',
      lastName: 'Lyn',
      emails: [{ address: 'jens@lyn.test' }],
    });
    await refresh('contact');
    expect(pairOf(await all('contact'), a, b)).toBeDefined();

    const refused = await req(other, 'POST', '/duplicates/dismiss', { entity: 'contact', aId: b, bId: a });
    expect(refused.statusCode).toBe(403);
    const res = await req(agent, 'POST', '/duplicates/dismiss', { entity: 'contact', aId: b, bId: a });
    expect(res.statusCode, res.body).toBe(204);
    expect(pairOf(await all('contact'), a, b)).toBeUndefined();
    await refresh('contact');
    const after = await all('contact');
    expect(pairOf(after, a, b)).toBeUndefined();
    expect(pairOf(after, a, c)).toBeDefined();

    expect((await req(agent, 'DELETE', `/contacts/${c}`)).statusCode).toBe(204);
    expect(pairOf(await all('contact'), a, c)).toBeUndefined();
  });

  it('finds companies with the same domain or website, and similar names without the legal form', async () => {
    const d1 = await create('/companies', { name: 'Fjord Fisk', domain: 'fjordfisk.test' });
    const d2 = await create('/companies', {
      name: 'FF Holding',
      website: 'https://www.FjordFisk.test/kontakt',
    });
    const n1 = await create('/companies', { name: 'Grønne Gartnere A/S' });
    const n2 = await create('/companies', { name: 'Grønne Gartner ApS' });
    const other = await create('/companies', { name: 'Blå Bageri' });
    await refresh('company');
    const pairs = await all('company');
    expect(pairOf(pairs, d1, d2)).toMatchObject({
      score: 90,
      reasons: [{ kind: 'domain', value: 'fjordfisk.test' }],
    });
    expect(pairOf(pairs, n1, n2)?.reasons[0]).toMatchObject({ kind: 'name' });
    expect(pairOf(pairs, n1, other)).toBeUndefined();
  });

  it('runs the refresh as a background job: 409 while one is queued, shown on the list until done', async () => {
    await create('/contacts', { firstName: 'Rolf', lastName: 'Kos', emails: [{ address: 'rolf@kos.test' }] });
    await create('/contacts', { firstName: 'Rolf', lastName: 'Kos', emails: [{ address: 'rolf@kos.test' }] });
    const first = await req(agent, 'POST', '/duplicates/refresh', { entity: 'contact' });
    expect(first.statusCode, first.body).toBe(202);
    const job = first.json() as RefreshJobDto;
    const again = await req(other, 'POST', '/duplicates/refresh', { entity: 'contact' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ jobId: job.id });
    expect(again.json().type).toContain('refresh_running');
    // Another entity is not blocked.
    expect((await req(agent, 'POST', '/duplicates/refresh', { entity: 'company' })).statusCode).toBe(202);
    const listed = await req(agent, 'GET', '/duplicates?entity=contact');
    expect((listed.json() as DuplicateList).refreshing).toMatchObject({ id: job.id, status: 'queued' });
    const viewer = await makeUser(getDb(), 'viewer');
    expect((await req(viewer, 'POST', '/duplicates/refresh', { entity: 'contact' })).statusCode).toBe(403);

    expect(await drain()).toBe(2);
    const done = (await req(agent, 'GET', `/duplicates/refresh/${job.id}`)).json() as RefreshJobDto;
    expect(done.status).toBe('done');
    expect(done.result!.pairs).toBeGreaterThanOrEqual(1);
    const after = (await req(agent, 'GET', '/duplicates?entity=contact')).json() as DuplicateList;
    expect(after.refreshing).toBeNull();
    expect(after.refreshedAt).toBe(done.result!.refreshedAt);
    expect((await req(agent, 'GET', `/duplicates/refresh/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('the daily sweep queues a refresh of stale candidates, once', async () => {
    const config = testConfig();
    const ctx = systemCtx(getDb(), config, silentLog);
    // Whatever is due now is queued and run; then nothing is due until a day has passed.
    await duplicatesSweep.run(ctx);
    await drain();
    expect(await duplicatesSweep.run(ctx)).toBe(0);
    const later = { ...ctx, now: () => new Date(Date.now() + 25 * 3600_000) };
    expect(await duplicatesSweep.run(later)).toBe(2);
    expect(await duplicatesSweep.run(later)).toBe(0); // already queued
    expect(await drain()).toBe(2);
  });

  it('validates the cursor and the entity', async () => {
    expect((await req(agent, 'GET', '/duplicates?entity=deal')).statusCode).toBe(400);
    expect((await req(agent, 'GET', "/duplicates?cursor=1'--")).statusCode).toBe(400);
  });
});
