import { z } from 'zod';
import { listEnvelope, nullableText } from './common.ts';
import { channels } from './crm.ts';
import type { FieldMeta } from './filters.ts';

/** One exchange with a customer on one channel (DESIGN.md): who, when, where, what, and what came of it. */
export const directions = ['in', 'out'] as const;
export const touchpoints = [
  'sales',
  'marketing',
  'service',
  'shop',
  'accounting',
  'after_sales',
  'web',
] as const;
/** Records an interaction can concern besides its contact and company; later modules add theirs. */
export const linkTypes = ['deal', 'order', 'ticket', 'campaign', 'quote', 'invoice', 'event'] as const;

export const RICH_TEXT_MAX = 100_000;

/** A system interactions come from: `webshop`, `phone-system`, `till.copenhagen`; `rapport` for our own. */
export const sourceName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lower-case letters, digits, . _ -');

export const interactionLink = z.object({ type: z.enum(linkTypes), id: z.uuid() }).strict();

const occurredAt = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
});

const writable = {
  channel: z.enum(channels),
  direction: z.enum(directions),
  touchpoint: z.enum(touchpoints).nullable(),
  occurredAt,
  subject: nullableText(300),
  /** Rich text (HTML); stored sanitised: scripts, event handlers and unknown tags are removed. */
  body: z.string().max(RICH_TEXT_MAX).nullable(),
  outcome: nullableText(200),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .nullable(),
  userId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  links: z.array(interactionLink).max(20),
};

const aboutSomeone = (i: { contactId?: string | null; companyId?: string | null }) =>
  Boolean(i.contactId || i.companyId);

export const createInteractionInput = z
  .object({
    ...writable,
    direction: writable.direction.default('out'),
    touchpoint: writable.touchpoint.optional(),
    occurredAt: occurredAt.optional(),
    subject: writable.subject.optional(),
    body: writable.body.optional(),
    outcome: writable.outcome.optional(),
    durationSeconds: writable.durationSeconds.optional(),
    userId: writable.userId.optional(),
    contactId: writable.contactId.optional(),
    companyId: writable.companyId.optional(),
    links: writable.links.optional(),
    /** The system it came from (`webshop`, `phone`, …); `rapport` when logged here. */
    source: sourceName.optional(),
    /** The id in that system: with `source`, each external interaction is stored once. */
    externalId: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine(aboutSomeone, { message: 'Give a contact or a company', path: ['contactId'] })
  .meta({ id: 'CreateInteraction' });
export type CreateInteractionInput = z.infer<typeof createInteractionInput>;

export const updateInteractionInput = z.object(writable).partial().strict().meta({ id: 'UpdateInteraction' });
export type UpdateInteractionInput = z.infer<typeof updateInteractionInput>;

export const interactionDto = z
  .object({
    id: z.uuid(),
    channel: z.enum(channels),
    direction: z.enum(directions),
    touchpoint: z.enum(touchpoints).nullable(),
    occurredAt: z.string(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    outcome: z.string().nullable(),
    durationSeconds: z.number().int().nullable(),
    userId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    links: z.array(interactionLink),
    source: z.string(),
    externalId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Interaction' });
export type InteractionDto = z.infer<typeof interactionDto>;
export const interactionList = listEnvelope(interactionDto);

/** Fields a list of interactions can filter and sort on. */
export const interactionFields: Record<string, FieldMeta> = {
  channel: { type: 'enum', sortable: true, options: channels },
  direction: { type: 'enum', sortable: true, options: directions },
  touchpoint: { type: 'enum', sortable: true, options: touchpoints },
  occurredAt: { type: 'datetime', sortable: true },
  subject: { type: 'text', sortable: true },
  outcome: { type: 'text', sortable: true },
  durationSeconds: { type: 'integer', sortable: true },
  userId: { type: 'uuid', sortable: false },
  contactId: { type: 'uuid', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  source: { type: 'text', sortable: true },
  externalId: { type: 'text', sortable: false },
  createdAt: { type: 'datetime', sortable: true },
};

/**
 * `POST /interactions/batch`: up to 1,000 items from another system (web shop, phone system, till,
 * accounting). Each names its customer by `contactId`, `email` or `phone` (digits compared, so
 * `+45 20 12 34 56` finds `20123456` only if stored with the same country code) and is stored once per
 * (`source`, `externalId`).
 */
export const BATCH_MAX = 1000;
export const batchItem = z
  .object({
    source: sourceName,
    externalId: z.string().trim().min(1).max(200),
    contactId: z.uuid().optional(),
    email: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')).optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[0-9 ()./-]{3,}$/, 'Use digits, spaces and + ( ) . / -')
      .optional(),
    companyId: z.uuid().optional(),
    channel: z.enum(channels),
    direction: z.enum(directions).default('in'),
    touchpoint: z.enum(touchpoints).nullable().optional(),
    occurredAt,
    subject: nullableText(300).optional(),
    body: z.string().max(RICH_TEXT_MAX).nullable().optional(),
    outcome: nullableText(200).optional(),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .nullable()
      .optional(),
    userId: z.uuid().nullable().optional(),
    links: z.array(interactionLink).max(20).optional(),
  })
  .strict()
  .refine((i) => Boolean(i.contactId || i.email || i.phone || i.companyId), {
    message: 'Name the customer: contactId, email, phone or companyId',
    path: ['contactId'],
  });
export type BatchItem = z.infer<typeof batchItem>;
/** Items are checked one by one (an invalid item fails alone), so the envelope takes them unparsed. */
export const batchInput = z
  .object({ items: z.array(z.unknown()).min(1).max(BATCH_MAX) })
  .strict()
  .meta({ id: 'InteractionBatch' });

export const batchResult = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['created', 'duplicate', 'error']),
      id: z.uuid().nullable(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  created: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
});
export type BatchResult = z.infer<typeof batchResult>;

/** A system allowed to post to the signed webhook; its secret appears only in the answer that creates it. */
export const ingestSourceDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'IngestSource' });
export type IngestSourceDto = z.infer<typeof ingestSourceDto>;
export const createdIngestSource = ingestSourceDto
  .extend({ secret: z.string() })
  .meta({ id: 'CreatedIngestSource' });
export const createIngestSourceInput = z
  .object({ name: sourceName })
  .strict()
  .meta({ id: 'CreateIngestSource' });

/** Seconds a signed webhook request stays valid: older (or future) timestamps are refused as replays. */
export const WEBHOOK_WINDOW_SECONDS = 300;
