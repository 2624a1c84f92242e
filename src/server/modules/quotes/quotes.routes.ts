import { z } from 'zod';
import { idParams, listCount } from '../../../shared/common.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  createQuoteInput,
  publicAcceptInput,
  publicDeclineInput,
  publicQuoteDto,
  quoteDto,
  quoteList,
  quoteListQuery,
  quoteTemplateDto,
  quoteTemplateInput,
  quoteTemplateList,
  quoteVersionDto,
  quoteVersionList,
  sendQuoteInput,
  staffAcceptInput,
  staffDeclineInput,
  updateQuoteInput,
  updateQuoteTemplateInput,
} from '../../../shared/quotes.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { quoteDocx, quotePdf } from './quotes.documents.ts';
import { countQuotes, listQuotes } from './quotes.list.ts';
import {
  createQuote,
  deleteQuote,
  getQuote,
  getVersion,
  listVersions,
  restoreQuote,
  reviseQuote,
  updateQuote,
} from './quotes.service.ts';
import {
  createQuoteTemplate,
  deleteQuoteTemplate,
  getQuoteTemplate,
  listQuoteTemplates,
  updateQuoteTemplate,
} from './quotes.templates.ts';
import {
  acceptByLink,
  acceptQuote,
  declineByLink,
  declineQuote,
  publicQuote,
  publicQuotePdf,
  sendQuote,
} from './quotes.workflow.ts';

const tags = ['Quotes'];
const agent = { role: 'agent' } as const;
const manager = { role: 'manager' } as const;
const versionQuery = z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() });
const tokenParams = z.object({ token: z.string().max(100) });
/** Like the log-in: a secret link is guessed no faster than a password. */
const publicLimit = { max: 20, timeWindow: '1 minute' };

const attachment = (filename: string) => `attachment; filename="${filename}"`;

