import { mailStatus } from '../../../shared/mail.ts';
import type { App } from '../../http/types.ts';

export function mailRoutes(app: App) {
  app.get(
    '/mail/status',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Mail'],
        summary: 'Whether outgoing mail is configured',
        description:
          'Mails (quotes, invoices, consent confirmations) are queued and sent by a background sweep; without `RAPPORT_SMTP_URL` they wait in the queue.',
        response: { 200: mailStatus },
      },
    },
    (req) => ({ configured: Boolean(req.ctx.config.mail.smtpUrl), from: req.ctx.config.mail.from }),
  );
}
