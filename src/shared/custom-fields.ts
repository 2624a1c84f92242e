import { z } from 'zod';
import { localizedLabels } from './common.ts';
import type { FieldType } from './filters.ts';

export const customFieldTypes = [
  'text',
  'long_text',
  'integer',
  'decimal',
  'date',
  'boolean',
  'select',
  'multi_select',
  'url',
  'email',
  'phone',
  'money',
] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
export const customFieldEntities = ['contact', 'company'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export const selectOption = z
  .object({
    value: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^,]+$/, 'Options cannot contain commas'),
    labels: localizedLabels,
  })
  .strict();

export const customFieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Use lower-case letters, digits and _ (start with a letter, at most 50)');

export const createCustomFieldInput = z
  .object({
    entity: z.enum(customFieldEntities),
    key: customFieldKey,
    type: z.enum(customFieldTypes),
    labels: localizedLabels,
    options: z.array(selectOption).max(200).default([]),
    required: z.boolean().default(false),
    unique: z.boolean().default(false),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .strict()
  .superRefine((v, ctx) => {
    const needsOptions = v.type === 'select' || v.type === 'multi_select';
    if (needsOptions && v.options.length === 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select field needs options' });
    if (!needsOptions && v.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields have options' });
    if (v.unique && ['boolean', 'multi_select', 'long_text'].includes(v.type))
      ctx.addIssue({ code: 'custom', path: ['unique'], message: 'This type cannot be unique' });
  });
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldInput>;

/** Key, entity and type are fixed once a field exists (stored values depend on them). */
export const updateCustomFieldInput = z
  .object({
    labels: localizedLabels,
    options: z.array(selectOption).max(200),
    required: z.boolean(),
    unique: z.boolean(),
    position: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict();
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldInput>;

export const customFieldDto = z
  .object({
    id: z.uuid(),
    entity: z.enum(customFieldEntities),
    key: z.string(),
    type: z.enum(customFieldTypes),
    labels: localizedLabels,
    options: z.array(selectOption),
    required: z.boolean(),
    unique: z.boolean(),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomField' });
export type CustomFieldDto = z.infer<typeof customFieldDto>;

export const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 currency code');
/** Money in integer minor units with its currency: { amount: 1999, currency: 'EUR' } is 19.99 €. */
export const moneyValue = z.object({ amount: z.number().int().min(-1e15).max(1e15), currency }).strict();

/** The schema one stored value must satisfy (without the required check, which depends on create/update). */
export function customValueSchema(field: Pick<CustomFieldDto, 'type' | 'options'>): z.ZodType {
  const values = field.options.map((o) => o.value);
  switch (field.type) {
    case 'text':
      return z.string().trim().max(500);
    case 'long_text':
      return z.string().max(10_000);
    case 'integer':
      return z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
    case 'decimal':
      return z
        .number()
        .finite()
        .refine((n) => Math.abs(n) < 1e12 && Number(n.toFixed(6)) === n, 'At most 6 decimals and 12 digits');
    case 'date':
      return z.iso.date();
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.string().refine((v) => values.includes(v), `Choose one of: ${values.join(', ')}`);
    case 'multi_select':
      return z
        .array(z.string().refine((v) => values.includes(v), `Choose from: ${values.join(', ')}`))
        .max(values.length)
        .transform((a) => [...new Set(a)]);
    case 'url':
      return z
        .string()
        .trim()
        .max(2000)
        .pipe(z.url({ protocol: /^https?$/, message: 'Use an http(s) address' }));
    case 'email':
      return z.string().trim().max(320).pipe(z.email('Not a valid e-mail address'));
    case 'phone':
      return z
        .string()
        .trim()
        .min(3)
        .max(40)
        .regex(/^\+?[0-9 ()./-]+$/, 'Use digits, spaces and + ( ) . / -');
    case 'money':
      return moneyValue;
  }
}

/** How a custom field behaves in the filter tree. */
export function customFilterType(type: CustomFieldType): FieldType {
  switch (type) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'decimal';
    case 'money':
      return 'money';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'select':
      return 'enum';
    case 'multi_select':
      return 'multiselect';
    default:
      return 'text';
  }
}

export const isEmptyValue = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function labelOf(labels: { en: string; fr?: string; de?: string; da?: string }, lang: string): string {
  return (labels as Record<string, string | undefined>)[lang] || labels.en;
}
