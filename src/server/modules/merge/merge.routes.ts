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
  refreshResult,
} from '../../../shared/merge.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { dismissPair, listDuplicates, refreshDuplicates } from './duplicates.service.ts';
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
        summary: 'Recompute the possible duplicates of contacts or companies now',
        description: 'Answers 409 `refresh_running` while another refresh of the same kind runs.',
        body: refreshInput,
        response: { 200: refreshResult },
      },
    },
    (req) => refreshDuplicates(req.ctx, req.body.entity),
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
          summary: `Both ${path} side by side and the related records a merge would move`,
          params: idParams,
          querystring: mergePreviewQuery,
          response: { 200: preview },
        },
      },
      (req) => mergePreview(req.ctx, kind, req.params.id, req.query.otherId),
    );
    app.post(
      `/${path}/:id/merge`,
      {
        config: { policy: agent },
        schema: {
          tags,
          summary: `Merge another ${entity} into this one`,
          description:
            '`fields` chooses per field which value wins (`this`, `other`; lists also `union`, their default); unchosen fields keep this record’s value unless it is empty. Every related record moves to this one, the other goes to the recycle bin, and the merge can be undone (`POST /merges/{id}/undo`). Send `If-Match: "<version>"` of this record: a stale version answers 412. Both records must be yours to change.',
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
        summary: 'Undo a merge',
        description:
          'Restores the survivor’s previous values, moves every re-pointed record back and brings the other record out of the recycle bin. Answers 409 `changed_since_merge` when either record changed after the merge (undoing would lose that change), `already_undone`, or `merged_record_erased`.',
        params: idParams,
        response: { 200: mergeDto },
      },
    },
    (req) => undoMerge(req.ctx, req.params.id),
  );
}
