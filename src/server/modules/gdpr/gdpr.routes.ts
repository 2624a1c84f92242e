import { PassThrough } from 'node:stream';
import { idParams } from '../../../shared/common.ts';
import type { App } from '../../http/types.ts';
import { attachmentHeader } from '../files/index.ts';
import { audit } from '../system/index.ts';
import { prepareSubjectExport } from './gdpr.export.ts';

/** `GET /contacts/:id/export`: the GDPR subject export (right of access, art. 15; portability, art. 20). */
export function gdprRoutes(app: App) {
  app.get(
    '/contacts/:id/export',
    {
      config: { policy: { role: 'manager' }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['Contacts'],
        summary: 'Export everything held about a contact (GDPR)',
        description:
          'A zip: `subject.json` (the contact, its company reference and every record about it — interactions, notes, tasks, events, deals, quotes, orders, invoices and payments, leads, mails, field history, notifications, audit entries …, found from the database catalogue; secrets and search columns left out) and `files/` (its quotes and invoices as PDFs). Managers and admins; also for a contact in the recycle bin; 404 when it does not exist or was erased. Audited.',
        params: idParams,
      },
    },
    async (req, reply) => {
      const exp = await prepareSubjectExport(req.ctx, req.params.id);
      await audit(req.ctx, 'contact.subject_export', 'contact', exp.contact.id, {});
      const body = new PassThrough();
      exp
        .write(body)
        .catch((err) => req.log.error({ err: { message: (err as Error).message } }, 'subject export failed'));
      return reply
        .type('application/zip')
        .header('content-disposition', attachmentHeader(exp.fileName))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
