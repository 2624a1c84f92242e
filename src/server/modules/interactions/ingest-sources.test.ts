import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { signWebhook } from './ingest-sources.service.ts';

describeEachDb('signed interactions webhook', (getDb) => {
  // The app's clock stands still on a whole second, so the ±301 s cases test the 300 s window exactly:
  // with a running clock a slow machine let `now + 301` arrive 300.x s early and pass (seen in CI).
  const frozen = new Date(Math.floor(Date.now() / 1000) * 1000);
  const app = useApp(getDb, { clock: { now: () => frozen } });
  let admin: TestUser;
  let agent: TestUser;
  let contactId: string;
  let secret: string;
  let sourceId: string;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    contactId = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: admin.auth,
        payload: { firstName: 'Hook', lastName: 'Customer', emails: [{ address: 'hook@example.test' }] },
      })
    ).json().id;
    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/ingest-sources',
      headers: admin.auth,
      payload: { name: 'phone-system' },
    });
    expect(created.statusCode, created.body).toBe(201);
    secret = created.json().secret;
    sourceId = created.json().id;
    expect(secret).toMatch(/^whsec_/);
  });

  const body = (externalId: string) =>
    JSON.stringify({
      items: [
        {
          externalId,
          email: 'hook@example.test',
          channel: 'phone',
          direction: 'in',
          occurredAt: '2026-05-01T08:00:00Z',
        },
      ],
    });
  const post = (raw: string, headers: Record<string, string>, source = 'phone-system') =>
    app().inject({
      method: 'POST',
      url: `/api/v1/interactions/webhooks/${source}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: raw,
    });
  const now = () => frozen.getTime() / 1000;
  const signed = (raw: string, ts = now(), key = secret) => ({
    'x-rapport-timestamp': String(ts),
    'x-rapport-signature': signWebhook(key, ts, raw),
  });

  it('stores the items of a correctly signed request under the URL’s source, once', async () => {
    const raw = body('call-1');
    const res = await post(raw, signed(raw));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: 0 });
    const again = await post(raw, signed(raw));
    expect(again.json()).toMatchObject({ created: 0, duplicates: 1 });
    const list = await app().inject({
      url: `/api/v1/interactions?contactId=${contactId}`,
      headers: admin.auth,
    });
    expect(list.json().data).toEqual([
      expect.objectContaining({
        source: 'phone-system',
        externalId: 'call-1',
        channel: 'phone',
        userId: null,
      }),
    ]);
    const sources = await app().inject({ url: '/api/v1/ingest-sources', headers: admin.auth });
    expect(JSON.stringify(sources.json())).not.toContain(secret);
    expect(sources.json().data[0].lastUsedAt).not.toBeNull();
  });

  it('refuses wrong signatures, old or future timestamps, unknown and revoked sources alike, storing nothing', async () => {
    const raw = body('call-2');
    const cases: Record<string, string>[] = [
      {},
      signed(raw, now(), 'whsec_wrong'),
      signed(raw, now() - 301),
      signed(raw, now() + 301),
      { ...signed(raw), 'x-rapport-signature': 'sha256=zz' },
      signed(`${raw} `), // the body changed after signing
    ];
    for (const headers of cases) {
      const res = await post(raw, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json().code).toBe('invalid_signature');
    }
    expect((await post(raw, signed(raw), 'unknown-system')).statusCode).toBe(401);
    expect((await post('{not json', signed('{not json'))).statusCode).toBe(400);
    await app().inject({ method: 'DELETE', url: `/api/v1/ingest-sources/${sourceId}`, headers: admin.auth });
    expect((await post(raw, signed(raw))).statusCode).toBe(401);
    const list = await app().inject({ url: '/api/v1/interactions?externalId=call-2', headers: admin.auth });
    expect(list.json().data).toEqual([]);
  });

  it('lets only admins manage sources', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/ingest-sources',
      headers: agent.auth,
      payload: { name: 'sneaky' },
    });
    expect(res.statusCode).toBe(403);
    const dup = await app().inject({
      method: 'POST',
      url: '/api/v1/ingest-sources',
      headers: admin.auth,
      payload: { name: 'phone-system' },
    });
    expect(dup.statusCode).toBe(409);
  });
});
