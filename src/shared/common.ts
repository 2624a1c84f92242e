import { z } from 'zod';

export const uuid = z.uuid();
export const idParams = z.object({ id: z.uuid() });
/** Trimmed text with a length cap; empty strings are kept as ''. */
export const text = (max: number) => z.string().trim().max(max);
export const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
export const isoDate = z.iso.date();
export const languages = ['en', 'fr', 'de', 'da'] as const;
export const uiLanguage = z.enum(languages);
export type UiLanguage = z.infer<typeof uiLanguage>;
export const roles = ['admin', 'manager', 'agent', 'viewer'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** A list's total: exact up to 10,000 rows, PostgreSQL's estimate beyond (`exact: false`). */
export const listCount = z.object({ count: z.number().int().nonnegative(), exact: z.boolean() });
export type ListCount = z.infer<typeof listCount>;

/** Labels per UI language; English is required, the others fall back to it. */
export const localizedLabels = z
  .object({
    en: text(100).min(1),
    fr: text(100).optional(),
    de: text(100).optional(),
    da: text(100).optional(),
  })
  .strict();
export type LocalizedLabels = z.infer<typeof localizedLabels>;

/** Hard erase of a record (GDPR): a reason is kept in the audit log. */
export const eraseInput = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
