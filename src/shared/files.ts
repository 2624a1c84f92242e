import { z } from 'zod';

/** A stored file as the API shows it (never its location on disk). */
export const fileDto = z
  .object({
    id: z.string().uuid(),
    purpose: z.string(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'File' });
export type FileDto = z.infer<typeof fileDto>;

export const uploadQuery = z
  .object({
    /** The file's name as the user knows it (shown in the UI, used to guess the format). */
    name: z.string().trim().min(1).max(255),
  })
  .strict();
