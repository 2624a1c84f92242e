import { z } from 'zod';
import { companyDto } from './companies.ts';
import { contactDto } from './contacts.ts';

/** Merging duplicates: the candidate pairs, the merge itself, its history and undo (docs/MERGING.md). */
export const mergeEntities = ['contact', 'company'] as const;
export const mergeEntity = z.enum(mergeEntities);
export type MergeEntity = z.infer<typeof mergeEntity>;

/** Single-valued fields a merge chooses between (custom fields are chosen as `custom.<key>`). */
export const contactMergeFields = [
  'firstName',
  'lastName',
  'companyId',
  'jobTitle',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'birthday',
  'customerSince',
  'language',
  'preferredChannel',
  'source',
  'customerGroup',
  'stayInTouchDays',
  'description',
] as const;
export const companyMergeFields = [
  'name',
  'domain',
  'website',
  'industry',
  'employees',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'customerGroup',
  'vatId',
  'description',
] as const;
/** Multi-valued fields: united by default (duplicates removed), or taken from one record. */
export const multiMergeFields = ['emails', 'phones', 'addresses', 'tags'] as const;
export type MultiMergeField = (typeof multiMergeFields)[number];

const keyOf: Record<MultiMergeField, (v: unknown) => string> = {
  emails: (v) => String((v as { address?: string }).address ?? '').toLowerCase(),
  // The last 8 digits, as the duplicate refresh compares them: +45 12 34 56 78 and 12345678 are one number.
  phones: (v) =>
    String((v as { number?: string }).number ?? '')
      .replace(/\D/g, '')
      .slice(-8),
  addresses: (v) => {
    const { label: _l, ...rest } = v as Record<string, unknown>;
    return JSON.stringify(
      Object.keys(rest)
        .sort()
        .map((k) => [k, String(rest[k] ?? '').toLowerCase()]),
    );
  },
  tags: (v) => String(v).toLowerCase(),
};

/** Both lists, the survivor's first, without repeats (e-mails by address, phones by digits, …). */
export function unite(field: MultiMergeField, a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of [...a, ...b]) {
    const k = keyOf[field](v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** `this` = the record at :id (it survives), `other` = the record merged into it. */
export const mergeChoice = z.enum(['this', 'other']);
export const multiMergeChoice = z.enum(['this', 'other', 'union']);
const customKey = z.string().regex(/^custom\.[a-z][a-z0-9_]{0,63}$/, 'Unknown field');

/** A cluster merge takes at most this many records at once (the survivor and 9 others). */
export const MERGE_MAX_RECORDS = 10;

export const mergeInput = z
  .object({
    /** The one record merged into this one (a pair). */
    otherId: z.uuid().optional(),
    /** Several records merged into this one at once (a cluster), in one transaction and undone as one. */
    otherIds: z
      .array(z.uuid())
      .min(1)
      .max(MERGE_MAX_RECORDS - 1)
      .optional(),
    /**
     * Which record's value wins, per field: `this`, `other` (a pair), or the id of any record of the merge
     * (a cluster); lists also `union`. Left out: the surviving record's value, or, when it is empty, the
     * first other record's that is not; multi-valued fields are united.
     */
    fields: z.record(z.string().max(80), z.union([z.enum(['this', 'other', 'union']), z.uuid()])).default({}),
  })
  // No component id: with the default above, the request and the parsed shape differ, and swagger would
  // name both MergeInput.
  .strict();
export type MergeInput = z.infer<typeof mergeInput>;
export type MergeFieldChoice = MergeInput['fields'][string];
export const isCustomChoiceKey = (k: string) => customKey.safeParse(k).success;

/**
 * `otherId` (one) or `otherIds` (several, comma-separated) is required; it is checked after the record
 * itself, so an unknown record answers 404 first.
 */
export const mergePreviewQuery = z
  .object({
    otherId: z.uuid().optional(),
    otherIds: z
      .string()
      .regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,8}$/i, 'Up to 9 record ids, separated by commas')
      .optional(),
  })
  .strict();

/** How many rows of one table point to a record (the rows a merge moves to the survivor). */
export const relatedCount = z.object({ table: z.string(), column: z.string(), count: z.number().int() });
export type RelatedCount = z.infer<typeof relatedCount>;

