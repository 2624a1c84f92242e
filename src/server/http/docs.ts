import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from './types.ts';

const configuration = {
  url: '/api/v1/openapi.json',
  pageTitle: 'Rapport API',
  withDefaultFonts: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  mcp: { disabled: true },
  agent: { disabled: true },
};

/**
 * The interactive API docs (Scalar) at /api/docs, served offline from the package's bundled script.
 * The plugin module is 4 MB of JavaScript; it is loaded on the first visit instead of at every start,
 * in a small inner Fastify instance whose answers are relayed.
 */
export function registerDocs(app: App) {
  let inner: Promise<FastifyInstance> | undefined;
  const load = () => {
    inner ??= (async () => {
      const { default: scalar } = await import('@scalar/fastify-api-reference');
      const docs = Fastify({ logger: false });
      await docs.register(scalar, { routePrefix: '/api/docs', configuration: configuration as never });
      await docs.ready();
      return docs;
    })();
    return inner;
  };
  const relay = async (url: string) => (await load()).inject({ method: 'GET', url });
  const csp =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";
  for (const path of ['/api/docs', '/api/docs/', '/api/docs/js/scalar.js']) {
    app.get(path, { config: { policy: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const res = await relay(req.url);
      const type = res.headers['content-type'];
      if (res.headers.location) reply.header('location', res.headers.location);
      if (type) reply.type(String(type));
      // Scalar bootstraps with an inline script: the docs page gets its own, looser policy.
      return reply
        .code(res.statusCode)
        .header('content-security-policy', csp)
        .header('cache-control', 'public, max-age=3600')
        .send(res.rawPayload);
    });
  }
}
