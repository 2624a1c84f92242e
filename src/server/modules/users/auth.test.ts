import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshApp, makeUser, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { cloneDatabase, describeEachDb } from '../../../../tests/helpers/db.ts';
import {
  expectProblem,
  login,
  loginRequest,
  nextIp,
  PASSWORD,
  type Session,
  sessionCookie,
} from '../../../../tests/helpers/http.ts';
import { buildApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { registeredRoutes } from '../../http/auth.ts';

const userFields = [
  'active',
  'createdAt',
  'email',
  'id',
  'language',
  'lastLoginAt',
  'lockedUntil',
  'name',
  'role',
  'teamIds',
];

describeEachDb('first-run set-up', (_getDb, kind) => {
  it('creates the first admin exactly once, even when two set-ups race, and logs them in', async () => {
    const fresh = await freshApp(kind);
    try {
      const { app } = fresh;
      expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needsSetup: true });
      expectProblem(
        await app.inject({
          method: 'POST',
          url: '/api/v1/setup',
          payload: { email: 'boss@example.test', password: 'short' },
        }),
        400,
        'validation_failed',
      );
      const attempts = await Promise.all(
        ['first@example.test', 'second@example.test'].map((email) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/setup',
            payload: { email, name: 'Boss', password: PASSWORD },
          }),
        ),
      );
      const statuses = attempts.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, 409]);
      const won = attempts.find((r) => r.statusCode === 201)!;
      expect(won.json().user).toMatchObject({ role: 'admin', active: true });
      expect(won.json().csrfToken).toEqual(expect.any(String));
      const cookie = sessionCookie(won)!;
      expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json().user.id).toBe(
        won.json().user.id,
      );

      expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needsSetup: false });
      expectProblem(
        await app.inject({
          method: 'POST',
          url: '/api/v1/setup',
          payload: { email: 'late@example.test', password: PASSWORD },
        }),
        409,
        'setup_done',
      );
      const count = rowsOf<{ n: number }>(
        await fresh.database.db.execute(sql`select count(*)::int as n from users`),
      );
      expect(count[0]!.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describeEachDb('sessions, CSRF and API keys', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
  });

  const me = (headers: Record<string, string>) => app().inject({ url: '/api/v1/auth/me', headers });

  it('sets an httpOnly, SameSite=Lax session cookie on log-in', async () => {
    const user = await makeUser(getDb(), 'agent');
    const res = await loginRequest(app(), user.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    const raw = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('rapport_session='))!;
    const attrs = raw.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(res.json().user).toMatchObject({ id: user.id, email: user.email, role: 'agent' });
    const session = await me({ cookie: sessionCookie(res)! });
    expect(session.statusCode).toBe(200);
    expect(session.json().user.id).toBe(user.id);
    expect(session.json().csrfToken).toEqual(expect.any(String));
  });

  it('accepts the e-mail in any case and answers a wrong password and an unknown e-mail alike', async () => {
    const user = await makeUser(getDb(), 'agent');
    await login(app(), user.email.toUpperCase());
    const wrong = expectProblem(
      await loginRequest(app(), user.email, 'wrong password!'),
      401,
      'invalid_credentials',
    );
    const unknown = expectProblem(
      await loginRequest(app(), 'nobody@example.test', 'wrong password!'),
      401,
      'invalid_credentials',
    );
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('gives a new session id at log-in, so a planted cookie never becomes the victim’s session', async () => {
    const attacker = await makeUser(getDb(), 'agent');
    const victim = await makeUser(getDb(), 'agent');
    const planted = await login(app(), attacker.email);
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: planted.cookie },
      payload: { email: victim.email, password: PASSWORD },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(200);
    const fresh = sessionCookie(res)!;
    expect(fresh).not.toBe(planted.cookie);
    const old = await me({ cookie: planted.cookie });
    if (old.statusCode === 200) expect(old.json().user.id).not.toBe(victim.id);
    else expect(old.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token (403) and accepts it with the token', async () => {
    const user = await makeUser(getDb(), 'agent');
    const s = await login(app(), user.email);
    const other = await login(app(), (await makeUser(getDb(), 'agent')).email);
    const tag = `csrf${Date.now()}`;
    const create = (headers: Record<string, string>) =>
      app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers,
        payload: { firstName: 'Csrf', tags: [tag] },
      });

    expectProblem(await create({ cookie: s.cookie }), 403, 'csrf_invalid');
    expectProblem(await create({ cookie: s.cookie, 'x-csrf-token': 'forged' }), 403, 'csrf_invalid');
    expectProblem(await create({ cookie: s.cookie, 'x-csrf-token': other.csrfToken }), 403, 'csrf_invalid');
    const listed = async () =>
      (
        await app().inject({ url: `/api/v1/contacts?tags[hasAny]=${tag}`, headers: { cookie: s.cookie } })
      ).json().data;
    expect(await listed()).toEqual([]);

    const ok = await create(s.headers);
    expect(ok.statusCode).toBe(201);
    const id = ok.json().id;
    expectProblem(
      await app().inject({
        method: 'PATCH',
        url: `/api/v1/contacts/${id}`,
        headers: { cookie: s.cookie },
        payload: { jobTitle: 'x' },
      }),
      403,
      'csrf_invalid',
    );
    expectProblem(
      await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${id}`, headers: { cookie: s.cookie } }),
      403,
      'csrf_invalid',
    );
    expect(
      (
        await app().inject({
          method: 'PATCH',
          url: `/api/v1/contacts/${id}`,
          headers: s.headers,
          payload: { jobTitle: 'x' },
        })
      ).statusCode,
    ).toBe(200);
    expect(await listed()).toHaveLength(1);
    // The token from /auth/me (what the web app reads after a reload) works too.
    const reloaded = (await me({ cookie: s.cookie })).json().csrfToken;
    expect(
      (
        await app().inject({
          method: 'DELETE',
          url: `/api/v1/contacts/${id}`,
          headers: { cookie: s.cookie, 'x-csrf-token': reloaded },
        })
      ).statusCode,
    ).toBe(204);
  });

  it('authenticates with a Bearer API key, shows the key once, lists only its prefix and records its last use', async () => {
    const user = await makeUser(getDb(), 'agent');
    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: user.auth,
      payload: { name: 'CI' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^rpk_[A-Za-z0-9_-]{40,}$/);
    expect(prefix).toBe(key.slice(0, prefix.length));
    expect(prefix.length).toBeLessThan(16);

    const listKey = async () =>
      (await app().inject({ url: '/api/v1/api-keys', headers: user.auth }))
        .json()
        .data.find((k: { id: string }) => k.id === id);
    const before = await listKey();
    expect(Object.keys(before).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'userId',
    ]);
    expect(before.lastUsedAt).toBeNull();
    expect(
      JSON.stringify(
        await app()
          .inject({ url: '/api/v1/api-keys', headers: user.auth })
          .then((r) => r.json()),
      ),
    ).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    const used = await app().inject({ url: `/api/v1/users/${user.id}`, headers: bearer });
    expect(used.statusCode).toBe(200);
    expect(used.json().id).toBe(user.id);
    const after = await listKey();
    expect(after.lastUsedAt).not.toBeNull();
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(before.createdAt) - 1000);
  });

  it('starts no session (and sets no cookie) for API-key calls and cookie-less requests', async () => {
    const user = await makeUser(getDb(), 'agent');
    const cookies = (res: { headers: Record<string, unknown> }) =>
      ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
    const read = await app().inject({ url: `/api/v1/users/${user.id}`, headers: user.auth });
    expect(read.statusCode).toBe(200);
    expect(cookies(read)).toEqual([]);
    const write = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: user.auth,
      payload: { firstName: 'Ane', lastName: 'Sørensen' },
    });
    expect(write.statusCode).toBe(201);
    expect(cookies(write)).toEqual([]);
    const health = await app().inject({ url: '/api/health' });
    expect(cookies(health)).toEqual([]);
    const anonymous = await app().inject({ url: '/api/v1/contacts' });
    expect(anonymous.statusCode).toBe(401);
    expect(cookies(anonymous)).toEqual([]);
    // A browser session keeps working beside it.
    const session = await me({ cookie: (await login(app(), user.email)).cookie });
    expect(session.statusCode).toBe(200);
  });

  it('answers 401 to a revoked, unknown or malformed API key', async () => {
    const user = await makeUser(getDb(), 'agent');
    const { key, id } = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: user.auth,
        payload: { name: 'to revoke' },
      })
    ).json();
    const revoked = await app().inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: user.auth,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expectProblem(
      await app().inject({ url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}` } }),
      401,
      'invalid_api_key',
    );
    expectProblem(
      await app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: user.auth }),
      404,
    );
    for (const authorization of [
      `Bearer ${key}x`,
      'Bearer rpk_',
      `Bearer ${'rpk_'.padEnd(200, 'a')}`,
      `Token ${user.key}`,
      'Bearer',
      `Bearer ${user.key} extra`,
    ]) {
      expectProblem(await app().inject({ url: '/api/v1/contacts', headers: { authorization } }), 401);
    }
    // The user's other key still works.
    expect((await app().inject({ url: '/api/v1/contacts', headers: user.auth })).statusCode).toBe(200);
  });

  it('locks the account after 5 failed log-ins (429 account_locked, even with the right password) until an admin resets it', async () => {
    const user = await makeUser(getDb(), 'agent');
    const before = await login(app(), user.email);
    for (let i = 1; i <= 5; i++)
      expectProblem(await loginRequest(app(), user.email, `wrong password ${i}`), 401, 'invalid_credentials');
    const locked = expectProblem(await loginRequest(app(), user.email, PASSWORD), 429, 'account_locked');
    expect(Date.parse(String(locked.retryAfter))).toBeGreaterThan(Date.now());
    expect(
      (await app().inject({ url: `/api/v1/users/${user.id}`, headers: admin.auth })).json().lockedUntil,
    ).not.toBeNull();

    const newPassword = 'a brand new password';
    const reset = await app().inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/password`,
      headers: admin.auth,
      payload: { password: newPassword },
    });
    expect(reset.statusCode).toBe(204);
    // The reset ends every session of that user…
    expectProblem(await me({ cookie: before.cookie }), 401, 'unauthenticated');
    // …unlocks the account, and only the new password works.
    expect(
      (await app().inject({ url: `/api/v1/users/${user.id}`, headers: admin.auth })).json().lockedUntil,
    ).toBeNull();
    expectProblem(await loginRequest(app(), user.email, PASSWORD), 401, 'invalid_credentials');
    await login(app(), user.email, newPassword);
  });

  it('locks the account when the failed log-ins arrive all at once', async () => {
    const user = await makeUser(getDb(), 'agent');
    const ip = nextIp();
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => loginRequest(app(), user.email, `wrong password ${i}`, ip)),
    );
    for (const r of burst) expect([401, 429]).toContain(r.statusCode);
    expectProblem(await loginRequest(app(), user.email, PASSWORD), 429, 'account_locked');
  });

  it('ends the session on log-out', async () => {
    const user = await makeUser(getDb(), 'agent');
    const s = await login(app(), user.email);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    const out = await app().inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expectProblem(await me({ cookie: s.cookie }), 401, 'unauthenticated');
    expectProblem(
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: s.headers,
        payload: { firstName: 'After logout' },
      }),
      401,
    );
    const rows = rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from sessions where user_id = ${user.id}`),
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('shuts a deactivated user out: no log-in, no session, no API key', async () => {
    const user = await makeUser(getDb(), 'agent');
    const s = await login(app(), user.email);
    // A request first, so the key's principal is cached: deactivation must still take effect at once.
    expect((await app().inject({ url: '/api/v1/contacts', headers: user.auth })).statusCode).toBe(200);
    const off = await app().inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.auth,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expectProblem(await loginRequest(app(), user.email, PASSWORD), 401, 'invalid_credentials');
    expectProblem(await me({ cookie: s.cookie }), 401);
    expectProblem(
      await app().inject({ url: '/api/v1/contacts', headers: user.auth }),
      401,
      'invalid_api_key',
    );
    const on = await app().inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.auth,
      payload: { active: true },
    });
    expect(on.statusCode).toBe(200);
    await login(app(), user.email);
  });

  it('takes a role change into account on the very next request', async () => {
    const user = await makeUser(getDb(), 'agent');
    const s = await login(app(), user.email);
    expect(
      (
        await app().inject({
          method: 'POST',
          url: '/api/v1/contacts',
          headers: s.headers,
          payload: { firstName: 'Before demotion' },
        })
      ).statusCode,
    ).toBe(201);
    await app().inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.auth,
      payload: { role: 'viewer' },
    });
    expectProblem(
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: s.headers,
        payload: { firstName: 'After demotion' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: user.auth,
        payload: { firstName: 'After demotion' },
      }),
      403,
      'forbidden',
    );
  });

  it('rate-limits log-in per client address: 429 with Retry-After once the route’s limit is spent', async () => {
    const route = registeredRoutes(app()).find((r) => r.method === 'POST' && r.url === '/api/v1/auth/login')!;
    const limit = route.config.rateLimit as { max: number; timeWindow: string };
    expect(limit.max).toBeGreaterThan(0);
    expect(limit.max).toBeLessThanOrEqual(30);
    const ip = nextIp();
    // Every attempt counts, even one refused before any password is checked (and these cost no hashing).
    const attempt = (remoteAddress: string) =>
      app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@example.test' },
        remoteAddress,
      });
    for (let i = 0; i < limit.max; i++) expect((await attempt(ip)).statusCode).toBe(400);
    const limited = await attempt(ip);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(
      await loginRequest(app(), 'nobody@example.test', 'wrong password!', ip),
      429,
      'rate_limited',
    );
    // Another address is not affected.
    expect((await loginRequest(app(), 'nobody@example.test', 'wrong password!', nextIp())).statusCode).toBe(
      401,
    );
  });

  it('never sends a password hash, a key hash or a stored key after its creation', async () => {
    const user = await makeUser(getDb(), 'manager');
    const responses: LightMyRequestResponse[] = [];
    const track = async (p: Promise<LightMyRequestResponse>) => {
      const r = await p;
      responses.push(r);
      return r;
    };
    const s: Session = await login(app(), user.email);
    const created = await track(
      app().inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: s.headers,
        payload: { name: 'once' },
      }),
    );
    const plainKey = created.json().key as string;
    const newUser = await track(
      app().inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin.auth,
        payload: { email: `dto${Date.now()}@example.test`, password: PASSWORD, role: 'agent' },
      }),
    );
    for (const url of [
      '/api/v1/users',
      `/api/v1/users/${user.id}`,
      `/api/v1/users/${newUser.json().id}`,
      '/api/v1/api-keys?all=true',
      '/api/v1/auth/me',
      '/api/v1/teams',
      '/api/v1/openapi.json',
    ]) {
      await track(app().inject({ url, headers: url.endsWith('/me') ? { cookie: s.cookie } : admin.auth }));
    }
    await track(
      app().inject({
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        headers: admin.auth,
        payload: { name: 'Renamed' },
      }),
    );
    await track(
      app().inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers: s.headers,
        payload: { language: 'da' },
      }),
    );
    await track(
      app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.json().id}`, headers: s.headers }),
    );
    await track(loginRequest(app(), user.email, PASSWORD));

    const secrets = [
      ...rowsOf<{ s: string }>(await getDb().db.execute(sql`select password_hash as s from users`)).map(
        (r) => r.s,
      ),
      ...rowsOf<{ s: string }>(await getDb().db.execute(sql`select key_hash as s from api_keys`)).map(
        (r) => r.s,
      ),
      user.key,
      admin.key,
    ];
    expect(secrets.length).toBeGreaterThan(4);
    for (const r of responses) {
      const text = r.body + JSON.stringify(r.headers);
      expect(text).not.toMatch(/\$argon2/);
      expect(text).not.toMatch(/password_?hash|key_?hash/i);
      for (const secret of secrets)
        expect(text.includes(secret), `${r.raw.req.url} leaks a secret`).toBe(false);
      if (r !== created) expect(text.includes(plainKey), `${r.raw.req.url} repeats the API key`).toBe(false);
    }
  });

  it('lists users with exactly the whitelisted fields', async () => {
    await makeUser(getDb(), 'viewer');
    const viewer = await makeUser(getDb(), 'viewer');
    const list = await app().inject({ url: '/api/v1/users', headers: viewer.auth });
    expect(list.statusCode).toBe(200);
    const data = list.json().data as Record<string, unknown>[];
    expect(data.length).toBeGreaterThan(2);
    for (const u of data) expect(Object.keys(u).sort()).toEqual(userFields);
    expect(
      Object.keys(
        (await app().inject({ url: `/api/v1/users/${viewer.id}`, headers: viewer.auth })).json(),
      ).sort(),
    ).toEqual(userFields);
    const s = await login(app(), viewer.email);
    expect(Object.keys((await me({ cookie: s.cookie })).json().user).sort()).toEqual(userFields);
  });
});

describeEachDb('last admin', (_getDb, kind) => {
  it('refuses to demote or deactivate the last active admin', async () => {
    const fresh = await freshApp(kind);
    try {
      const { app, database } = fresh;
      const only = await makeUser(database, 'admin');
      for (const payload of [{ role: 'manager' }, { active: false }, { role: 'viewer', active: false }]) {
        expectProblem(
          await app.inject({ method: 'PATCH', url: `/api/v1/users/${only.id}`, headers: only.auth, payload }),
          409,
          'last_admin',
        );
      }
      expect(
        (await app.inject({ url: `/api/v1/users/${only.id}`, headers: only.auth })).json(),
      ).toMatchObject({ role: 'admin', active: true });

      const second = await makeUser(database, 'admin');
      const demoted = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${only.id}`,
        headers: second.auth,
        payload: { role: 'manager' },
      });
      expect(demoted.statusCode).toBe(200);
      expectProblem(
        await app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${second.id}`,
          headers: second.auth,
          payload: { active: false },
        }),
        409,
        'last_admin',
      );
    } finally {
      await fresh.close();
    }
  });

  it('keeps one admin when two admins demote each other at the same moment', async () => {
    const fresh = await freshApp(kind);
    try {
      const { app, database } = fresh;
      const a = await makeUser(database, 'admin');
      const b = await makeUser(database, 'admin');
      const [ab, ba] = await Promise.all([
        app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${b.id}`,
          headers: a.auth,
          payload: { role: 'agent' },
        }),
        app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${a.id}`,
          headers: b.auth,
          payload: { role: 'agent' },
        }),
      ]);
      const statuses = [ab.statusCode, ba.statusCode].sort();
      // Either one demotion wins and the other finds the actor no longer an admin (403) or the last admin (409).
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const admins = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from users where role = 'admin' and active = 1`,
        ),
      );
      expect(admins[0]!.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

/** Cookie security depends on config, not on the database: one engine is enough here. */
describe('secure session cookies', () => {
  let database: Database;
  let user: TestUser;
  beforeAll(async () => {
    database = await cloneDatabase('pglite');
    user = await makeUser(database, 'agent');
  });
  afterAll(async () => {
    await database?.close();
  });

  const sessionCookieOf = async (overrides: Partial<Config>, headers: Record<string, string>) => {
    const app = await buildApp({ config: testConfig(overrides), database, logger: false });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers,
        payload: { email: user.email, password: PASSWORD },
        remoteAddress: nextIp(),
      });
      expect(res.statusCode).toBe(200);
      return {
        cookie: ([] as string[])
          .concat(res.headers['set-cookie'] ?? [])
          .find((c) => c.startsWith('rapport_session=')),
        hsts: res.headers['strict-transport-security'],
      };
    } finally {
      await app.close();
    }
  };

  it('marks the cookie Secure behind a trusted HTTPS proxy, and not on plain local HTTP', async () => {
    const https = await sessionCookieOf(
      { cookieSecure: 'auto', trustProxy: true },
      { 'x-forwarded-proto': 'https' },
    );
    expect(https.cookie).toMatch(/;\s*Secure/i);
    expect(https.cookie).toMatch(/;\s*HttpOnly/i);
    const plain = await sessionCookieOf({ cookieSecure: 'auto', trustProxy: false }, {});
    expect(plain.cookie).toBeDefined();
    expect(plain.cookie).not.toMatch(/;\s*Secure/i);
    // An untrusted client cannot claim HTTPS to change the cookie.
    const spoofed = await sessionCookieOf(
      { cookieSecure: 'auto', trustProxy: false },
      { 'x-forwarded-proto': 'https' },
    );
    expect(spoofed.cookie).not.toMatch(/;\s*Secure/i);
  });

  it('sends HSTS and only Secure cookies when RAPPORT_COOKIE_SECURE=true', async () => {
    const res = await sessionCookieOf(
      { cookieSecure: true, trustProxy: true },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.cookie).toMatch(/;\s*Secure/i);
    expect(String(res.hsts)).toMatch(/max-age=\d+/);
    // Over plain HTTP the session cookie is withheld rather than sent without Secure.
    expect((await sessionCookieOf({ cookieSecure: true, trustProxy: false }, {})).cookie).toBeUndefined();
  });
});
