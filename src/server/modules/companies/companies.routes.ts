import { z } from 'zod';
import { eraseInput, idParams, listCount } from '../../../shared/common.ts';
import {
  companyDto,
  companyList,
  createCompanyInput,
  updateCompanyInput,
} from '../../../shared/companies.ts';
import { listQuery } from '../../../shared/filters.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import {
  countCompanies,
  createCompany,
  deleteCompany,
  eraseCompany,
  getCompany,
  listCompanies,
  restoreCompany,
  updateCompany,
} from './companies.service.ts';

const tags = ['Companies'];

export function companiesRoutes(app: App) {
  app.get(
    '/companies',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List companies',
        description:
          'Keyset-paginated. Filter with `field=value`, `field[op]=value` (ops: eq, neq, contains, startsWith, in, gt, gte, lt, lte, isEmpty, isNotEmpty, hasAny, hasAll) or `filter=<JSON filter tree>`; custom fields as `custom.<key>`. `q` searches names, domains, e-mails and phones (typo-tolerant, accent-insensitive). `sort=-createdAt,lastName`. `deleted=only` lists the recycle bin.',
        querystring: listQuery,
        response: { 200: companyList },
      },
    },
    (req) => listCompanies(req.ctx, req.query),
  );

  app.get(
    '/companies/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count companies matching a list request',
        description:
          "Takes the same filters, `q` and `deleted` as the list (cursor, sort and limit are ignored). Exact up to 10,000; beyond that PostgreSQL's estimate with `exact: false`.",
        querystring: listQuery,
        response: { 200: listCount },
      },
    },
    (req) => countCompanies(req.ctx, req.query),
  );

  app.post(
    '/companies',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Create a company',
        description: 'Send `Idempotency-Key` to make retries safe.',
        body: createCompanyInput,
        response: { 201: companyDto },
      },
    },
    async (req, reply) => {
      const company = await createCompany(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${company.version}"`)
        .header('location', `/api/v1/companies/${company.id}`)
        .send(company);
    },
  );

  app.get(
    '/companies/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a company',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: companyDto },
      },
    },
    async (req, reply) => {
      const company = await getCompany(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${company.version}"`).send(company);
    },
  );

  app.patch(
    '/companies/:id',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Change a company',
        description: 'Send `If-Match: "<version>"`; a stale version answers 412.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateCompanyInput,
        response: { 200: companyDto },
      },
    },
    async (req, reply) => {
      const company = await updateCompany(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${company.version}"`).send(company);
    },
  );

  app.delete(
    '/companies/:id',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Move a company to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteCompany(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/companies/:id/restore',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Restore a company from the recycle bin (within 30 days)',
        params: idParams,
        response: { 200: companyDto },
      },
    },
    (req) => restoreCompany(req.ctx, req.params.id),
  );

  app.post(
    '/companies/:id/erase',
    {
      config: { policy: { role: 'admin' } },
      schema: {
        tags,
        summary: 'Erase a company for good (GDPR); audited',
        params: idParams,
        body: eraseInput,
      },
    },
    async (req, reply) => {
      await eraseCompany(req.ctx, req.params.id, req.body.reason);
      return reply.code(204).send();
    },
  );

  app.get(
    '/companies/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of a company, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getCompany(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'company', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
