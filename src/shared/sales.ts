import { z } from 'zod';
import { amount, computeTotals, discountPercent, nonNegativeAmount, quantity, taxRate } from './money.ts';

/**
 * A line of a sales document (deal, quote, order, invoice): the shape every one of them accepts and
 * returns. Quantity, discount and tax rate are decimal strings; prices are integer minor units of the
 * document's currency. `net` is computed by `src/shared/money.ts`, never sent.
 */
export const lineInput = z
  .object({
    productId: z.uuid().nullable().optional(),
    sku: z.string().trim().max(100).nullable().optional(),
    description: z.string().trim().min(1, 'Describe the line').max(2000),
    quantity,
    unitPrice: nonNegativeAmount,
    discountPercent: discountPercent.nullable().optional(),
    discountAmount: nonNegativeAmount.nullable().optional(),
    taxRate,
  })
  .strict();
export type LineInput = z.infer<typeof lineInput>;

export const lineDto = z.object({
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.number(),
  discountPercent: z.string().nullable(),
  discountAmount: z.number().nullable(),
  taxRate: z.string(),
  net: amount,
});
export type LineDto = z.infer<typeof lineDto>;

export const linesInput = z.array(lineInput).max(500);

/** Lines with their nets, and the document's totals and per-rate breakdown. */
export function priceLines(lines: LineInput[]) {
  const result = computeTotals(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? null,
      discountAmount: l.discountAmount ?? null,
      taxRate: l.taxRate,
    })),
  );
  const priced: LineDto[] = lines.map((l, i) => ({
    productId: l.productId ?? null,
    sku: l.sku ?? null,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountPercent: l.discountPercent ?? null,
    discountAmount: l.discountAmount ?? null,
    taxRate: l.taxRate,
    net: result.lines[i]?.net ?? 0,
  }));
  return { lines: priced, totals: result.totals, taxBreakdown: result.taxBreakdown };
}

export const orderStatuses = ['new', 'confirmed', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
export const orderStatus = z.enum(orderStatuses);
export const orderChannels = ['web', 'shop', 'phone', 'sales'] as const;
export const orderChannel = z.enum(orderChannels);

const addresses = z.array(z.string().trim().max(320).pipe(z.email('Not a valid e-mail address'))).max(20);
const oneOrMore = z.union([
  z
    .string()
    .trim()
    .max(320)
    .pipe(z.email('Not a valid e-mail address'))
    .transform((a) => [a]),
  addresses.min(1),
]);

/**
 * Sending a quote or an invoice by e-mail: to the customer's first address, with a subject and a text in the
 * document's language, unless given.
 */
export const sendDocumentInput = z
  .object({
    to: oneOrMore.optional(),
    cc: z
      .union([
        z
          .string()
          .trim()
          .max(320)
          .pipe(z.email('Not a valid e-mail address'))
          .transform((a) => [a]),
        addresses,
      ])
      .optional(),
    subject: z.string().trim().min(1).max(300).optional(),
    message: z.string().trim().max(10_000).optional(),
  })
  .strict();
export type SendDocumentInput = z.infer<typeof sendDocumentInput>;

/** The newest e-mail of a document: queued, sent or failed (with the last error). */
export const documentMail = z.object({
  status: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
