import { z } from 'zod';

/** Whether outgoing mail is set up (RAPPORT_SMTP_URL), so the UI can say so before a send. */
export const mailStatus = z.object({ configured: z.boolean(), from: z.string() });
export type MailStatus = z.infer<typeof mailStatus>;
