import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  boardDto,
  boardQuery,
  createDealInput,
  createPipelineInput,
  dealDetailDto,
  dealList,
  dealListQuery,
  forecastDto,
  forecastQuery,
  moveDealInput,
  pipelineDto,
  pipelineList,
  updateDealInput,
  updatePipelineInput,
} from '../../../shared/deals.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { dealBoard, dealForecast, listDeals } from './deals.list.ts';
import { createDeal, deleteDeal, getDeal, moveDeal, restoreDeal, updateDeal } from './deals.service.ts';
import {
  archivePipeline,
  archiveStage,
  createPipeline,
  getPipeline,
  listPipelines,
  updatePipeline,
} from './pipelines.service.ts';

const tags = ['Deals'];
const agent = { role: 'agent' } as const;
const manager = { role: 'manager' } as const;
const etag = (v: { version: number }) => `"${v.version}"`;

function pipelineRoutes(app: App) {
  app.get(
    '/pipelines',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List pipelines with their stages',
        description:
          'The default pipeline (New → Qualified → Proposal → Negotiation → Won / Lost) is created on first use.',
        response: { 200: pipelineList },
      },
    },
    (req) => listPipelines(req.ctx),
  );

  app.post(
    '/pipelines',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Create a pipeline',
        description:
          'Stages in order, each with labels (`{en, fr?, de?, da?}`), a probability 0–100, a kind (`open`, `won`, `lost`: exactly one won and at least one lost stage) and optional rotting days.',
        body: createPipelineInput,
        response: { 201: pipelineDto },
      },
    },
    async (req, reply) => {
      const created = await createPipeline(req.ctx, req.body);
      return reply.code(201).header('etag', etag(created)).send(created);
    },
  );

  app.get(
    '/pipelines/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Get a pipeline', params: idParams, response: { 200: pipelineDto } },
    },
    async (req, reply) => {
      const p = await getPipeline(req.ctx.db, req.params.id);
      return reply.header('etag', etag(p)).send(p);
    },
  );

  app.patch(
    '/pipelines/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Rename a pipeline, make it the default, or reorder, rename, add and archive its stages',
        description:
          '`stages` is the whole ordered list: stages with an `id` are kept, stages without one are added, stages left out are archived — refused with 409 while an open deal is in one. Send `If-Match`.',
        params: idParams,
        headers: ifMatchHeader,
        body: updatePipelineInput,
        response: { 200: pipelineDto },
      },
    },
    async (req, reply) => {
      const p = await updatePipeline(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match']));
      return reply.header('etag', etag(p)).send(p);
    },
  );

  app.delete(
    '/pipelines/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Archive a pipeline (not the default one, and not while it has open deals)',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await archivePipeline(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.delete(
    '/pipeline-stages/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Archive a stage (409 while an open deal is in it)',
        params: idParams,
        response: { 200: pipelineDto },
      },
    },
    (req) => archiveStage(req.ctx, req.params.id),
  );
}

export function dealsRoutes(app: App) {
  pipelineRoutes(app);

  app.get(
    '/deals',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List deals',
        description:
          'Newest first; keyset-paginated with `cursor`. Filter like the other lists: `pipelineId`, `stageId`, `status=open|won|lost`, `ownerId` (or `ownerId=me`), `contactId`, `companyId`, `expectedCloseOn[gte]=2026-01-01&expectedCloseOn[lte]=2026-03-31`; `q` searches the title; `deleted=only` lists the recycle bin.',
        querystring: dealListQuery,
        response: { 200: dealList },
      },
    },
    (req) => listDeals(req.ctx, req.query),
  );

  app.get(
    '/deals/board',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'A pipeline as a board',
        description:
          'Per stage: the count, the sum of amounts per currency, the weighted sum (Σ round(amount × probability / 100)) and the first 50 cards in rank order. The default pipeline without `pipelineId`.',
        querystring: boardQuery,
        response: { 200: boardDto },
      },
    },
    (req) => dealBoard(req.ctx, req.query),
  );

  app.get(
    '/deals/forecast',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Weighted forecast by month, owner and currency',
        description:
          'Open deals by expected close month: count, total and weighted total (each deal rounded once, in integer minor units), beside the deals won in the month (by close date, UTC).',
        querystring: forecastQuery,
        response: { 200: forecastDto },
      },
    },
    (req) => dealForecast(req.ctx, req.query),
  );

  app.post(
    '/deals',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Create a deal',
        description:
          'In the default pipeline’s first stage unless `pipelineId` / `stageId` say otherwise; owned by you unless `ownerId` says otherwise. A contact and/or a company is required (the contact’s company is filled in). With `lines`, the amount is their net total. Send `Idempotency-Key` to make retries safe.',
        body: createDealInput,
        response: { 201: dealDetailDto },
      },
    },
    async (req, reply) => {
      const created = await createDeal(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', etag(created))
        .header('location', `/api/v1/deals/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/deals/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a deal with its line items and totals',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: dealDetailDto },
      },
    },
    async (req, reply) => {
      const found = await getDeal(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', etag(found)).send(found);
    },
  );

  app.patch(
    '/deals/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change a deal',
        description:
          'Send `If-Match: "<version>"` (412 when stale). Moving into a won or lost stage needs `closeReason` (422 otherwise); moving back to an open stage clears the reason, note and close time. `lines` replaces the line items (and the amount becomes their net total).',
        params: idParams,
        headers: ifMatchHeader,
        body: updateDealInput,
        response: { 200: dealDetailDto },
      },
    },
    async (req, reply) => {
      const updated = await updateDeal(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', etag(updated)).send(updated);
    },
  );

  app.post(
    '/deals/:id/move',
    {
      config: { policy: agent },
      // A deal that does not exist (or is binned) is 404 before its body is looked at.
      preValidation: async (req) => {
        const { id } = req.params as { id: string };
        if (idParams.safeParse({ id }).success) await getDeal(req.ctx, id);
      },
      schema: {
        tags,
        summary: 'Move a deal on the board',
        description:
          'Into `stageId`, before `beforeId` or after `afterId` (a card of that stage), or at its end. Send `If-Match`. A won or lost stage needs `closeReason`.',
        params: idParams,
        headers: ifMatchHeader,
        body: moveDealInput,
        response: { 200: dealDetailDto },
      },
    },
    async (req, reply) => {
      const moved = await moveDeal(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match']));
      return reply.header('etag', etag(moved)).send(moved);
    },
  );

  app.delete(
    '/deals/:id',
    {
      config: { policy: agent },
      schema: { tags, summary: 'Move a deal to the recycle bin', params: idParams, headers: ifMatchHeader },
    },
    async (req, reply) => {
      await deleteDeal(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/deals/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore a deal from the recycle bin',
        params: idParams,
        response: { 200: dealDetailDto },
      },
    },
    (req) => restoreDeal(req.ctx, req.params.id),
  );

  app.get(
    '/deals/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'History of a deal (stage changes with who and when), newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getDeal(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'deal', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
