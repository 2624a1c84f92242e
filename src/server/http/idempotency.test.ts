import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, testConfig } from '../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../tests/helpers/db.ts';
import { expectProblem } from '../../../tests/helpers/http.ts';
import { buildApp } from '../app.ts';
import { idempotencyKeys } from '../modules/system/system.schema.ts';
import type { App } from './types.ts';

describeEachDb('Idempotency-Key', (getDb) => {
  let app: App;
  let agent: TestUser;
  let other: TestUser;
  let flakyCalls = 0;
  let slowRelease: (() => void) | undefined;
  let slowStarted: (() => void) | undefined;

  // The real app plus two routes that only a test needs: one that fails once, one that waits to be released.
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), database: getDb(), logger: false });
    app.post('/api/v1/test/flaky', { config: { policy: 'authenticated' } }, async (_req, reply) => {
      if (++flakyCalls === 1) throw new Error('transient failure');
      return reply.code(201).send({ call: flakyCalls });
    });
    app.post('/api/v1/test/slow', { config: { policy: 'authenticated' } }, async (_req, reply) => {
      await new Promise<void>((resolve) => {
        slowRelease = resolve;
        slowStarted?.();
      });
      return reply.code(201).send({ done: true });
    });
    await app.ready();
    agent = await makeUser(getDb(), 'agent');
    other = await makeUser(getDb(), 'agent');
  });
  afterAll(async () => {
    await app?.close();
  });

  let n = 0;
  const key = () => `key-${Date.now()}-${++n}`;
  const createContact = (user: TestUser, idempotencyKey: string, payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...user.auth, 'idempotency-key': idempotencyKey },
      payload,
    });
  const countByTag = async (tag: string) =>
    (await app.inject({ url: `/api/v1/contacts?tags[hasAny]=${tag}&limit=200`, headers: agent.auth })).json()
      .data.length as number;

  it('replays the first answer (status, body, content type) to a retry without a second record', async () => {
    const k = key();
    const tag = `idem${n}`;
    const first = await createContact(agent, k, { firstName: 'Once', tags: [tag] });
    const retry = await createContact(agent, k, { firstName: 'Once', tags: [tag] });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(await countByTag(tag)).toBe(1);
  });

  it('never creates two records when the same key arrives again while the first is still running', async () => {
    for (let round = 0; round < 3; round++) {
      const k = key();
      const tag = `race${n}`;
      const all = await Promise.all(
        Array.from({ length: 4 }, () => createContact(agent, k, { firstName: 'Race', tags: [tag] })),
      );
      const created = all.filter((r) => r.statusCode === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const r of all) {
        if (r.statusCode === 201) expect(r.json().id).toBe(created[0]!.json().id);
        else expectProblem(r, 409, 'idempotency_in_progress');
      }
      expect(await countByTag(tag)).toBe(1);
    }
  });

  it('answers 409 to a retry sent while the first request is still running, then replays once it is done', async () => {
    const k = key();
    const started = new Promise<void>((resolve) => {
      slowStarted = resolve;
    });
    const first = app.inject({
      method: 'POST',
      url: '/api/v1/test/slow',
      headers: { ...agent.auth, 'idempotency-key': k },
      payload: {},
    });
    await started;
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/test/slow',
        headers: { ...agent.auth, 'idempotency-key': k },
        payload: {},
      }),
      409,
      'idempotency_in_progress',
    );
    slowRelease!();
    expect((await first).statusCode).toBe(201);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/test/slow',
      headers: { ...agent.auth, 'idempotency-key': k },
      payload: {},
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('releases the key after a 5xx so that the retry runs again', async () => {
    const k = key();
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/test/flaky',
        headers: { ...agent.auth, 'idempotency-key': k },
        payload: {},
      });
    const failed = await send();
    expectProblem(failed, 500, 'internal_error');
    const retried = await send();
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.json()).toEqual({ call: 2 });
    const replayed = await send();
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual({ call: 2 });
    expect(flakyCalls).toBe(2);
  });

  it('keeps the keys of different callers apart', async () => {
    const k = key();
    const tag = `apart${n}`;
    const mine = await createContact(agent, k, { firstName: 'Same', tags: [tag] });
    const theirs = await createContact(other, k, { firstName: 'Same', tags: [tag] });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(theirs.json().ownerId).toBe(other.id);
    expect(await countByTag(tag)).toBe(2);
  });

  it('answers 422 to a key reused with another body or path, and 400 to a malformed key', async () => {
    const k = key();
    expect((await createContact(agent, k, { firstName: 'First' })).statusCode).toBe(201);
    expectProblem(await createContact(agent, k, { firstName: 'Second' }), 422, 'idempotency_key_reused');
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: { ...agent.auth, 'idempotency-key': k },
        payload: { name: 'First' },
      }),
      422,
      'idempotency_key_reused',
    );
    for (const bad of ['', 'has space', 'x'.repeat(201), 'ünïcode', "quote'"]) {
      const res = await createContact(agent, bad, { firstName: 'Bad key' });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  it('lets a retry take over a claim whose request died without an answer', async () => {
    const k = key();
    const body = { firstName: 'Abandoned', lastName: 'Claim' };
    const requestHash = createHash('sha256')
      .update(`/api/v1/contacts\n${JSON.stringify(body)}`)
      .digest('hex');
    // What a killed process leaves behind: a claim with no stored answer, older than a minute.
    await getDb()
      .db.insert(idempotencyKeys)
      .values({
        principal: agent.id,
        key: k,
        method: 'POST',
        path: '/api/v1/contacts',
        requestHash,
        createdAt: new Date(Date.now() - 5 * 60_000),
      });
    const res = await createContact(agent, k, body);
    expect(res.statusCode).toBe(201);
    const again = await createContact(agent, k, body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(res.json().id);
  });
});
