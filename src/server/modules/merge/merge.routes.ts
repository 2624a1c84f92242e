import { idParams } from '../../../shared/common.ts';
import {
  companyMergePreview,
  contactMergePreview,
  dismissInput,
  duplicateList,
  duplicateListQuery,
  type MergeEntity,
  mergeDto,
  mergeInput,
  mergeList,
  mergeListQuery,
  mergePreviewQuery,
  refreshInput,
  refreshJobDto,
} from '../../../shared/merge.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { dismissPair, getRefreshJob, listDuplicates, queueRefresh } from './duplicates.service.ts';
import { mergePreview, mergeRecords } from './merge.service.ts';
import { listMerges, undoMerge } from './merge.undo.ts';

const tags = ['Duplicates and merges'];
const agent = { role: 'agent' } as const;

/** Duplicate candidates, merging two contacts or two companies, and undoing a merge (docs/MERGING.md). */
export function mergeRoutes(app: App) {
  app.get(
    '/duplicates',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Possible duplicates, highest score first',
        description:
          'Pairs computed by the last refresh (on request or daily), keyset-paginated with `cursor`. Each has a score 0–100 and its reasons (same e-mail, same phone, same domain, similar name within one company).',
        querystring: duplicateListQuery,
        response: { 200: duplicateList },
      },
    },
    (req) => listDuplicates(req.ctx, req.query),
  );

  app.post(
    '/duplicates/refresh',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Recompute the possible duplicates of contacts or companies',
        description:
          'Queues the refresh as a background job and answers 202 with it: poll `GET /duplicates/refresh/{id}` until `status` is `done` (its `result` holds the number of pairs) or `failed`. Answers 409 `refresh_running` (with `jobId`) while a refresh of the same kind is queued or running.',
        body: refreshInput,
        response: { 202: refreshJobDto },
      },
    },
    async (req, reply) => reply.code(202).send(await queueRefresh(req.ctx, req.body.entity)),
  );

  app.get(
    '/duplicates/refresh/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'A queued refresh: its status and, once done, its result',
        params: idParams,
        response: { 200: refreshJobDto },
      },
    },
    (req) => getRefreshJob(req.ctx, req.params.id),
  );

  app.post(
    '/duplicates/dismiss',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Mark a pair as not a duplicate (kept across refreshes)',
        body: dismissInput,
      },
    },
    async (req, reply) => {
      await dismissPair(req.ctx, req.body);
      return reply.code(204).send();
    },
  );

  for (const [entity, path, preview] of [
    ['contact', 'contacts', contactMergePreview],
    ['company', 'companies', companyMergePreview],
  ] as const) {
    const kind: MergeEntity = entity;
    app.get(
      `/${path}/:id/merge-preview`,
      {
        config: { policy: 'authenticated' },
        schema: {
          tags,
          summary: `The ${path} side by side and the related records a merge would move`,
          description:
            '`otherId` for a pair, or `otherIds` (comma-separated, up to 9) for a cluster: `others` lists them in that order, `related` counts the rows of all of them.',
          params: idParams,
          querystring: mergePreviewQuery,
          response: { 200: preview },
        },
      },
      (req) => mergePreview(req.ctx, kind, req.params.id, req.query),
    );
    app.post(
      `/${path}/:id/merge`,
      {
        config: { policy: agent },
        schema: {
          tags,
          summary: `Merge another ${entity}, or several (a cluster), into this one`,
          description:
            '`otherId` merges one record; `otherIds` (up to 9) merges a whole cluster in one transaction, undone as one. `fields` chooses per field which value wins (`this`, `other` for a pair, or any merged record’s id; lists also `union`, their default); unchosen fields keep this record’s value unless it is empty, then take the first other’s. Every related record moves to this one, the others go to the recycle bin, and the merge can be undone (`POST /merges/{id}/undo`). Send `If-Match: "<version>"` of this record: a stale version answers 412. Every record must be yours to change.',
          params: idParams,
          headers: ifMatchHeader,
          body: mergeInput,
          response: { 200: mergeDto },
        },
      },
      (req) => mergeRecords(req.ctx, kind, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
    );
  }

  app.get(
    '/merges',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Recent merges, newest first',
        querystring: mergeListQuery,
        response: { 200: mergeList },
      },
    },
    (req) => listMerges(req.ctx, req.query),
  );

  app.post(
    '/merges/:id/undo',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Undo a merge (all records of a cluster merge at once)',
        description:
          'Restores the survivor’s previous values, moves every re-pointed record back and brings the other record out of the recycle bin. Answers 409 `changed_since_merge` when either record changed after the merge (undoing would lose that change), `already_undone`, or `merged_record_erased`.',
        params: idParams,
        response: { 200: mergeDto },
      },
    },
    (req) => undoMerge(req.ctx, req.params.id),
  );
}
