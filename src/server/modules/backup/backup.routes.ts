import { PassThrough } from 'node:stream';
import type { App } from '../../http/types.ts';
import { audit } from '../system/index.ts';
import { backupFileName, writeBackup } from './backup.write.ts';

const tags = ['Backup'];

/** `GET /backup`: the same archive as `rapport backup`, streamed as a download, for admins. */
export function backupRoutes(app: App) {
  app.get(
    '/backup',
    {
      config: { policy: { role: 'admin' }, rateLimit: { max: 6, timeWindow: '1 hour' } },
      schema: {
        tags,
        summary: 'Download a backup of the whole database',
        description:
          'A zip with every table in PostgreSQL COPY text format and `manifest.json` (format, app version, last migration, row counts, SHA-256 per table), streamed from one consistent snapshot. Restore it with `rapport restore <file>` (see docs/BACKUP.md). Admins only; audited; at most 6 an hour. On the embedded database (PGlite) other requests wait while the snapshot is read.',
      },
    },
    async (req, reply) => {
      const at = req.ctx.now();
      const name = backupFileName(at);
      await audit(req.ctx, 'backup.download', 'database', null, {
        file: name,
        database: req.ctx.database.kind,
      });
      const body = new PassThrough();
      writeBackup(req.ctx.database, body, { now: () => at }).catch((err) =>
        req.log.error({ err: { message: (err as Error).message } }, 'backup download failed'),
      );
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
