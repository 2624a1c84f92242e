import { z } from 'zod';

export const historyChange = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });
export const historyEntry = z
  .object({
    id: z.number().int(),
    action: z.enum(['create', 'update', 'delete', 'restore']),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    changes: z.array(historyChange),
    at: z.string(),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntry>;
export const historyList = z.object({ data: z.array(historyEntry), nextCursor: z.string().nullable() });
export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
