import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { makeUser, type TestUser, testConfig, useApp } from '../../../tests/helpers/app.ts';
import { cloneDatabase, describeEachDb } from '../../../tests/helpers/db.ts';
import { expectProblem } from '../../../tests/helpers/http.ts';
import { tcpProxy } from '../../../tests/helpers/tcp-proxy.ts';
import { buildApp } from '../app.ts';
import { type Database, openPostgres } from '../db/client.ts';
import { isDatabaseUnavailable, registerErrorHandling } from './errors.ts';
import type { App } from './types.ts';

describeEachDb('HTTP basics', (getDb, kind) => {
  const app = useApp(getDb);
  let agent: TestUser;
  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
  });

  it('reports health with the database kind', async () => {
    const res = await app().inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: kind });
  });

  it('serves an OpenAPI 3.1 document with the contacts paths and no dangling $ref', async () => {
    const res = await app().inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/contacts',
        '/api/v1/contacts/{id}',
        '/api/v1/companies',
        '/api/v1/custom-fields',
      ]),
    );
    expect(doc.paths['/api/v1/contacts'].post.requestBody).toBeDefined();
    expect(doc.paths).not.toHaveProperty('/api/health');

    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of new Set(refs)) {
      expect(ref, 'only local references').toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>(
          (node, key) =>
            node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
          doc,
        );
      expect(target, `${ref} resolves`).toBeDefined();
    }
  });

  it('serves the API docs page from this origin only', async () => {
    const redirect = await app().inject({ url: '/api/docs' });
    expect([200, 301, 302]).toContain(redirect.statusCode);
    const res = await app().inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    const tags = html.match(/<(script|link|img|iframe)\b[^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      const url = /\b(?:src|href)\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
      if (url) expect(url, tag).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    }
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']https?:/i);
    const script = /<script[^>]+src=["']([^"']+)["']/i.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await app().inject({ url: new URL(script!, 'http://x/api/docs/').pathname });
    expect(bundle.statusCode).toBe(200);
    // The bundle knows other hosts (Scalar's proxy, registry…); the page's policy keeps it from calling them.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:/);
  });

  it('sends security headers on API answers and on the docs page', async () => {
    for (const url of ['/api/v1/contacts', '/api/health', '/api/v1/nope', '/api/docs/']) {
      const res = await app().inject({ url, headers: agent.auth });
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).not.toMatch(/script-src[^;]*\*/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(
        /frame-ancestors '(none|self)'/.test(csp) ||
          /^(DENY|SAMEORIGIN)$/i.test(String(res.headers['x-frame-options'])),
        url,
      ).toBe(true);
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
    const api = await app().inject({ url: '/api/v1/contacts', headers: agent.auth });
    expect(api.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(api.headers['content-security-policy']).toContain("object-src 'none'");
    expect(api.headers['content-security-policy']).not.toContain("'unsafe-inline'; script");
    expect(String(api.headers['content-security-policy'])).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('answers 413 problem+json to a body over the limit, writing nothing', async () => {
    const big = 'x'.repeat(testConfig().bodyLimit + 10);
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...agent.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ firstName: 'Big', description: big }),
    });
    expectProblem(res, 413, 'body_too_large');
    expect(
      (await app().inject({ url: '/api/v1/contacts?firstName=Big', headers: agent.auth })).json().data,
    ).toEqual([]);
  });

  it('answers 404 problem+json to an unknown API route, whatever the method', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['POST', '/api/v1/nope'],
      ['DELETE', '/api/v1/contacts'],
      ['GET', '/api/nope'],
      ['GET', '/api/v1/contacts/a/b/c'],
    ] as const) {
      const body = expectProblem(
        await app().inject({ method, url, headers: agent.auth }),
        404,
        'route_not_found',
      );
      expect(body.detail).toContain(url);
    }
  });

  it('answers 400 to malformed JSON and 415 to a body that is not JSON', async () => {
    const post = (contentType: string, payload: string) =>
      app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { ...agent.auth, 'content-type': contentType },
        payload,
      });
    expectProblem(await post('application/json', '{"firstName":'), 400, 'malformed_json');
    expectProblem(await post('application/json', ''), 400, 'malformed_json');
    expectProblem(await post('application/xml', '<contact/>'), 415, 'unsupported_media_type');
    expectProblem(
      await post('application/x-www-form-urlencoded', 'firstName=x'),
      415,
      'unsupported_media_type',
    );
    // Fastify parses text/plain itself; the schema then refuses the string.
    expectProblem(await post('text/plain', 'firstName=x'), 400, 'validation_failed');
  });
});

