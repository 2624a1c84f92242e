import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type RegisteredRoute, registeredRoutes } from '../../src/server/http/auth.ts';
import { roleRank } from '../../src/server/http/context.ts';
import type { Role } from '../../src/shared/common.ts';
import { makeUser, type TestUser, testConfig, useApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { expectProblem, randomUuid, tableCounts } from '../helpers/http.ts';

/**
 * Side routes that skip the permission check are the most common access bug in CRMs (SECURITY.md). These
 * tests walk every registered route instead of a hand-written list, so a new route is covered the day it lands.
 */

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const writes = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const isApi = (r: RegisteredRoute) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs');
const requiredRole = (r: RegisteredRoute): Role | null =>
  typeof r.policy === 'object' ? r.policy.role : null;

/** A body that passes validation, so an answer is about access and not about the input. */
function validBody(method: string, url: string): object | undefined {
  if (url.endsWith('/erase')) return { reason: 'route policy test' };
  if (url.endsWith('/password')) return { password: 'a new long password' };
  if (url.endsWith('/outcome')) return { outcome: 'route policy test' };
  if (url.endsWith('/response')) return { response: 'accepted' };
  if (method === 'PATCH' && url.startsWith('/api/v1/notes/')) return { body: 'changed' };
  if (method === 'PUT' && url.endsWith('/items')) return { items: [] };
  if (url === '/api/v1/orders/:id/status') return { status: 'confirmed' };
  if (url.endsWith('/void') || url.endsWith('/disqualify')) return { reason: 'route policy test' };
  if (url.endsWith('/credit-note'))
    return { lines: [{ invoiceLineId: randomUuid(), quantity: '1' }], reason: 'route policy test' };
  if (method === 'POST' && url.endsWith('/payments')) return { amount: 100 };
  if (url.endsWith('/merge')) return { otherId: randomUuid() };
  if (method === 'PATCH') return {};
  return undefined;
}

/** Parses `printRoutes({ commonPrefix: false })` into method + full URL pairs (Fastify's own view of the router). */
function routerRoutes(tree: string): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = url;
    for (const method of m[3]?.split(', ') ?? []) out.push({ method, url });
  }
  return out;
}

