export { mailRoutes } from './mail.routes.ts';
export { outboundMails } from './mail.schema.ts';
export {
  deliverQueued,
  deliverSoon,
  latestMailFor,
  type MailAttachment,
  type MailState,
  type QueueMailInput,
  queueMail,
} from './mail.service.ts';
export { mailSweep } from './mail.sweep.ts';
