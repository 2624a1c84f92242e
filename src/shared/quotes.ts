import { z } from 'zod';
import { isoDate, listEnvelope, nullableText, uiLanguage } from './common.ts';
import type { FieldMeta } from './filters.ts';
import { listQuery } from './filters.ts';
import { amount, currency } from './money.ts';
import { documentMail, lineDto, linesInput, sendDocumentInput } from './sales.ts';

/**
 * A quote (offer): lines in one currency for a contact and/or company, numbered per year (`Q-2026-0001`),
 * valid until a date, with versions (revising a sent quote keeps the earlier version readable).
 * draft → sent → accepted | declined | expired. Accepting creates the order.
 */
export const quoteStatuses = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];
export const quoteStatus = z.enum(quoteStatuses);

export const TERMS_MAX = 4000;

const totals = z.object({ net: amount, tax: amount, gross: amount });
const taxBreakdown = z.array(z.object({ rate: z.string(), net: amount, tax: amount }));

/**
 * `POST /quotes`, three ways: `{dealId}` copies a deal's customer, currency, owner and lines (one click);
 * `{templateId, contactId|companyId}` starts from a template; otherwise the fields are given outright.
 * Whatever is given beside `dealId`/`templateId` overrides what they bring.
 */
export const createQuoteInput = z
  .object({
    dealId: z.uuid().optional(),
    templateId: z.uuid().optional(),
    contactId: z.uuid().nullable().optional(),
    companyId: z.uuid().nullable().optional(),
    ownerId: z.uuid().nullable().optional(),
    title: nullableText(300).optional(),
    currency: currency.optional(),
    /** The customer's language (the PDF, the mail and the public page); the contact's, else English. */
    language: uiLanguage.optional(),
    validUntil: isoDate.nullable().optional(),
    terms: nullableText(TERMS_MAX).optional(),
    lines: linesInput.optional(),
  })
  .strict()
  .meta({ id: 'CreateQuote' });
export type CreateQuoteInput = z.infer<typeof createQuoteInput>;