export function quotesRoutes(app: App, database: Database, config: Config) {
  app.get(
    '/quotes',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List quotes',
        description:
          'Newest first, keyset-paginated with `cursor`. Filter with `status=sent`, `contactId=…`, `companyId=…`, `dealId=…`, `ownerId=…`, `validUntil[lt]=2026-12-01`, or a `filter` tree; `q` matches a number prefix or a word of the title. A sent quote past its `validUntil` is listed as `expired`. `deleted=only` lists the recycle bin.',
        querystring: quoteListQuery,
        response: { 200: quoteList },
      },
    },
    (req) => listQuotes(req.ctx, req.query),
  );

  app.get(
    '/quotes/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count quotes matching a list request',
        querystring: quoteListQuery,
        response: { 200: listCount },
      },
    },
    (req) => countQuotes(req.ctx, req.query),
  );

  app.post(
    '/quotes',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Create a quote (from a deal, from a template, or from scratch)',
        description:
          '`{"dealId": "…"}` copies the deal’s customer, currency, owner, title and line items — one click. `{"templateId": "…", "contactId": "…"}` starts from a template. Otherwise give `contactId` and/or `companyId`, `currency` and `lines`. Fields given beside `dealId`/`templateId` win. Defaults from Settings → Sales: currency, validity (`validUntil` = today + validity days), terms; the language is the contact’s, else English. Numbered per year (`Q-2026-0001`). Totals are computed in integer minor units, each line rounded once. Send `Idempotency-Key` to make retries safe.',
        body: createQuoteInput,
        response: { 201: quoteDto },
      },
    },
    async (req, reply) => {
      const created = await createQuote(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/quotes/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/quotes/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a quote (its current version)',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: quoteDto },
      },
    },
    async (req, reply) => {
      const found = await getQuote(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/quotes/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change a draft quote',
        description:
          'Changes the current version of a draft. A sent quote answers 409: revise it (`POST /quotes/:id/revise`). Send `If-Match: "<version>"`; a stale version answers 412.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateQuoteInput,
        response: { 200: quoteDto },
      },
    },
    async (req, reply) => {
      const updated = await updateQuote(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.delete(
    '/quotes/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move a draft quote to the recycle bin',
        description: 'A quote that was sent to the customer cannot be deleted (409).',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteQuote(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/quotes/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore a quote from the recycle bin',
        params: idParams,
        response: { 200: quoteDto },
      },
    },
    (req) => restoreQuote(req.ctx, req.params.id),
  );

  app.post(
    '/quotes/:id/revise',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Revise a sent quote: a new, editable version',
        description:
          'Copies the current version to version n + 1 and makes the quote a draft again; the earlier versions stay readable at `/versions/:n`. The accept link sent with the old version stops working. Drafts (nothing to revise) and accepted quotes answer 409.',
        params: idParams,
        headers: ifMatchHeader,
        response: { 200: quoteDto },
      },
    },
    (req) => reviseQuote(req.ctx, req.params.id, parseIfMatch(req.headers['if-match'])),
  );

  app.get(
    '/quotes/:id/versions',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The versions of a quote, oldest first',
        params: idParams,
        response: { 200: quoteVersionList },
      },
    },
    (req) => listVersions(req.ctx, req.params.id),
  );

  app.get(
    '/quotes/:id/versions/:n',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'One version of a quote',
        params: z.object({ id: z.uuid(), n: z.string().max(20) }),
        response: { 200: quoteVersionDto },
      },
    },
    (req) => getVersion(req.ctx, req.params.id, req.params.n),
  );

  app.get(
    '/quotes/:id/pdf',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The quote as a PDF',
        description:
          'Branded with the seller’s details from Settings → Sales, in the quote’s language. `?version=n` renders an earlier version.',
        params: idParams,
        querystring: versionQuery,
      },
    },
    async (req, reply) => {
      await getQuote(req.ctx, req.params.id);
      const { filename, body } = await quotePdf(req.ctx.db, req.params.id, req.query.version);
      return reply.type('application/pdf').header('content-disposition', attachment(filename)).send(body);
    },
  );

  app.get(
    '/quotes/:id/docx',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The quote as a Word document',
        params: idParams,
        querystring: versionQuery,
      },
    },
    async (req, reply) => {
      await getQuote(req.ctx, req.params.id);
      const { filename, body } = await quoteDocx(req.ctx.db, req.params.id, req.query.version);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachment(filename))
        .send(body);
    },
  );

  app.post(
    '/quotes/:id/send',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Send the quote by e-mail with its PDF and an accept link',
        description:
          'Defaults: to the contact’s first e-mail address, a subject and text in the quote’s language. Marks the quote sent, makes a new secret accept link (`<public URL>/q/<token>`; an earlier link stops working), queues the mail in the same transaction and logs an outgoing e-mail on the customer’s timeline. Without mail configured the mail waits in the queue.',
        params: idParams,
        body: sendQuoteInput.nullish(),
        response: { 200: quoteDto },
      },
    },
    (req) => sendQuote(req.ctx, req.params.id, req.body ?? {}),
  );

  app.post(
    '/quotes/:id/accept',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Record that the customer accepted: creates the order',
        description:
          'For an acceptance by phone or in person; `name` is who accepted (yours if left out). Creates the order with the quote’s lines in the same transaction and links it (`orderId`). An accepted, declined or expired quote answers 409.',
        params: idParams,
        body: staffAcceptInput.nullish(),
        response: { 200: quoteDto },
      },
    },
    (req) => acceptQuote(req.ctx, req.params.id, req.body ?? {}, req.ip),
  );

  app.post(
    '/quotes/:id/decline',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Record that the customer declined',
        params: idParams,
        body: staffDeclineInput.nullish(),
        response: { 200: quoteDto },
      },
    },
    (req) => declineQuote(req.ctx, req.params.id, req.body ?? {}, req.ip),
  );

  app.get(
    '/quotes/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of a quote, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getQuote(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'quote', req.params.id, req.query.limit, req.query.cursor);
    },
  );

  // The customer's side, authenticated by the secret in the link.
  const publicCtx = (req: { log: Parameters<typeof systemCtx>[2] }) => systemCtx(database, config, req.log);
  const publicTags = ['Quotes (public)'];

  app.get(
    '/public/quotes/:token',
    {
      config: { policy: 'public', rateLimit: publicLimit },
      schema: {
        tags: publicTags,
        summary: 'A quote as its customer sees it through the secret link',
        description: 'Unknown or replaced links answer 404. No internal ids are returned.',
        params: tokenParams,
        security: [],
        response: { 200: publicQuoteDto },
      },
    },
    async (req, reply) => {
      const body = await publicQuote(publicCtx(req), req.params.token);
      return reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').send(body);
    },
  );

  app.get(
    '/public/quotes/:token/pdf',
    {
      config: { policy: 'public', rateLimit: publicLimit },
      schema: {
        tags: publicTags,
        summary: 'The quote’s PDF, through the secret link',
        params: tokenParams,
        security: [],
      },
    },
    async (req, reply) => {
      const { filename, body } = await publicQuotePdf(publicCtx(req), req.params.token);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachment(filename))
        .send(body);
    },
  );

  app.post(
    '/public/quotes/:token/accept',
    {
      config: { policy: 'public', rateLimit: publicLimit },
      schema: {
        tags: publicTags,
        summary: 'The customer accepts the quote',
        description:
          'Records the name typed, the time and the IP address, and creates the order. Accepting twice, or a declined or expired quote, answers 409.',
        params: tokenParams,
        body: publicAcceptInput,
        security: [],
        response: { 200: publicQuoteDto },
      },
    },
    (req) => acceptByLink(publicCtx(req), req.params.token, req.body.name, req.ip),
  );

  app.post(
    '/public/quotes/:token/decline',
    {
      config: { policy: 'public', rateLimit: publicLimit },
      schema: {
        tags: publicTags,
        summary: 'The customer declines the quote',
        params: tokenParams,
        body: publicDeclineInput,
        security: [],
        response: { 200: publicQuoteDto },
      },
    },
    (req) => declineByLink(publicCtx(req), req.params.token, req.body.name, req.body.reason ?? null, req.ip),
  );

  // Templates.
  const tplTags = ['Quote templates'];
  app.get(
    '/quote-templates',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: tplTags,
        summary: 'List quote templates by name',
        response: { 200: quoteTemplateList },
      },
    },
    (req) => listQuoteTemplates(req.ctx),
  );
  app.post(
    '/quote-templates',
    {
      config: { policy: manager },
      schema: {
        tags: tplTags,
        summary: 'Create a quote template',
        body: quoteTemplateInput,
        response: { 201: quoteTemplateDto },
      },
    },
    async (req, reply) => {
      const created = await createQuoteTemplate(req.ctx, req.body);
      return reply.code(201).header('etag', `"${created.version}"`).send(created);
    },
  );
  app.get(
    '/quote-templates/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: tplTags,
        summary: 'Get a quote template',
        params: idParams,
        response: { 200: quoteTemplateDto },
      },
    },
    (req) => getQuoteTemplate(req.ctx, req.params.id),
  );
  app.patch(
    '/quote-templates/:id',
    {
      config: { policy: manager },
      schema: {
        tags: tplTags,
        summary: 'Change a quote template',
        params: idParams,
        headers: ifMatchHeader,
        body: updateQuoteTemplateInput,
        response: { 200: quoteTemplateDto },
      },
    },
    (req) => updateQuoteTemplate(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );
  app.delete(
    '/quote-templates/:id',
    {
      config: { policy: manager },
      schema: { tags: tplTags, summary: 'Delete a quote template', params: idParams },
    },
    async (req, reply) => {
      await deleteQuoteTemplate(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
}
