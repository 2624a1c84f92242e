import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/common.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { appSettings } from '../modules/system/system.schema.ts';
import { principalFromApiKey } from '../modules/users/api-keys.service.ts';
import { dbSessionStore } from '../modules/users/session-store.ts';
import { loadPrincipal } from '../modules/users/users.service.ts';
import { atLeast, type Ctx, type Principal } from './context.ts';
import { AppError } from './errors.ts';

/** Every route declares who may call it; a route without a policy fails at registration. */
export type Policy = 'public' | 'authenticated' | { role: Role };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
    /** The route logs a user in, so it needs a session even when the request has no session cookie. */
    startsSession?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    ctx: Ctx;
  }
  interface Session {
    userId?: string;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function sessionSecret(database: Database): Promise<string> {
  const candidate = randomBytes(48).toString('base64url');
  await database.db
    .insert(appSettings)
    .values({ key: 'session_secret', value: candidate })
    .onConflictDoNothing();
  const [row] = await database.db.select().from(appSettings).where(eq(appSettings.key, 'session_secret'));
  return row!.value as string;
}

export function policyOf(req: FastifyRequest): Policy | undefined {
  return req.routeOptions.config?.policy;
}

export type RegisteredRoute = {
  method: string;
  url: string;
  policy: Policy | undefined;
  config: Record<string, unknown>;
};
const routeTables = new WeakMap<object, RegisteredRoute[]>();

/** Every route registered on an app since `registerAuth`, with its policy (the route-policy test walks these). */
export function registeredRoutes(app: object): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

export const SESSION_COOKIE = 'rapport_session';

/**
 * @fastify/session starts a new session (a random id, an HMAC signature and a hash of its contents) for every
 * request without its cookie: every API-key call, health check and static file would pay for one and never
 * use it. Its onRequest hook is wrapped so that a session is loaded only when the request carries the
 * session cookie, and started only on routes that log in (`config.startsSession`); elsewhere `req.session`
 * stays null and no cookie is set. Returns the function that restores `addHook` once the plugin is in.
 */
function sessionsOnlyWhereUsed(app: FastifyInstance): () => void {
  const addHook = app.addHook;
  const wrapped = function (this: FastifyInstance, name: string, hook: unknown) {
    if (name !== 'onRequest' || typeof hook !== 'function')
      return addHook.call(this, name as never, hook as never);
    const inner = hook as (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
    const guarded = function (
      this: FastifyInstance,
      req: FastifyRequest,
      reply: FastifyReply,
      done: () => void,
    ) {
      const hasCookie = req.headers.cookie?.includes(`${SESSION_COOKIE}=`) ?? false;
      if (!hasCookie && req.routeOptions.config?.startsSession !== true) return done();
      inner.call(this, req, reply, done);
    };
    return addHook.call(this, 'onRequest', guarded as never);
  };
  app.addHook = wrapped as typeof app.addHook;
  return () => {
    app.addHook = addHook;
  };
}

export async function registerAuth(app: FastifyInstance, config: Config, database: Database) {
  const routes: RegisteredRoute[] = [];
  routeTables.set(app, routes);
  const record = (route: { method: string | string[]; url: string; config?: unknown }) => {
    const conf = (route.config ?? {}) as Record<string, unknown> & { policy?: Policy };
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, policy: conf.policy, config: conf });
  };
  // Every API route must declare its policy. Outside /api (the web app's static files) and the docs page
  // everything is public by definition: the data behind them is served by the API.
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { policy?: Policy };
    if (config.policy) return record(route);
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) {
      route.config = { ...config, policy: 'public' } as typeof route.config;
      return record(route);
    }
    throw new Error(`Route ${route.method} ${route.url} declares no access policy`);
  });

  await app.register(fastifyCookie);
  const restoreAddHook = sessionsOnlyWhereUsed(app);
  await app.register(fastifySession, {
    secret: await sessionSecret(database),
    cookieName: SESSION_COOKIE,
    store: dbSessionStore(database.db, config.sessionTtlMs),
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      path: '/',
      maxAge: config.sessionTtlMs,
    },
  });
  restoreAddHook();
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (req) => req.headers['x-csrf-token'] as string,
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('ctx', null as unknown as Ctx);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const policy = policyOf(req);
    let principal: Principal | null = null;
    const authz = req.headers.authorization;
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      principal = m ? await principalFromApiKey(database.db, m[1]!) : null;
      if (!principal && policy !== 'public')
        throw new AppError('invalid_api_key', { status: 401, detail: 'The API key is invalid or revoked.' });
    } else if (req.session?.userId) {
      principal = await loadPrincipal(database.db, req.session.userId, 'session');
      if (!principal) await req.session.destroy();
    }
    req.principal = principal;
    if (principal) {
      req.ctx = {
        db: database.db,
        database,
        config,
        user: principal,
        log: req.log.child({ userId: principal.id }),
        now: () => config.clock.now(),
      };
    }
    if (!policy || policy === 'public') return;
    if (!principal)
      throw new AppError('unauthenticated', { status: 401, detail: 'Log in or send an API key.' });
    if (typeof policy === 'object' && !atLeast(principal, policy.role)) {
      throw new AppError('forbidden', { status: 403, detail: `This needs the ${policy.role} role.` });
    }
    // Cookie-authenticated writes must carry the CSRF token (API keys are not sent by browsers on their own).
    if (principal.via === 'session' && unsafe.has(req.method)) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(req, reply, (err?: Error) =>
          err
            ? reject(
                new AppError('csrf_invalid', {
                  status: 403,
                  detail: 'The CSRF token is missing or wrong. Reload the page.',
                }),
              )
            : resolve(),
        ),
      );
    }
  });
}
