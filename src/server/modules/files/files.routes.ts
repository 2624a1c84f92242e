import { idParams } from '../../../shared/common.ts';
import { fileDto, uploadQuery } from '../../../shared/files.ts';
import { AppError } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { attachmentHeader, getFile, openFile, storeFile, toFileDto } from './files.service.ts';

const tags = ['Files'];
/** Uploads wait a day for the import that uses them; an import keeps its file as long as it needs it. */
const UPLOAD_TTL_MS = 24 * 3_600_000;

/** Routes of the files module: upload (the raw bytes as the body, streamed to disk), metadata, download. */
export function filesRoutes(app: App) {
  // Encapsulated so the raw-stream body parser applies to the upload route only.
  app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(
      '/files',
      {
        config: { policy: { role: 'agent' } },
        schema: {
          tags,
          summary: 'Upload a file',
          description:
            'The body is the file itself (any content type, e.g. `text/csv` or `application/octet-stream`), streamed to storage; `?name=` is its name. Used by imports: upload, then `POST /imports` with the `fileId`. Limit: `RAPPORT_UPLOAD_MAX_MB` (1 GB by default) → 413.',
          querystring: uploadQuery,
          response: { 201: fileDto },
        },
      },
      async (req, reply) => {
        const body = req.body as NodeJS.ReadableStream | undefined;
        if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
          throw new AppError('file_missing', { status: 400, detail: 'Send the file as the request body.' });
        const row = await storeFile(
          req.ctx,
          {
            purpose: 'upload',
            name: req.query.name,
            contentType: req.headers['content-type']?.split(';')[0]?.trim() || 'application/octet-stream',
            expiresAt: new Date(req.ctx.now().getTime() + UPLOAD_TTL_MS),
          },
          body as never,
          { maxBytes: req.ctx.config.files.uploadMaxBytes },
        );
        return reply.code(201).send(toFileDto(row));
      },
    );
  });

  app.get(
    '/files/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'A stored file’s details', params: idParams, response: { 200: fileDto } },
    },
    async (req) => toFileDto(await getFile(req.ctx, req.params.id)),
  );

  app.get(
    '/files/:id/content',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Download a stored file',
        description: 'Only its creator or an admin. Always sent as an attachment.',
        params: idParams,
      },
    },
    async (req, reply) => {
      const row = await getFile(req.ctx, req.params.id);
      return reply
        .header('content-type', row.contentType)
        .header('content-length', String(row.size))
        .header('content-disposition', attachmentHeader(row.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(openFile(req.ctx, row));
    },
  );
}
