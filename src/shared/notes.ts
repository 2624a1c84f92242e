import { z } from 'zod';
import { RICH_TEXT_MAX } from './interactions.ts';

/**
 * An internal note on a contact or company (not an exchange with the customer, so not an interaction).
 * Rich text; `<span data-mention="<user id>">@Name</span>` mentions a colleague, who is notified.
 */
const body = z.string().trim().min(1, 'Write something').max(RICH_TEXT_MAX);

export const createNoteInput = z
  .object({ contactId: z.uuid().optional(), companyId: z.uuid().optional(), body })
  .strict()
  .refine((n) => Boolean(n.contactId || n.companyId), {
    message: 'Give a contact or a company',
    path: ['contactId'],
  })
  .meta({ id: 'CreateNote' });
export type CreateNoteInput = z.infer<typeof createNoteInput>;

export const updateNoteInput = z.object({ body }).strict().meta({ id: 'UpdateNote' });
export type UpdateNoteInput = z.infer<typeof updateNoteInput>;

export const noteDto = z
  .object({
    id: z.uuid(),
    contactId: z.uuid().nullable(),
    companyId: z.uuid().nullable(),
    body: z.string(),
    mentions: z.array(z.uuid()),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Note' });
export type NoteDto = z.infer<typeof noteDto>;
