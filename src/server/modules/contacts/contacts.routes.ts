import { z } from 'zod';
import { eraseInput, idParams, listCount } from '../../../shared/common.ts';
import {
  contactDto,
  contactList,
  createContactInput,
  duplicateWarning,
  updateContactInput,
} from '../../../shared/contacts.ts';
import { listQuery } from '../../../shared/filters.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import {
  countContacts,
  createContact,
  deleteContact,
  eraseContact,
  findDuplicates,
  getContact,
  listContacts,
  restoreContact,
  updateContact,
} from './contacts.service.ts';

const tags = ['Contacts'];

export function contactsRoutes(app: App) {
  app.get(
    '/contacts',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List contacts',
        description:
          'Keyset-paginated. Filter with `field=value`, `field[op]=value` (ops: eq, neq, contains, startsWith, in, gt, gte, lt, lte, isEmpty, isNotEmpty, hasAny, hasAll) or `filter=<JSON filter tree>`; custom fields as `custom.<key>`. `q` searches names, e-mails and phones (typo-tolerant, accent-insensitive). `sort=-createdAt,lastName`. `deleted=only` lists the recycle bin.',
        querystring: listQuery,
        response: { 200: contactList },
      },
    },
    (req) => listContacts(req.ctx, req.query),
  );

  app.get(
    '/contacts/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count contacts matching a list request',
        description:
          "Takes the same filters, `q` and `deleted` as the list (cursor, sort and limit are ignored). Exact up to 10,000; beyond that PostgreSQL's estimate with `exact: false`.",
        querystring: listQuery,
        response: { 200: listCount },
      },
    },
    (req) => countContacts(req.ctx, req.query),
  );

  app.get(
    '/contacts/duplicates',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Live contacts using an e-mail address',
        querystring: z.object({ email: z.string().trim().min(3).max(320) }),
        response: { 200: z.object({ data: z.array(duplicateWarning) }) },
      },
    },
    async (req) => ({
      data: (await findDuplicates(req.ctx.db, [{ address: req.query.email }])) as z.infer<
        typeof duplicateWarning
      >[],
    }),
  );

  app.post(
    '/contacts',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Create a contact',
        description:
          'Answers 409 `duplicate_contact` when a live contact has one of the e-mail addresses; repeat with `?allowDuplicate=true` to create it anyway. Send `Idempotency-Key` to make retries safe.',
        querystring: z.object({ allowDuplicate: z.enum(['true', 'false']).optional() }),
        body: createContactInput,
        response: { 201: contactDto },
      },
    },
    async (req, reply) => {
      const contact = await createContact(req.ctx, req.body, {
        allowDuplicate: req.query.allowDuplicate === 'true',
      });
      return reply
        .code(201)
        .header('etag', `"${contact.version}"`)
        .header('location', `/api/v1/contacts/${contact.id}`)
        .send(contact);
    },
  );

  app.get(
    '/contacts/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a contact',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: contactDto },
      },
    },
    async (req, reply) => {
      const contact = await getContact(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${contact.version}"`).send(contact);
    },
  );

  app.patch(
    '/contacts/:id',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Change a contact',
        description: 'Send `If-Match: "<version>"`; a stale version answers 412.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateContactInput,
        response: { 200: contactDto },
      },
    },
    async (req, reply) => {
      const contact = await updateContact(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${contact.version}"`).send(contact);
    },
  );

  app.delete(
    '/contacts/:id',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Move a contact to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteContact(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/contacts/:id/restore',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Restore a contact from the recycle bin (within 30 days)',
        params: idParams,
        response: { 200: contactDto },
      },
    },
    (req) => restoreContact(req.ctx, req.params.id),
  );

  app.post(
    '/contacts/:id/erase',
    {
      config: { policy: { role: 'admin' } },
      schema: {
        tags,
        summary: 'Erase a contact for good (GDPR); audited',
        params: idParams,
        body: eraseInput,
      },
    },
    async (req, reply) => {
      await eraseContact(req.ctx, req.params.id, req.body.reason);
      return reply.code(204).send();
    },
  );

  app.get(
    '/contacts/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of a contact, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getContact(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'contact', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
