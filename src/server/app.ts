import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { registerAuth } from './http/auth.ts';
import { registerDocs } from './http/docs.ts';
import { AppError, registerErrorHandling, sendProblem } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { loggerOptions } from './http/logger.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import type { App } from './http/types.ts';
import { registerModules } from './modules/index.ts';

export const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export type BuildOptions = { config: Config; database: Database; logger?: FastifyServerOptions['logger'] };

/** Builds the HTTP app on an open database. Tests call this with `inject`; `main.ts` adds listen and shutdown. */
export async function buildApp({ config, database, logger }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  registerSecurityHeaders(app, { hsts: config.cookieSecure === true });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', {
        status: 429,
        detail: `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} s.`,
      }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'The Rapport CRM API. Authenticate with `Authorization: Bearer <api key>` or the session cookie.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await registerAuth(app, config, database);
  registerIdempotency(app, database);

  app.get(
    '/api/health',
    {
      config: { policy: 'public' },
      schema: {
        hide: true,
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await database.db.execute('select 1' as never).catch((err) => {
        throw Object.assign(new Error('database unavailable', { cause: err }), { code: 'ECONNREFUSED' });
      });
      return { status: 'ok' as const, database: database.kind };
    },
  );

  await app.register(
    async (api) => {
      registerModules(api as unknown as App, { config, database });
      api.get('/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
    },
    { prefix: '/api/v1' },
  );

  registerDocs(app);

  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  // The web app's shell: never cached, so a new build is picked up at once; its hashed assets are.
  const sendShell = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot, { cacheControl: false });
  if (hasWeb) {
    app.get('/', { config: { policy: 'public' }, schema: { hide: true } }, (_req, reply) => sendShell(reply));
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: false,
      serve: true,
      preCompressed: false,
      maxAge: '1h',
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api');
    const isAsset = req.url.startsWith('/assets/');
    if (!isApi && !isAsset && req.method === 'GET' && hasWeb) return sendShell(reply);
    return sendProblem(reply, 404, 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}.`);
  });
  return app;
}