/** `other` is the first of `others`; `related` counts the rows of every other record that would move. */
export const contactMergePreview = z.object({
  this: contactDto,
  other: contactDto,
  others: z.array(contactDto),
  related: z.array(relatedCount),
});
export const companyMergePreview = z.object({
  this: companyDto,
  other: companyDto,
  others: z.array(companyDto),
  related: z.array(relatedCount),
});
export type ContactMergePreview = z.infer<typeof contactMergePreview>;
export type CompanyMergePreview = z.infer<typeof companyMergePreview>;

export const mergeDto = z
  .object({
    id: z.uuid(),
    entity: mergeEntity,
    survivorId: z.uuid(),
    survivorName: z.string(),
    /** The (first) record merged into the survivor. */
    loserId: z.uuid(),
    loserName: z.string(),
    /** Every record merged into the survivor by this merge (one for a pair, several for a cluster). */
    losers: z.array(z.object({ id: z.uuid(), name: z.string() })),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    /** The fields whose value changed on the survivor: field → [before, after]. */
    changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
    moved: z.array(relatedCount),
    createdAt: z.string(),
    undoneAt: z.string().nullable(),
    /** The survivor's version right after the merge: undo is possible while it is unchanged. */
    survivorVersion: z.number().int(),
  })
  .meta({ id: 'Merge' });
export type MergeDto = z.infer<typeof mergeDto>;
export const mergeList = z.object({ data: z.array(mergeDto), nextCursor: z.string().nullable() });
export const mergeListQuery = z
  .object({
    entity: mergeEntity.optional(),
    recordId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .regex(/^[0-9T:.Z+-]{10,40}~[0-9a-f-]{36}$/)
      .optional(),
  })
  .strict();
export type MergeListQuery = z.infer<typeof mergeListQuery>;

/** Why two records look like one: structured, so the web app words it in the user's language. */
export const duplicateReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: z.string() }),
  z.object({ kind: z.literal('phone'), value: z.string() }),
  z.object({ kind: z.literal('domain'), value: z.string() }),
  z.object({ kind: z.literal('name_company'), similarity: z.number() }),
  z.object({ kind: z.literal('name'), similarity: z.number() }),
]);
export type DuplicateReason = z.infer<typeof duplicateReason>;

export const duplicateSide = z.object({
  id: z.uuid(),
  name: z.string(),
  /** A contact's first e-mail and company; a company's domain. */
  detail: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  createdAt: z.string(),
});
export const duplicatePair = z.object({
  entity: mergeEntity,
  score: z.number().int().min(0).max(100),
  reasons: z.array(duplicateReason),
  /** The connected group of pairs this one belongs to (a–b and b–c: three records), listed together. */
  cluster: z.object({ id: z.uuid(), score: z.number().int(), size: z.number().int() }),
  a: duplicateSide,
  b: duplicateSide,
});
export type DuplicatePair = z.infer<typeof duplicatePair>;

export const duplicateListQuery = z
  .object({
    entity: mergeEntity.default('contact'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .regex(/^\d{1,3}~[0-9a-f-]{36}~\d{1,3}~[0-9a-f-]{36}~[0-9a-f-]{36}$/)
      .optional(),
  })
  .strict();
export const refreshInput = z.object({ entity: mergeEntity }).strict();
export const refreshResult = z.object({
  entity: mergeEntity,
  pairs: z.number().int(),
  durationMs: z.number().int(),
  refreshedAt: z.string(),
});
export type RefreshResult = z.infer<typeof refreshResult>;
/** A refresh runs as a background job: queued → running → done (with `result`) | failed. */
export const refreshJobDto = z
  .object({
    id: z.uuid(),
    entity: mergeEntity,
    status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    result: refreshResult.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'DuplicatesRefreshJob' });
export type RefreshJobDto = z.infer<typeof refreshJobDto>;

export const duplicateList = z.object({
  data: z.array(duplicatePair),
  nextCursor: z.string().nullable(),
  /** When the candidates were last computed (null: never). */
  refreshedAt: z.string().nullable(),
  /** The refresh queued or running for this entity now, if any (the page polls it until it is done). */
  refreshing: refreshJobDto.nullable(),
});
export type DuplicateList = z.infer<typeof duplicateList>;

export const dismissInput = z.object({ entity: mergeEntity, aId: z.uuid(), bId: z.uuid() }).strict();
export type DismissInput = z.infer<typeof dismissInput>;
