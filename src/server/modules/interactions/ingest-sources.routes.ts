import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  batchInput,
  batchResult,
  createdIngestSource,
  createIngestSourceInput,
  ingestSourceDto,
  sourceName,
  WEBHOOK_WINDOW_SECONDS,
} from '../../../shared/interactions.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import {
  createIngestSource,
  listIngestSources,
  revokeIngestSource,
  verifyWebhook,
} from './ingest-sources.service.ts';
import { ingestBatch } from './interactions.batch.ts';

const tags = ['Interactions'];
const admin = { role: 'admin' } as const;

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export function ingestSourcesRoutes(app: App, database: Database, config: Config) {
  app.get(
    '/ingest-sources',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Systems that may post to the signed interactions webhook',
        response: { 200: z.object({ data: z.array(ingestSourceDto) }) },
      },
    },
    async (req) => ({ data: await listIngestSources(req.ctx) }),
  );

  app.post(
    '/ingest-sources',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Add a source; the answer holds its signing secret, shown this once',
        body: createIngestSourceInput,
        response: { 201: createdIngestSource },
      },
    },
    async (req, reply) => reply.code(201).send(await createIngestSource(req.ctx, req.body.name)),
  );

  app.delete(
    '/ingest-sources/:id',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Revoke a source: its webhook requests are refused from now on',
        params: idParams,
      },
    },
    async (req, reply) => {
      await revokeIngestSource(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );

  // The webhook signs the exact bytes sent, so this scope keeps the raw body beside the parsed one.
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      req.rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('invalid_json', { status: 400, detail: 'The body is not valid JSON.' }));
      }
    });
    (scope as unknown as App).post(
      '/interactions/webhooks/:source',
      {
        config: { policy: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Signed webhook for another system’s interactions',
          description: `The body is the batch body (\`{"items":[…]}\`, up to 1,000); every item's \`source\` is the one in the URL. Sign with the source's secret: \`x-rapport-timestamp: <Unix seconds>\` and \`x-rapport-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>\`. Requests older or newer than ${WEBHOOK_WINDOW_SECONDS} s, with a wrong signature, or for an unknown or revoked source answer 401. Replays inside the window are harmless: items are stored once per externalId.`,
          params: z.object({ source: sourceName }),
          headers: z.object({
            'x-rapport-timestamp': z.string().max(20).optional(),
            'x-rapport-signature': z.string().max(200).optional(),
          }),
          body: batchInput,
          response: { 200: batchResult },
        },
      },
      async (req) => {
        const ctx = systemCtx(database, config, req.log);
        await verifyWebhook(
          database.db,
          req.params.source,
          { timestamp: req.headers['x-rapport-timestamp'], signature: req.headers['x-rapport-signature'] },
          req.rawBody ?? '',
          ctx.now(),
        );
        const items = req.body.items.map((item) =>
          item && typeof item === 'object' && !Array.isArray(item)
            ? { ...item, source: req.params.source }
            : item,
        );
        return ingestBatch(ctx, items);
      },
    );
  });
}
