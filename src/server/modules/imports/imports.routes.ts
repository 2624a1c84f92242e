import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  createImportInput,
  type ImportEntity,
  importDto,
  importErrorList,
  importErrorQuery,
  importList,
  importListQuery,
  importTarget,
  importTargetsQuery,
  savedMappingDto,
  savedMappingInput,
  savedMappingList,
  updateImportInput,
} from '../../../shared/imports.ts';
import type { App } from '../../http/types.ts';
import { attachmentHeader } from '../files/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { listProblems, problemReport } from './imports.errors.ts';
import { deleteMapping, listMappings, saveMapping } from './imports.mappings.ts';
import {
  cancelImport,
  createImport,
  getImport,
  listImports,
  listTargets,
  loadOwnImport,
  queueImport,
  updateImport,
} from './imports.service.ts';

const tags = ['Imports'];
const agent = { policy: { role: 'agent' } } as const;

/** Routes of the imports module: create from an uploaded file, map, dry-run, run, undo, error reports. */
export function importsRoutes(app: App) {
  app.get(
    '/imports',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Your recent imports',
        querystring: importListQuery,
        response: { 200: importList },
      },
    },
    (req) => listImports(req.ctx, req.query),
  );

  app.get(
    '/imports/targets',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Fields a column can map to',
        description:
          'Standard and custom fields of the entity, labelled in your language; `matchable` ones can be the match key.',
        querystring: importTargetsQuery,
        response: { 200: z.object({ data: z.array(importTarget) }) },
      },
    },
    (req) => listTargets(req.ctx, req.query.entity),
  );

  app.post(
    '/imports',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Start an import from an uploaded file',
        description:
          'Upload the file first (`POST /files?name=…`, the raw bytes as the body), then send its `fileId` and the entity. The file is read (CSV with its delimiter and encoding detected, XLSX, vCard, JSON lines), and the answer holds its columns, the first rows and a suggested mapping (a HubSpot, Salesforce, Pipedrive, SuiteCRM, Twenty or Odoo export is recognised). A file that is not what its name says, or a zip bomb, gives 422.',
        body: createImportInput,
        response: { 201: importDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createImport(req.ctx, req.body)),
  );

  app.get(
    '/imports/:id',
    {
      config: agent,
      schema: {
        tags,
        summary: 'An import, with its progress',
        params: idParams,
        response: { 200: importDto },
      },
    },
    (req) => getImport(req.ctx, req.params.id),
  );

  app.patch(
    '/imports/:id',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Change how an import reads, maps or matches',
        description:
          'Send `If-Match: "<version>"`. Changing `reader` reads the file again and suggests a new mapping.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateImportInput,
        response: { 200: importDto },
      },
    },
    (req) => updateImport(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );

  const action = (path: string, act: 'dry_run' | 'run' | 'undo', summary: string, description: string) =>
    app.post(
      `/imports/:id/${path}`,
      {
        config: agent,
        schema: { tags, summary, description, params: idParams, response: { 202: importDto } },
      },
      async (req, reply) => reply.code(202).send(await queueImport(req.ctx, req.params.id, act)),
    );
  action(
    'dry-run',
    'dry_run',
    'Dry-run an import',
    'Reads the whole file and reports what would happen — created, updated, skipped, failed, the duplicates found — without writing a record.',
  );
  action(
    'start',
    'run',
    'Run an import',
    'Runs in the background (poll `GET /imports/:id`). Unless `keepValidRows` is set, any bad row stops the import before anything is written. A restarted server resumes it from its last committed batch.',
  );
  action(
    'undo',
    'undo',
    'Undo an import',
    'Moves the records it created to the recycle bin and gives the records it updated their old values back (unless they were changed since).',
  );

  app.post(
    '/imports/:id/cancel',
    {
      config: agent,
      schema: { tags, summary: 'Stop a running import', params: idParams, response: { 200: importDto } },
    },
    (req) => cancelImport(req.ctx, req.params.id),
  );

  app.get(
    '/imports/:id/errors',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Row problems of an import (or of its dry run)',
        params: idParams,
        querystring: importErrorQuery,
        response: { 200: importErrorList },
      },
    },
    async (req) => {
      await loadOwnImport(req.ctx, req.params.id);
      return listProblems(req.ctx, req.params.id, { ...req.query, dryRun: req.query.dryRun === 'true' });
    },
  );

  app.get(
    '/imports/:id/errors.csv',
    {
      config: agent,
      schema: {
        tags,
        summary: 'The error report as CSV (row, field, value, reason, code)',
        description:
          "Headings, field labels and reasons in the caller's language (their profile's; English when unknown); the last column is the stable reason code.",
        params: idParams,
        querystring: importErrorQuery.pick({ dryRun: true }),
      },
    },
    async (req, reply) => {
      const imp = await loadOwnImport(req.ctx, req.params.id);
      const report = await problemReport(req.ctx, imp.entity as ImportEntity);
      const out = stringify({ bom: true, header: true, columns: report.columns });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentHeader(`${imp.fileName.replace(/\.[^.]+$/, '')}-errors.csv`))
        .header('x-content-type-options', 'nosniff')
        .send(out);
      // Keyset pages of 1,000: the report streams, whatever the number of problems.
      let cursor: string | undefined;
      do {
        const page = await listProblems(req.ctx, imp.id, {
          dryRun: req.query.dryRun === 'true',
          limit: 1000,
          cursor,
        });
        for (const e of page.data) out.write(report.line(e));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      out.end();
      return reply;
    },
  );

  app.get(
    '/import-mappings',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Saved column mappings',
        querystring: importTargetsQuery,
        response: { 200: savedMappingList },
      },
    },
    (req) => listMappings(req.ctx, req.query.entity),
  );
  app.post(
    '/import-mappings',
    {
      config: agent,
      schema: {
        tags,
        summary: 'Save a column mapping',
        body: savedMappingInput,
        response: { 201: savedMappingDto },
      },
    },
    async (req, reply) => reply.code(201).send(await saveMapping(req.ctx, req.body)),
  );
  app.delete(
    '/import-mappings/:id',
    { config: agent, schema: { tags, summary: 'Delete a saved mapping', params: idParams } },
    async (req, reply) => {
      await deleteMapping(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
}