/** A draft's changes (its current version); a sent quote is revised instead. */
export const updateQuoteInput = z
  .object({
    contactId: z.uuid().nullable(),
    companyId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    title: nullableText(300),
    currency,
    language: uiLanguage,
    validUntil: isoDate.nullable(),
    terms: nullableText(TERMS_MAX),
    lines: linesInput,
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateQuote' });
export type UpdateQuoteInput = z.infer<typeof updateQuoteInput>;

export const quoteMail = documentMail;

export const quoteDto = z
  .object({
    id: z.uuid(),
    number: z.string(),
    title: z.string().nullable(),
    /** `expired` once `validUntil` has passed on a sent quote (computed on read). */
    status: quoteStatus,
    dealId: z.uuid().nullable(),
    dealTitle: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    currency: z.string(),
    language: z.string(),
    currentVersion: z.number().int(),
    validUntil: z.string().nullable(),
    terms: z.string().nullable(),
    lines: z.array(lineDto),
    totals,
    taxBreakdown,
    sentAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    acceptedName: z.string().nullable(),
    acceptedIp: z.string().nullable(),
    declinedAt: z.string().nullable(),
    declineReason: z.string().nullable(),
    orderId: z.uuid().nullable(),
    orderNumber: z.string().nullable(),
    /** Where `send` mails by default: the contact's first e-mail address, else the company's. */
    recipient: z.string().nullable(),
    /** The newest e-mail of this quote, when one was sent. */
    mail: quoteMail.nullable(),
    version: z.number().int(),
    createdById: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Quote' });
export type QuoteDto = z.infer<typeof quoteDto>;

/** A row of the quotes list: the quote without its lines. */
export const quoteListItem = quoteDto
  .omit({ lines: true, taxBreakdown: true, terms: true, mail: true, acceptedIp: true, recipient: true })
  .meta({ id: 'QuoteListItem' });
export type QuoteListItem = z.infer<typeof quoteListItem>;
export const quoteList = listEnvelope(quoteListItem);

export const quoteVersionDto = z
  .object({
    versionNo: z.number().int(),
    current: z.boolean(),
    validUntil: z.string().nullable(),
    terms: z.string().nullable(),
    lines: z.array(lineDto),
    totals,
    taxBreakdown,
    createdById: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'QuoteVersion' });
export type QuoteVersionDto = z.infer<typeof quoteVersionDto>;
export const quoteVersionList = z.object({
  data: z.array(quoteVersionDto.omit({ lines: true, taxBreakdown: true, terms: true })),
});

export const quoteListQuery = listQuery;
export type QuoteListQuery = z.infer<typeof quoteListQuery>;

/** Fields a list of quotes filters and sorts on (`?status=sent&contactId=…`); `q` matches number and title. */
export const quoteFields: Record<string, FieldMeta> = {
  number: { type: 'text', sortable: true },
  status: { type: 'enum', sortable: false, options: quoteStatuses },
  contactId: { type: 'uuid', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  dealId: { type: 'uuid', sortable: false },
  ownerId: { type: 'uuid', sortable: false },
  currency: { type: 'text', sortable: false },
  validUntil: { type: 'date', sortable: true },
  gross: { type: 'integer', sortable: true },
  createdAt: { type: 'datetime', sortable: true },
  updatedAt: { type: 'datetime', sortable: true },
};

/** `POST /quotes/:id/send`: the contact's first address, a subject and a text in the quote's language unless given. */
export const sendQuoteInput = sendDocumentInput.meta({ id: 'SendQuote' });
export type SendQuoteInput = z.infer<typeof sendQuoteInput>;

export const staffAcceptInput = z
  .object({ name: z.string().trim().min(1).max(200).optional() })
  .strict()
  .meta({ id: 'AcceptQuote' });
export const staffDeclineInput = z
  .object({ name: z.string().trim().min(1).max(200).optional(), reason: nullableText(2000).optional() })
  .strict()
  .meta({ id: 'DeclineQuote' });
export const publicAcceptInput = z
  .object({ name: z.string().trim().min(1, 'Type your name').max(200) })
  .strict()
  .meta({ id: 'PublicAcceptQuote' });
export const publicDeclineInput = z
  .object({
    name: z.string().trim().min(1, 'Type your name').max(200),
    reason: nullableText(2000).optional(),
  })
  .strict()
  .meta({ id: 'PublicDeclineQuote' });

/** What the customer sees through the secret link: no internal ids, no staff names. */
export const publicQuoteDto = z
  .object({
    number: z.string(),
    title: z.string().nullable(),
    status: quoteStatus,
    language: z.string(),
    currency: z.string(),
    version: z.number().int(),
    issuedOn: z.string(),
    validUntil: z.string().nullable(),
    terms: z.string().nullable(),
    seller: z.object({
      companyName: z.string(),
      address: z.string(),
      email: z.string(),
      phone: z.string(),
      website: z.string(),
      vatId: z.string(),
      brandColor: z.string(),
    }),
    customer: z.object({ name: z.string().nullable(), company: z.string().nullable() }),
    lines: z.array(lineDto),
    totals,
    taxBreakdown,
    acceptedAt: z.string().nullable(),
    acceptedName: z.string().nullable(),
    declinedAt: z.string().nullable(),
    orderNumber: z.string().nullable(),
  })
  .meta({ id: 'PublicQuote' });
export type PublicQuoteDto = z.infer<typeof publicQuoteDto>;

/** Ready-made quotes: a name, lines, terms and a validity in days. */
export const quoteTemplateInput = z
  .object({
    name: z.string().trim().min(1, 'Name the template').max(200),
    currency,
    lines: linesInput,
    terms: nullableText(TERMS_MAX).optional(),
    validDays: z.number().int().min(1).max(365).default(30),
  })
  .strict()
  .meta({ id: 'CreateQuoteTemplate' });
export type QuoteTemplateInput = z.infer<typeof quoteTemplateInput>;
export const updateQuoteTemplateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    currency,
    lines: linesInput,
    terms: nullableText(TERMS_MAX),
    validDays: z.number().int().min(1).max(365),
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateQuoteTemplate' });
export type UpdateQuoteTemplateInput = z.infer<typeof updateQuoteTemplateInput>;
export const quoteTemplateDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    currency: z.string(),
    lines: z.array(lineDto),
    totals,
    terms: z.string().nullable(),
    validDays: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'QuoteTemplate' });
export type QuoteTemplateDto = z.infer<typeof quoteTemplateDto>;
export const quoteTemplateList = z.object({ data: z.array(quoteTemplateDto) });
