import { z } from 'zod';
import { listEnvelope, nullableText, text } from './common.ts';
import {
  addressEntry,
  crmFields,
  emailEntry,
  lifecycleStages,
  phoneEntry,
  relationshipStages,
  relationshipTypes,
} from './crm.ts';
import type { FieldMeta } from './filters.ts';
import { nullableCustomerGroup } from './products.ts';

const companyWritable = {
  name: text(300).min(1, 'A company needs a name'),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'Use a domain like example.com')
    .nullable(),
  website: z
    .string()
    .trim()
    .max(500)
    .pipe(z.url({ protocol: /^https?$/, message: 'Use an http(s) address' }))
    .nullable(),
  industry: nullableText(120),
  employees: z.number().int().min(0).max(10_000_000).nullable(),
  /** Price list group ("wholesale"), for the company and its contacts. */
  customerGroup: nullableCustomerGroup,
  /** VAT identification number, e.g. DK12345678, printed on quotes and invoices. */
  vatId: z
    .string()
    .trim()
    .toUpperCase()
    .max(40)
    .regex(/^[A-Z0-9 .-]*$/, 'Use letters, digits, spaces, dots and dashes')
    .nullable()
    .transform((v) => (v ? v : null)),
  ...crmFields,
};

export const createCompanyInput = z
  .object(companyWritable)
  .partial()
  .required({ name: true })
  .strict()
  .meta({ id: 'CreateCompany' });
export type CreateCompanyInput = z.infer<typeof createCompanyInput>;
export const updateCompanyInput = z.object(companyWritable).partial().strict().meta({ id: 'UpdateCompany' });
export type UpdateCompanyInput = z.infer<typeof updateCompanyInput>;

export const companyDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    domain: z.string().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    customerGroup: z.string().nullable(),
    vatId: z.string().nullable(),
    emails: z.array(emailEntry),
    phones: z.array(phoneEntry),
    addresses: z.array(addressEntry),
    ownerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    lifecycleStage: z.enum(lifecycleStages).nullable(),
    relationshipType: z.enum(relationshipTypes).nullable(),
    relationshipStage: z.enum(relationshipStages).nullable(),
    customerSince: z.string().nullable(),
    description: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    contactCount: z.number().int().optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Company' });
export type CompanyDto = z.infer<typeof companyDto>;
export const companyList = listEnvelope(companyDto);

export const companyFields: Record<string, FieldMeta> = {
  name: { type: 'text', sortable: true },
  externalId: { type: 'text', sortable: true },
  domain: { type: 'text', sortable: true },
  industry: { type: 'text', sortable: true },
  employees: { type: 'integer', sortable: true },
  customerGroup: { type: 'text', sortable: true },
  vatId: { type: 'text', sortable: false },
  ownerId: { type: 'uuid', sortable: false },
  tags: { type: 'tags', sortable: false },
  lifecycleStage: { type: 'enum', sortable: true, options: lifecycleStages },
  relationshipType: { type: 'enum', sortable: true, options: relationshipTypes },
  relationshipStage: { type: 'enum', sortable: true, options: relationshipStages },
  customerSince: { type: 'date', sortable: true },
  country: { type: 'text', sortable: false },
  createdAt: { type: 'datetime', sortable: true },
  updatedAt: { type: 'datetime', sortable: true },
};
