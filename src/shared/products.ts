import { z } from 'zod';
import { listEnvelope, text, uiLanguage } from './common.ts';
import { currency, nonNegativeAmount, taxRate } from './money.ts';

/**
 * The catalogue (products and services), tax rates per country and category, and price lists per customer
 * group and currency. Prices are integer minor units of their currency; rates are decimal strings of percent.
 */
export const productUnits = [
  'piece',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'kg',
  'g',
  't',
  'm',
  'm2',
  'm3',
  'km',
  'l',
  'licence',
  'user',
  'package',
  'set',
] as const;
export type ProductUnit = (typeof productUnits)[number];

/**
 * Which of a country's rates applies. `reduced` is a country's (higher) reduced rate, `reduced_2` its second,
 * lower one (FR 5.5, SE 6, IT 5), `super_reduced` a rate below 5 % (FR 2.1, ES 4); `zero` and `exempt` are 0.
 */
export const taxCategories = ['standard', 'reduced', 'reduced_2', 'super_reduced', 'zero', 'exempt'] as const;
export type TaxCategory = (typeof taxCategories)[number];

export const productStatuses = ['active', 'archived'] as const;
export type ProductStatus = (typeof productStatuses)[number];

export const SKU_MAX = 64;
export const PRODUCT_NAME_MAX = 200;
export const PRODUCT_DESCRIPTION_MAX = 4000;

/** Letters, digits and `-_./+#`, starting with a letter or digit. Unique among live products, ignoring case. */
export const sku = z
  .string()
  .trim()
  .min(1, 'Give the product a SKU')
  .max(SKU_MAX)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}\-_./+#]*$/u, 'Use letters, digits and - _ . / + # (no spaces)');

/** Names per UI language; English is required and is what other languages fall back to. */
export const productNames = z
  .object({
    en: text(PRODUCT_NAME_MAX).min(1, 'Give the product an English name'),
    fr: text(PRODUCT_NAME_MAX).optional(),
    de: text(PRODUCT_NAME_MAX).optional(),
    da: text(PRODUCT_NAME_MAX).optional(),
  })
  .strict();
export type ProductNames = z.infer<typeof productNames>;

export const productDescriptions = z
  .object({
    en: text(PRODUCT_DESCRIPTION_MAX).optional(),
    fr: text(PRODUCT_DESCRIPTION_MAX).optional(),
    de: text(PRODUCT_DESCRIPTION_MAX).optional(),
    da: text(PRODUCT_DESCRIPTION_MAX).optional(),
  })
  .strict();
export type ProductDescriptions = z.infer<typeof productDescriptions>;

/** The text in a language, else English (empty strings count as missing). */
export function localized(texts: Partial<Record<string, string | undefined>>, language: string): string {
  return texts[language]?.trim() || texts.en?.trim() || '';
}

export const productPrice = z.object({ currency, unitPrice: nonNegativeAmount }).strict();
export type ProductPrice = z.infer<typeof productPrice>;

const prices = z
  .array(productPrice)
  .max(30)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.currency))
        ctx.addIssue({ code: 'custom', path: [i, 'currency'], message: 'This currency appears twice' });
      seen.add(p.currency);
    });
  });

/** A customer group ("wholesale", "partner"): lower-cased, so "Wholesale" and "wholesale" are one group. */
export const customerGroup = z
  .string()
  .trim()
  .max(60)
  .regex(/^[^,<>]*$/, 'A customer group cannot contain , < or >')
  .transform((v) => v.toLowerCase());
export const nullableCustomerGroup = customerGroup.nullable().transform((v) => (v ? v : null));

type Cost = { costPrice?: number | null; costCurrency?: string | null };
const costComplete = (p: Cost) =>
  (p.costPrice === undefined) === (p.costCurrency === undefined) &&
  (p.costPrice === null || p.costPrice === undefined) ===
    (p.costCurrency === null || p.costCurrency === undefined);
const costMessage = { message: 'Give the cost price and its currency together', path: ['costCurrency'] };

const writable = {
  sku,
  names: productNames,
  descriptions: productDescriptions,
  unit: z.enum(productUnits),
  taxCategory: z.enum(taxCategories),
  prices,
  /** What one unit costs you, for margins; in `costCurrency`. */
  costPrice: nonNegativeAmount.nullable(),
  costCurrency: currency.nullable(),
};

export const createProductInput = z
  .object({
    ...writable,
    descriptions: writable.descriptions.default({}),
    unit: writable.unit.default('piece'),
    taxCategory: writable.taxCategory.default('standard'),
    prices: writable.prices.default([]),
    costPrice: writable.costPrice.optional(),
    costCurrency: writable.costCurrency.optional(),
  })
  .strict()
  .refine(costComplete, costMessage)
  .meta({ id: 'CreateProduct' });
export type CreateProductInput = z.infer<typeof createProductInput>;

/** A change; `prices` given replaces all list prices, `names`/`descriptions` given replace all languages. */
export const updateProductInput = z
  .object(writable)
  .partial()
  .strict()
  .refine(costComplete, costMessage)
  .meta({ id: 'UpdateProduct' });
export type UpdateProductInput = z.infer<typeof updateProductInput>;

