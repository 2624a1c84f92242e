import { z } from 'zod';
import { idParams, listCount } from '../../../shared/common.ts';
import { listQuery } from '../../../shared/filters.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  BATCH_MAX,
  batchInput,
  batchResult,
  createInteractionInput,
  interactionDto,
  interactionList,
  updateInteractionInput,
} from '../../../shared/interactions.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { ingestBatch } from './interactions.batch.ts';
import {
  countInteractions,
  createInteraction,
  deleteInteraction,
  getInteraction,
  listInteractions,
  restoreInteraction,
  updateInteraction,
} from './interactions.service.ts';

const tags = ['Interactions'];
const agent = { role: 'agent' } as const;

export function interactionsRoutes(app: App) {
  app.get(
    '/interactions',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List interactions',
        description:
          'Newest first (`sort=-occurredAt`), keyset-paginated. Filter like the other lists: `contactId=…`, `companyId=…`, `channel[in]=phone,meeting`, `touchpoint=service`, `occurredAt[gte]=2026-01-01`, `source=webshop`. `deleted=only` lists the recycle bin.',
        querystring: listQuery,
        response: { 200: interactionList },
      },
    },
    (req) => listInteractions(req.ctx, req.query),
  );

  app.get(
    '/interactions/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count interactions matching a list request',
        querystring: listQuery,
        response: { 200: listCount },
      },
    },
    (req) => countInteractions(req.ctx, req.query),
  );

  app.post(
    '/interactions',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Log an interaction',
        description:
          'With a contact, the contact’s company is filled in unless `companyId` is given. The body is rich text (HTML), stored sanitised. `source` + `externalId` make it unique: a second one answers 409 with `existingId`. Send `Idempotency-Key` to make retries safe.',
        body: createInteractionInput,
        response: { 201: interactionDto },
      },
    },
    async (req, reply) => {
      const created = await createInteraction(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/interactions/${created.id}`)
        .send(created);
    },
  );

  app.post(
    '/interactions/batch',
    {
      config: { policy: agent },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Ingest up to ${BATCH_MAX} interactions from another system`,
        description:
          'Each item names its customer by `contactId`, `email` or `phone` (or only `companyId`) and carries `source` and `externalId`. Items are checked one by one: the answer lists, in order, `created`, `duplicate` (stored before or earlier in the batch, with its id) or `error` with field paths; valid items are stored exactly once whatever the others hold.',
        body: batchInput,
        response: { 200: batchResult },
      },
    },
    (req) => ingestBatch(req.ctx, req.body.items),
  );

  app.get(
    '/interactions/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get an interaction',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: interactionDto },
      },
    },
    async (req, reply) => {
      const found = await getInteraction(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/interactions/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change an interaction',
        description:
          'Its user (or an admin, or a manager or agent of the user’s team) may change it. Send `If-Match: "<version>"`; a stale version answers 412.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateInteractionInput,
        response: { 200: interactionDto },
      },
    },
    async (req, reply) => {
      const updated = await updateInteraction(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.delete(
    '/interactions/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move an interaction to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteInteraction(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/interactions/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore an interaction from the recycle bin (within 30 days)',
        params: idParams,
        response: { 200: interactionDto },
      },
    },
    (req) => restoreInteraction(req.ctx, req.params.id),
  );

  app.get(
    '/interactions/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of an interaction, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getInteraction(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'interaction', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