describeEachDb('route policies', (getDb) => {
  const app = useApp(getDb);
  const users = {} as Record<Role, TestUser>;
  const ids: Record<string, string> = {};
  let routes: RegisteredRoute[];

  const urlFor = (route: RegisteredRoute, id: string) => route.url.replace(':id', id);
  const call = (route: RegisteredRoute, id: string, headers: Record<string, string> = {}) =>
    app().inject({
      method: route.method as Method,
      url: urlFor(route, id),
      headers,
      payload: validBody(route.method, route.url),
    });

  /** An id of an existing record the route acts on, so a 403/401 cannot be a 404 in disguise. */
  const existingId = (route: RegisteredRoute) => {
    const noun = /^\/api\/v1\/([a-z-]+)\/:id/.exec(route.url)?.[1];
    return (noun && ids[noun]) ?? randomUuid();
  };

  beforeAll(async () => {
    for (const role of ['admin', 'manager', 'agent', 'viewer'] as Role[])
      users[role] = await makeUser(getDb(), role);
    const admin = users.admin.auth;
    const post = async (url: string, payload: object) => {
      const res = await app().inject({ method: 'POST', url, headers: admin, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    ids.contacts = await post('/api/v1/contacts', { firstName: 'Policy', lastName: 'Walk' });
    ids.companies = await post('/api/v1/companies', { name: 'Policy Walk ApS' });
    ids.interactions = await post('/api/v1/interactions', { channel: 'phone', contactId: ids.contacts });
    ids.notes = await post('/api/v1/notes', { contactId: ids.contacts, body: 'Policy walk' });
    ids.tasks = await post('/api/v1/tasks', { title: 'Policy walk', contactId: ids.contacts });
    ids.events = await post('/api/v1/events', {
      title: 'Policy walk',
      startsAt: '2026-06-01T09:00:00Z',
      endsAt: '2026-06-01T10:00:00Z',
    });
    ids.teams = await post('/api/v1/teams', { name: 'Policy team' });
    ids['custom-fields'] = await post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'policy_walk',
      type: 'text',
      labels: { en: 'Policy walk' },
    });
    ids.views = await post('/api/v1/views', { entity: 'contact', name: 'Admin private', definition: {} });
    ids['api-keys'] = await post('/api/v1/api-keys', { name: 'admin key' });
    ids.users = users.agent.id;
    routes = [...registeredRoutes(app())];
  });

  it('declares a policy on every /api route, and the registry knows every route the router has', () => {
    const api = routes.filter(isApi);
    expect(api.length).toBeGreaterThan(40);
    for (const r of api) {
      const ok =
        r.policy === 'public' ||
        r.policy === 'authenticated' ||
        (typeof r.policy === 'object' && r.policy.role in roleRank);
      expect(ok, `${r.method} ${r.url}`).toBe(true);
    }
    const known = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const fromRouter = routerRoutes(app().printRoutes({ commonPrefix: false })).filter((r) =>
      r.url.startsWith('/api/'),
    );
    expect(fromRouter.length).toBeGreaterThan(40);
    for (const r of fromRouter)
      expect(known.has(`${r.method} ${r.url}`), `${r.method} ${r.url} is not in the registry`).toBe(true);
  });

  it('keeps the list of public API routes short and deliberate', () => {
    const publicRoutes = routes
      .filter((r) => isApi(r) && r.policy === 'public' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /api/health',
        'GET /api/v1/openapi.json',
        'GET /api/v1/setup',
        // Authenticated by the secret token in its address instead (events.ics.test.ts).
        'GET /api/v1/calendar-feed/:token.ics',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        // Authenticated by an HMAC signature instead (ingest-sources.test.ts).
        'POST /api/v1/interactions/webhooks/:source',
        'POST /api/v1/setup',
        // The customer's view of a sent quote, by the secret in its link (only its SHA-256 is stored;
        // quotes.test.ts: wrong or revised-away token → 404, rate-limited).
        'GET /api/v1/public/quotes/:token',
        'GET /api/v1/public/quotes/:token/pdf',
        'POST /api/v1/public/quotes/:token/accept',
        'POST /api/v1/public/quotes/:token/decline',
        // Web-to-lead forms on other sites: honeypot, signed fill time and a rate limit (leads tests).
        'GET /api/v1/public/lead-forms/:publicKey',
        'OPTIONS /api/v1/public/lead-forms/:publicKey/submit',
        'POST /api/v1/public/lead-forms/:publicKey',
        'POST /api/v1/public/lead-forms/:publicKey/submit',
        // Double opt-in: the secret in the confirmation mail's link grants the consent.
        'GET /api/v1/public/consents/confirm/:token',
      ].sort(),
    );
  });

  it('refuses to register an /api route that declares no policy', async () => {
    const bare = await buildApp({ config: testConfig(), database: getDb(), logger: false });
    try {
      expect(() => bare.get('/api/v1/unguarded', async () => ({ secret: true }))).toThrow(
        /declares no access policy/,
      );
    } finally {
      await bare.close();
    }
  });

  it('answers 401 problem+json to every non-public /api/v1 route without credentials and writes nothing', async () => {
    const before = await tableCounts(getDb());
    const guarded = routes.filter((r) => isApi(r) && r.policy !== 'public');
    expect(guarded.length).toBeGreaterThan(30);
    const forged: Record<string, string>[] = [
      {},
      { authorization: 'Bearer rpk_forged' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { cookie: 'rapport_session=forged.signature' },
    ];
    for (const r of guarded) {
      for (const headers of forged) {
        const res = await call(r, existingId(r), headers);
        expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(headers)}`).toBe(401);
        if (r.method !== 'HEAD') expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(await tableCounts(getDb())).toEqual(before);
  });

  it('answers 401 to a revoked API key on every non-public route', async () => {
    const user = await makeUser(getDb(), 'admin');
    const revoke = await app().inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${(await listKeyIds(user))[0]}`,
      headers: user.auth,
    });
    expect(revoke.statusCode).toBe(200);
    for (const r of routes.filter((x) => isApi(x) && x.policy !== 'public' && x.method !== 'HEAD')) {
      expectProblem(await call(r, existingId(r), user.auth), 401, 'invalid_api_key');
    }
  });

  async function listKeyIds(user: TestUser): Promise<string[]> {
    return (await app().inject({ url: '/api/v1/api-keys', headers: user.auth }))
      .json()
      .data.map((k: { id: string }) => k.id);
  }

  for (const role of ['viewer', 'agent', 'manager'] as Role[]) {
    it(`answers 403 to a ${role} on every route that needs a higher role and writes nothing`, async () => {
      const before = await tableCounts(getDb());
      const above = routes.filter(
        (r) => isApi(r) && requiredRole(r) && roleRank[requiredRole(r)!] > roleRank[role],
      );
      expect(above.length).toBeGreaterThanOrEqual(role === 'viewer' ? 20 : 8);
      for (const r of above) {
        const res = await call(r, existingId(r), users[role].auth);
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        if (r.method !== 'HEAD') expect(res.json().code).toBe('forbidden');
      }
      expect(await tableCounts(getDb())).toEqual(before);
    });
  }

  it('covers every write of contacts, companies, interactions, notes, tasks, custom fields, users and teams in the viewer matrix', () => {
    const nouns = /^\/api\/v1\/(contacts|companies|interactions|notes|tasks|custom-fields|users|teams)(\/|$)/;
    // The signed webhook answers to its HMAC signature, not to a role (ingest-sources.test.ts).
    const writeRoutes = routes.filter(
      (r) => writes.has(r.method) && nouns.test(r.url) && r.url !== '/api/v1/interactions/webhooks/:source',
    );
    expect(writeRoutes.length).toBeGreaterThanOrEqual(28);
    for (const r of writeRoutes) {
      const need = requiredRole(r);
      expect(need && roleRank[need] > roleRank.viewer, `${r.method} ${r.url} is open to viewers`).toBe(true);
    }
  });

  it('lists the admin-only routes an agent must never reach', () => {
    const adminOnly = routes
      .filter((r) => isApi(r) && requiredRole(r) === 'admin')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(adminOnly).toEqual(
      expect.arrayContaining([
        'POST /api/v1/users',
        'PATCH /api/v1/users/:id',
        'POST /api/v1/users/:id/password',
        'POST /api/v1/teams',
        'PATCH /api/v1/teams/:id',
        'DELETE /api/v1/teams/:id',
        'POST /api/v1/custom-fields',
        'PATCH /api/v1/custom-fields/:id',
        'DELETE /api/v1/custom-fields/:id',
        'POST /api/v1/contacts/:id/erase',
        'POST /api/v1/companies/:id/erase',
      ]),
    );
  });

  it('answers 404 problem+json for an unknown id on every route that takes one', async () => {
    const withId = routes.filter((r) => isApi(r) && r.url.includes(':id') && r.method !== 'HEAD');
    expect(withId.length).toBeGreaterThan(15);
    for (const r of withId) {
      const res = await call(r, randomUuid(), users.admin.auth);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers 404, not 403, for another user’s private view and API key', async () => {
    const agent = users.agent.auth;
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await app().inject({
        method,
        url: `/api/v1/views/${ids.views}`,
        headers: agent,
        payload: method === 'PATCH' ? { name: 'Mine now' } : undefined,
      });
      expectProblem(res, 404);
    }
    expect(
      (await app().inject({ url: '/api/v1/views?entity=contact', headers: agent }))
        .json()
        .data.map((v: { id: string }) => v.id),
    ).not.toContain(ids.views);
    expectProblem(
      await app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${ids['api-keys']}`, headers: agent }),
      404,
    );
    const keys = (await app().inject({ url: '/api/v1/api-keys?all=true', headers: agent })).json().data;
    expect(keys.every((k: { userId: string }) => k.userId === users.agent.id)).toBe(true);
  });

  it('answers 404 for records in the recycle bin on every record route except restore', async () => {
    const c = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: users.admin.auth,
        payload: { firstName: 'Binned' },
      })
    ).json();
    expect(
      (await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${c.id}`, headers: users.admin.auth }))
        .statusCode,
    ).toBe(204);
    const h = users.admin.auth;
    expectProblem(
      await app().inject({ url: `/api/v1/contacts/${c.id}`, headers: h }),
      404,
      'contact_not_found',
    );
    expectProblem(
      await app().inject({
        method: 'PATCH',
        url: `/api/v1/contacts/${c.id}`,
        headers: h,
        payload: { firstName: 'X' },
      }),
      404,
    );
    expectProblem(await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${c.id}`, headers: h }), 404);
    expect(
      (await app().inject({ url: `/api/v1/contacts/${c.id}?includeDeleted=true`, headers: h })).statusCode,
    ).toBe(200);
    const live = (await app().inject({ url: '/api/v1/contacts?firstName=Binned', headers: h })).json().data;
    expect(live).toEqual([]);
  });
});

describe('route policy helpers', () => {
  it('parses the router tree into full URLs', () => {
    const tree = [
      '└── /api/v1/users (GET, HEAD, POST)',
      '    └── /:id (GET, PATCH)',
      '        └── /password (POST)',
      '',
    ].join('\n');
    expect(routerRoutes(tree)).toEqual([
      { method: 'GET', url: '/api/v1/users' },
      { method: 'HEAD', url: '/api/v1/users' },
      { method: 'POST', url: '/api/v1/users' },
      { method: 'GET', url: '/api/v1/users/:id' },
      { method: 'PATCH', url: '/api/v1/users/:id' },
      { method: 'POST', url: '/api/v1/users/:id/password' },
    ]);
  });
});