export const productDto = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    names: productNames,
    descriptions: productDescriptions,
    unit: z.enum(productUnits),
    taxCategory: z.enum(taxCategories),
    /** List prices, sorted by currency. */
    prices: z.array(z.object({ currency: z.string(), unitPrice: z.number().int() })),
    costPrice: z.number().int().nullable(),
    costCurrency: z.string().nullable(),
    status: z.enum(productStatuses),
    archivedAt: z.string().nullable(),
    createdById: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Product' });
export type ProductDto = z.infer<typeof productDto>;
export const productList = listEnvelope(productDto);
export type ProductList = z.infer<typeof productList>;

/**
 * `GET /products`: `q` searches SKUs and names in every language as you type (SKU matches first), `status`
 * (default `active`), `taxCategory`, `deleted=only` for the recycle bin; `sort=sku` (default, A→Z) or
 * `-createdAt` without `q`.
 */
export const productListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z.enum(['active', 'archived', 'all']).default('active'),
    taxCategory: z.enum(taxCategories).optional(),
    deleted: z.enum(['only']).optional(),
    sort: z.enum(['sku', '-createdAt']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type ProductListQuery = z.infer<typeof productListQuery>;

/* ---------- pricing of a document line ---------- */

export const pricingLineQuery = z
  .object({
    productId: z.uuid(),
    currency,
    contactId: z.uuid().optional(),
    companyId: z.uuid().optional(),
    /** The document's language, for the description (English when the product has no name in it). */
    language: uiLanguage.default('en'),
  })
  .strict();
export type PricingLineQuery = z.infer<typeof pricingLineQuery>;

export const priceSources = ['price_list', 'list_price', 'none'] as const;
export const pricingLine = z
  .object({
    productId: z.uuid(),
    sku: z.string(),
    description: z.string(),
    unit: z.string(),
    /** Minor units of the requested currency; null when the product has no price in it. */
    unitPrice: z.number().int().nullable(),
    taxRate: z.string(),
    /** The cost price when it is kept in the requested currency, else null. */
    unitCost: z.number().int().nullable(),
    priceSource: z.enum(priceSources),
  })
  .meta({ id: 'PricingLine' });
export type PricingLine = z.infer<typeof pricingLine>;

/* ---------- tax rates ---------- */

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Use an ISO 3166 two-letter country code');

export const taxRateDto = z
  .object({
    id: z.uuid(),
    country: z.string(),
    category: z.enum(taxCategories),
    rate: z.string(),
    label: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaxRate' });
export type TaxRateDto = z.infer<typeof taxRateDto>;
export const taxRateList = z.object({ data: z.array(taxRateDto) });

const labelText = text(100)
  .nullable()
  .transform((v) => (v ? v : null));
export const createTaxRateInput = z
  .object({
    country: countryCode,
    category: z.enum(taxCategories),
    rate: taxRate,
    label: labelText.optional(),
  })
  .strict()
  .meta({ id: 'CreateTaxRate' });
export type CreateTaxRateInput = z.infer<typeof createTaxRateInput>;
export const updateTaxRateInput = z
  .object({ country: countryCode, category: z.enum(taxCategories), rate: taxRate, label: labelText })
  .partial()
  .strict()
  .meta({ id: 'UpdateTaxRate' });
export type UpdateTaxRateInput = z.infer<typeof updateTaxRateInput>;
export const taxRateListQuery = z.object({ country: countryCode.optional() }).strict();

/* ---------- price lists ---------- */

export const priceListItemInput = z.object({ productId: z.uuid(), unitPrice: nonNegativeAmount }).strict();
const items = z
  .array(priceListItemInput)
  .max(5000)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.productId))
        ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'This product appears twice' });
      seen.add(p.productId);
    });
  });

const priceListWritable = {
  name: text(200).min(1, 'Give the price list a name'),
  customerGroup: customerGroup.pipe(z.string().min(1, 'Give the customer group')),
  currency,
  /** Only one active list per customer group and currency. */
  active: z.boolean(),
};
export const createPriceListInput = z
  .object({ ...priceListWritable, active: priceListWritable.active.default(true), items: items.default([]) })
  .strict()
  .meta({ id: 'CreatePriceList' });
export type CreatePriceListInput = z.infer<typeof createPriceListInput>;
export const updatePriceListInput = z
  .object(priceListWritable)
  .partial()
  .strict()
  .meta({ id: 'UpdatePriceList' });
export type UpdatePriceListInput = z.infer<typeof updatePriceListInput>;
/** `PUT /price-lists/:id/items`: the whole set of items, replacing the old one. */
export const priceListItemsInput = z.object({ items }).strict().meta({ id: 'PriceListItems' });
export type PriceListItemsInput = z.infer<typeof priceListItemsInput>;

export const priceListItemDto = z.object({
  productId: z.uuid(),
  sku: z.string(),
  names: productNames,
  unitPrice: z.number().int(),
  /** The product's list price in the list's currency, for comparison. */
  listPrice: z.number().int().nullable(),
});
export type PriceListItemDto = z.infer<typeof priceListItemDto>;
export const priceListDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    customerGroup: z.string(),
    currency: z.string(),
    active: z.boolean(),
    itemCount: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceList' });
export type PriceListDto = z.infer<typeof priceListDto>;
export const priceListDetail = priceListDto
  .extend({ items: z.array(priceListItemDto) })
  .meta({ id: 'PriceListDetail' });
export type PriceListDetail = z.infer<typeof priceListDetail>;
export const priceListList = z.object({ data: z.array(priceListDto) });