describe('error handler', () => {
  let app: App;
  const secret = 'select password_hash from users where email = $1';
  const pgError = () =>
    Object.assign(new Error(`relation "secret_table" does not exist`), {
      code: '42P01',
      severity: 'ERROR',
      position: '15',
      routine: 'parserOpenTable',
    });

  beforeAll(async () => {
    app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>() as unknown as App;
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    app.get('/error', async () => {
      throw new Error(secret);
    });
    app.get('/pg', async () => {
      throw pgError();
    });
    app.get('/drizzle', async () => {
      throw new Error(`Failed query: ${secret}\nparams: alice@example.test`, { cause: pgError() });
    });
    app.get('/string', async () => {
      throw secret;
    });
    app.get('/type-error', async () => {
      const o = undefined as unknown as { x: { y: string } };
      return o.x.y;
    });
    app.get(
      '/serialize',
      { schema: { response: { 200: z.object({ name: z.string() }) } } },
      async () => ({ name: 42, passwordHash: 'secret-hash' }) as never,
    );
    app.get('/unavailable', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    });
    app.get('/unavailable-wrapped', async () => {
      throw new Error(`Failed query: ${secret}`, {
        cause: Object.assign(new Error('Connection terminated unexpectedly'), {}),
      });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  for (const url of ['/error', '/pg', '/drizzle', '/string', '/type-error', '/serialize']) {
    it(`answers ${url} with a 500 that reveals nothing but a reference`, async () => {
      const res = await app.inject({ url });
      const body = expectProblem(res, 500, 'internal_error');
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
      expect(body.detail).toMatch(/^An unexpected error occurred\. Reference: [\w-]+$/);
      for (const leak of [
        'select',
        'password',
        'secret',
        'relation',
        'alice',
        '42P01',
        'at ',
        '.ts',
        'stack',
        'TypeError',
        'undefined',
      ]) {
        expect(res.body.toLowerCase(), leak).not.toContain(leak.toLowerCase());
      }
    });
  }

  it('answers 503 without the host or port when the database is unreachable', async () => {
    for (const url of ['/unavailable', '/unavailable-wrapped']) {
      const res = await app.inject({ url });
      expectProblem(res, 503, 'database_unavailable');
      for (const leak of ['10.1.2.3', '5432', 'ECONNREFUSED', 'select', 'terminated'])
        expect(res.body, leak).not.toContain(leak);
    }
  });
});

describe.skipIf(!inject('pgTemplate'))('database unavailable [postgres]', () => {
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  let database: Database;
  let app: App;
  let agent: TestUser;

  beforeAll(async () => {
    const base = new URL(inject('pgBaseUrl'));
    proxy = await tcpProxy({ host: base.hostname, port: Number(base.port || 5432) });
    database = await cloneDatabase('postgres', {
      connectVia: (url) => {
        const via = new URL(url);
        via.hostname = '127.0.0.1';
        via.port = String(proxy.port);
        return via;
      },
    });
    app = await buildApp({ config: testConfig(), database, logger: false });
    await app.ready();
    agent = await makeUser(database, 'agent');
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await app?.close();
    await database?.close();
  });

  it('answers 503 problem+json quickly while the database is down, and recovers when it is back', async () => {
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    await proxy.cut();
    try {
      for (const req of [
        { url: '/api/health' },
        { url: '/api/v1/contacts', headers: agent.auth },
        {
          url: '/api/v1/contacts',
          method: 'POST' as const,
          headers: agent.auth,
          payload: { firstName: 'Down' },
        },
      ]) {
        const started = Date.now();
        const res = await app.inject(req);
        expectProblem(res, 503, 'database_unavailable');
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(res.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|select/);
      }
    } finally {
      await proxy.restore();
    }
    // The pool reconnects on its own: no restart of the app.
    let health = await app.inject({ url: '/api/health' });
    for (let i = 0; i < 20 && health.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = await app.inject({ url: '/api/health' });
    }
    expect(health.json()).toEqual({ status: 'ok', database: 'postgres' });
    expect((await app.inject({ url: '/api/v1/contacts', headers: agent.auth })).statusCode).toBe(200);
  });

  it('fails fast with an error recognised as "database unavailable" on a closed port', async () => {
    const closed = openPostgres('postgres://postgres@127.0.0.1:1/x', 1);
    const started = Date.now();
    const err = await closed.db.execute('select 1' as never).then(
      () => null,
      (e: unknown) => e,
    );
    await closed.close();
    expect(err).not.toBeNull();
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
