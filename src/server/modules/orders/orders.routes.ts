import { z } from 'zod';
import { idParams, listCount } from '../../../shared/common.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  createOrderInput,
  INGEST_MAX,
  ingestInput,
  ingestResult,
  orderDto,
  orderList,
  orderListQuery,
  orderStatusInput,
  updateOrderInput,
} from '../../../shared/orders.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { ingestOrders } from './orders.ingest.ts';
import { countOrders, listOrders } from './orders.list.ts';
import {
  changeOrderStatus,
  createOrder,
  deleteOrder,
  getOrder,
  restoreOrder,
  updateOrder,
} from './orders.service.ts';

const tags = ['Orders'];
const agent = { role: 'agent' } as const;

/** Routes of the orders module. */
export function ordersRoutes(app: App) {
  app.get(
    '/orders',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List orders',
        description:
          'Newest first (`orderedAt` descending), keyset-paginated with `cursor`. Filter like the other lists: `status=confirmed`, `status[in]=new,confirmed`, `channel=web`, `contactId=…`, `companyId=…`, `ownerId=…`, `orderedAt[gte]=2026-01-01&orderedAt[lt]=2026-02-01`. `q` finds an order by its number (or the beginning of it). `deleted=only` lists the recycle bin.',
        querystring: orderListQuery,
        response: { 200: orderList },
      },
    },
    (req) => listOrders(req.ctx, req.query),
  );

  app.get(
    '/orders/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count orders matching a list request',
        querystring: orderListQuery,
        response: { 200: listCount },
      },
    },
    (req) => countOrders(req.ctx, req.query),
  );

  app.post(
    '/orders',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Enter an order',
        description:
          'A customer (`contactId` and/or `companyId`; a contact brings its company), `channel`, `currency` and the lines. The number (`SO-2026-0001`), totals (each line rounded once, tax per rate) and each line’s cost snapshot are computed. Archived products are refused. Send `Idempotency-Key` to make retries safe.',
        body: createOrderInput,
        response: { 201: orderDto },
      },
    },
    async (req, reply) => {
      const created = await createOrder(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/orders/${created.id}`)
        .send(created);
    },
  );

  app.post(
    '/orders/ingest',
    {
      config: { policy: agent },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Ingest up to ${INGEST_MAX} web-shop orders`,
        description:
          'Each order carries `source` and `externalId` (stored once per pair), its customer (`contactId`, `email` or `phone`; an unknown e-mail or phone creates the contact with `firstName`/`lastName`) and its lines (`sku` or `productId` — resolved to the catalogue — or a free `description`). The answer lists per item, in order: `created`, `duplicate` (with the stored order) or `error` with field paths; valid orders are stored exactly once whatever the others hold.',
        body: ingestInput,
        response: { 200: ingestResult },
      },
    },
    (req) => ingestOrders(req.ctx, req.body.orders),
  );

  app.get(
    '/orders/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get an order with its lines',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: orderDto },
      },
    },
    async (req, reply) => {
      const found = await getOrder(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/orders/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change an order',
        description:
          '`note`, `shippingAddress` and `ownerId` at any time; `lines` (replacing them all, with totals and cost recomputed) only while the order is `new` (409 otherwise). Send `If-Match: "<version>"`; a stale version answers 412.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateOrderInput,
        response: { 200: orderDto },
      },
    },
    async (req, reply) => {
      const updated = await updateOrder(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.post(
    '/orders/:id/status',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move an order to its next status',
        description:
          'new → confirmed → shipped → delivered; `cancelled` from new or confirmed; `returned` from shipped or delivered. Each sets its time (`confirmedAt`, …). Any other step answers 422 naming the allowed ones (`nextStatuses` of the order says them too). Send `If-Match`.',
        params: idParams,
        headers: ifMatchHeader,
        body: orderStatusInput,
        response: { 200: orderDto },
      },
    },
    async (req, reply) => {
      const updated = await changeOrderStatus(
        req.ctx,
        req.params.id,
        req.body.status,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.delete(
    '/orders/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move a new order to the recycle bin',
        description:
          'Only orders still `new`; a confirmed order is never deleted (409): cancel or return it.',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteOrder(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/orders/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore an order from the recycle bin',
        params: idParams,
        response: { 200: orderDto },
      },
    },
    (req) => restoreOrder(req.ctx, req.params.id),
  );

  app.get(
    '/orders/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of an order, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getOrder(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'order', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
