import { idParams } from '../../../shared/common.ts';
import {
  calendarExportQuery,
  createExportInput,
  exportColumnList,
  exportColumnsQuery,
  exportDto,
  exportList,
  factSheetQuery,
} from '../../../shared/exports.ts';
import type { Ctx } from '../../http/context.ts';
import type { App } from '../../http/types.ts';
import { getContact } from '../contacts/index.ts';
import { listEvents, organizersOf, toIcs } from '../events/index.ts';
import { attachmentHeader } from '../files/index.ts';
import type { Lang } from './exports.columns.ts';
import { cancelExport, createExport, getExport, listExports } from './exports.service.ts';
import { loadPeople } from './exports.source.ts';
import { sources } from './exports.stream.ts';
import { contactToVcard, vcardFileName } from './exports.vcard.ts';
import { buildFactSheet } from './fact-sheet.data.ts';
import { factSheetFileName, renderFactSheetDocx } from './fact-sheet.docx.ts';

const tags = ['Exports'];
const langOf = (ctx: Ctx, l?: string): Lang => {
  const v = l ?? ctx.user.language;
  return v === 'fr' || v === 'de' || v === 'da' ? v : 'en';
};
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function exportsRoutes(app: App) {
  app.post(
    '/exports',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Export a list to CSV, XLSX or vCard',
        description:
          'Exports every row the list request in `query` matches, exactly as `GET /<entity>` with the same parameters would list them for the caller (filters, search, sort, task views). Runs as a background job: poll `GET /exports/{id}` and download `file` through `/files/{id}/content` when `status` is `done`. Files expire after 7 days.',
        body: createExportInput,
        response: { 202: exportDto },
      },
    },
    async (req, reply) => reply.code(202).send(await createExport(req.ctx, req.body)),
  );

  app.get(
    '/exports',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Your 20 most recent exports', response: { 200: exportList } },
    },
    (req) => listExports(req.ctx),
  );

  app.get(
    '/exports/columns',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The columns an entity exports (with custom fields), headed in a language',
        querystring: exportColumnsQuery,
        response: { 200: exportColumnList },
      },
    },
    async (req) => {
      const source = sources[req.query.entity];
      const lang = langOf(req.ctx, req.query.language);
      const all = await source.columns(req.ctx, lang, await loadPeople(req.ctx));
      const defaults = new Set(source.defaults.flatMap((k) => source.aliases?.[k] ?? [k]));
      return {
        data: all.map((c) => ({
          key: c.key,
          label: c.header[lang],
          type: c.type,
          default: defaults.has(c.key),
        })),
      };
    },
  );

  app.get(
    '/exports/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'An export’s status, progress and file',
        params: idParams,
        response: { 200: exportDto },
      },
    },
    (req) => getExport(req.ctx, req.params.id),
  );

  app.post(
    '/exports/:id/cancel',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Stop a queued or running export',
        params: idParams,
        response: { 200: exportDto },
      },
    },
    (req) => cancelExport(req.ctx, req.params.id),
  );

  app.get(
    '/contacts/:id/vcard',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['Contacts'], summary: 'A contact as a vCard 4.0 (.vcf)', params: idParams },
    },
    async (req, reply) => {
      const contact = await getContact(req.ctx, req.params.id);
      return reply
        .type('text/vcard; charset=utf-8')
        .header('content-disposition', attachmentHeader(vcardFileName(contact)))
        .header('x-content-type-options', 'nosniff')
        .send(contactToVcard(contact));
    },
  );

  for (const kind of ['contact', 'company'] as const) {
    app.get(
      `/${kind === 'contact' ? 'contacts' : 'companies'}/:id/fact-sheet.docx`,
      {
        config: { policy: 'authenticated' },
        schema: {
          tags: [kind === 'contact' ? 'Contacts' : 'Companies'],
          summary: `A ${kind}’s fact sheet as a Word document`,
          description:
            'Details, custom fields, people (companies), recent interactions, open deals, orders and revenue, open tasks and upcoming events, in the caller’s language (or `?language=`).',
          params: idParams,
          querystring: factSheetQuery,
        },
      },
      async (req, reply) => {
        const sheet = await buildFactSheet(req.ctx, kind, req.params.id, langOf(req.ctx, req.query.language));
        return reply
          .type(DOCX)
          .header('content-disposition', attachmentHeader(factSheetFileName(sheet.name)))
          .header('x-content-type-options', 'nosniff')
          .send(await renderFactSheetDocx(sheet));
      },
    );
  }

  app.get(
    '/events/export.ics',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Events'],
        summary: 'The calendar between two instants as an .ics file',
        description:
          'The events the calendar shows the caller (own, attended, teammates’; admins all) between `from` and `to` (at most 366 days), optionally only one user’s (`userId`) or the caller’s own (`mine=true`).',
        querystring: calendarExportQuery,
      },
    },
    async (req, reply) => {
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await listEvents(req.ctx, { ...req.query, limit: 500, cursor });
        all.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 20_000);
      const body = toIcs(all, {
        name: 'Rapport',
        organizers: await organizersOf(req.ctx.db, all),
        stamp: req.ctx.now(),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', attachmentHeader(`calendar-${req.query.from.slice(0, 10)}.ics`))
        .send(body);
    },
  );
}
