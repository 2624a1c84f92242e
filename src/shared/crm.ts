import { z } from 'zod';
import { isoDate, nullableText, text } from './common.ts';

/** The CRM vocabulary of DESIGN.md, shared by contacts and companies. */
export const lifecycleStages = ['lead', 'prospect', 'customer', 'repeat', 'advocate', 'churned'] as const;
export const relationshipTypes = [
  'transactional',
  'long_term',
  'personal',
  'dedicated',
  'self_service',
  'automated',
  'community',
] as const;
export const relationshipStages = [
  'exploration',
  'awareness',
  'expansion',
  'commitment',
  'dissolution',
] as const;
export const channels = [
  'email',
  'phone',
  'sms',
  'chat',
  'social',
  'web',
  'shop',
  'letter',
  'meeting',
  'portal',
] as const;
export const contactLabels = ['work', 'home', 'mobile', 'other', 'billing', 'shipping', 'main'] as const;

const label = z.enum(contactLabels);
export const emailEntry = z
  .object({
    address: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')),
    label: label.default('work'),
  })
  .strict();
export const phoneEntry = z
  .object({
    number: z
      .string()
      .trim()
      .min(3)
      .max(40)
      // An extension in RFC 3966 form (+4930123456;ext=12), as imports write it.
      .regex(/^\+?[0-9 ()./-]+(;ext=[0-9]{1,10})?$/, 'Use digits, spaces and + ( ) . / -'),
    label: label.default('work'),
  })
  .strict();
export const addressEntry = z
  .object({
    label: label.default('work'),
    street: text(300).default(''),
    postalCode: text(20).default(''),
    city: text(120).default(''),
    region: text(120).default(''),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Use an ISO 3166 two-letter country code'),
  })
  .strict();
export type EmailEntry = z.infer<typeof emailEntry>;
export type PhoneEntry = z.infer<typeof phoneEntry>;
export type AddressEntry = z.infer<typeof addressEntry>;

export const tag = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^,<>]+$/, 'Tags cannot contain , < or >');
export const tags = z.array(tag).max(50);

export const crmFields = {
  emails: z.array(emailEntry).max(20),
  phones: z.array(phoneEntry).max(20),
  addresses: z.array(addressEntry).max(10),
  ownerId: z.uuid().nullable(),
  tags,
  lifecycleStage: z.enum(lifecycleStages).nullable(),
  relationshipType: z.enum(relationshipTypes).nullable(),
  relationshipStage: z.enum(relationshipStages).nullable(),
  customerSince: isoDate.nullable(),
  description: nullableText(10_000),
  custom: z.record(z.string().max(64), z.unknown()),
  /** The record's id in the system it came from (an import's match key); unique among live records. */
  externalId: nullableText(200),
};

export type LifecycleStage = (typeof lifecycleStages)[number];
export type RelationshipStage = (typeof relationshipStages)[number];
