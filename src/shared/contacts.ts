import { z } from 'zod';
import { isoDate, listEnvelope, nullableText, text } from './common.ts';
import {
  addressEntry,
  channels,
  crmFields,
  emailEntry,
  lifecycleStages,
  phoneEntry,
  relationshipStages,
  relationshipTypes,
} from './crm.ts';
import type { FieldMeta } from './filters.ts';
import { nullableCustomerGroup } from './products.ts';

const contactWritable = {
  firstName: text(200),
  lastName: text(200),
  ...crmFields,
  companyId: z.uuid().nullable(),
  jobTitle: nullableText(200),
  birthday: isoDate.nullable(),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2}$/, 'Use an ISO 639-1 two-letter language code')
    .nullable(),
  preferredChannel: z.enum(channels).nullable(),
  source: nullableText(100),
  /** Price list group ("wholesale"); a company's group, when the contact has one, comes first. */
  customerGroup: nullableCustomerGroup,
  /** Stay in touch: reach this contact at least every N days (null: no cadence). */
  stayInTouchDays: z.number().int().min(1).max(730).nullable(),
};

const needsAName = (c: { firstName?: string; lastName?: string; emails?: unknown[] }) =>
  Boolean(c.firstName || c.lastName || c.emails?.length);

export const createContactInput = z
  .object(contactWritable)
  .partial()
  .strict()
  .refine(needsAName, { message: 'Give a first name, a last name or an e-mail address', path: ['lastName'] })
  .meta({ id: 'CreateContact' });
export type CreateContactInput = z.infer<typeof createContactInput>;

export const updateContactInput = z.object(contactWritable).partial().strict().meta({ id: 'UpdateContact' });
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const contactDto = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    emails: z.array(emailEntry),
    phones: z.array(phoneEntry),
    addresses: z.array(addressEntry),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    lifecycleStage: z.enum(lifecycleStages).nullable(),
    relationshipType: z.enum(relationshipTypes).nullable(),
    relationshipStage: z.enum(relationshipStages).nullable(),
    birthday: z.string().nullable(),
    customerSince: z.string().nullable(),
    language: z.string().nullable(),
    preferredChannel: z.enum(channels).nullable(),
    source: z.string().nullable(),
    customerGroup: z.string().nullable(),
    stayInTouchDays: z.number().int().nullable(),
    /** When the next touch is due: last interaction (or creation) + cadence; null without a cadence. */
    touchDueAt: z.string().nullable(),
    description: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Contact' });
export type ContactDto = z.infer<typeof contactDto>;
export const contactList = listEnvelope(contactDto);

/** Standard fields a list can filter and sort on (custom fields are added as `custom.<key>`). */
export const contactFields: Record<string, FieldMeta> = {
  firstName: { type: 'text', sortable: true },
  lastName: { type: 'text', sortable: true },
  email: { type: 'text', sortable: false },
  phone: { type: 'text', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  jobTitle: { type: 'text', sortable: true },
  ownerId: { type: 'uuid', sortable: false },
  tags: { type: 'tags', sortable: false },
  lifecycleStage: { type: 'enum', sortable: true, options: lifecycleStages },
  relationshipType: { type: 'enum', sortable: true, options: relationshipTypes },
  relationshipStage: { type: 'enum', sortable: true, options: relationshipStages },
  birthday: { type: 'date', sortable: true },
  customerSince: { type: 'date', sortable: true },
  language: { type: 'text', sortable: true },
  preferredChannel: { type: 'enum', sortable: true, options: channels },
  source: { type: 'text', sortable: true },
  externalId: { type: 'text', sortable: true },
  customerGroup: { type: 'text', sortable: true },
  country: { type: 'text', sortable: false },
  stayInTouchDays: { type: 'integer', sortable: true },
  touchDueAt: { type: 'datetime', sortable: true },
  createdAt: { type: 'datetime', sortable: true },
  updatedAt: { type: 'datetime', sortable: true },
};

export const duplicateWarning = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  emails: z.array(emailEntry),
});
