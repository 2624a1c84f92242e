import { z } from 'zod';
import { isoDate, listEnvelope } from './common.ts';
import {
  amount,
  compareDecimal,
  currency,
  nonNegativeAmount,
  quantity,
  taxBreakdownEntry,
  totals,
} from './money.ts';
import { documentMail, lineDto, lineInput, sendDocumentInput } from './sales.ts';

/**
 * Invoices, credit notes and payments. An invoice comes from an order (whole or chosen quantities of its
 * lines) or is written by hand; a credit note credits lines of an invoice (returns) with negative amounts.
 * Amounts are integer minor units of the invoice's currency; quantities decimal strings.
 */
export const invoiceKinds = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];
/** Stored states. `overdue` is not one: it is open or partially paid past the due date, judged when read. */
export const invoiceStatuses = ['open', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
/** What the list filters on: the stored states plus `overdue`. */
export const invoiceStatusFilters = [...invoiceStatuses, 'overdue'] as const;
export type InvoiceStatusFilter = (typeof invoiceStatusFilters)[number];
export const paymentMethods = [
  'bank_transfer',
  'card',
  'cash',
  'direct_debit',
  'online',
  'cheque',
  'other',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

const dateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
});
const positiveQuantity = quantity.refine((q) => compareDecimal(q, '0') > 0, 'Quantity must be above 0');

/** A quantity of one order line to invoice. */
export const orderLinePick = z.object({ orderLineId: z.uuid(), quantity: positiveQuantity }).strict();
export type OrderLinePick = z.infer<typeof orderLinePick>;

const common = {
  /** Defaults to today (UTC). */
  issuedOn: isoDate.optional(),
  /** Defaults to the sales settings' payment terms. The due date is issuedOn + paymentTermsDays. */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  note: z.string().trim().max(4000).nullable().optional(),
  language: z.enum(['en', 'fr', 'de', 'da']).optional(),
};

/**
 * `POST /invoices`. From an order: `{orderId, lines?:[{orderLineId, quantity}]}` — without lines, everything
 * not yet invoiced. By hand: `{contactId|companyId, currency, lines:[line…]}`. `lines` is checked against
 * the shape the case needs (error paths `lines.0.quantity`, …).
 */
export const createInvoiceInput = z
  .object({
    orderId: z.uuid().optional(),
    contactId: z.uuid().nullable().optional(),
    companyId: z.uuid().nullable().optional(),
    currency: currency.optional(),
    lines: z.array(z.record(z.string(), z.unknown())).max(500).optional().meta({
      description:
        'With `orderId`: `[{orderLineId, quantity}]` (optional). By hand: sales document lines `[{description, quantity, unitPrice, taxRate, …}]`.',
    }),
    ...common,
  })
  .strict()
  .transform((v, ctx) => {
    const fail = (path: (string | number)[], message: string) => {
      ctx.issues.push({ code: 'custom', message, path, input: v });
      return z.NEVER;
    };
    if (v.orderId) {
      if (v.currency || v.contactId || v.companyId)
        return fail(['orderId'], 'An invoice from an order takes its customer and currency from the order');
      const parsed = z.array(orderLinePick).safeParse(v.lines ?? []);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.issues.push({ ...issue, path: ['lines', ...issue.path], input: v } as never);
        return z.NEVER;
      }
      const { contactId: _c, companyId: _co, currency: _cu, lines, ...rest } = v;
      return { ...rest, source: 'order' as const, orderId: v.orderId, picks: lines ? parsed.data : null };
    }
    if (!v.currency) return fail(['currency'], 'Give the currency (or an orderId)');
    if (!v.contactId && !v.companyId)
      return fail(['contactId'], 'Give a contact or a company (or an orderId)');
    if (!v.lines?.length) return fail(['lines'], 'An invoice needs at least one line');
    const parsed = z.array(lineInput).safeParse(v.lines);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.issues.push({ ...issue, path: ['lines', ...issue.path], input: v } as never);
      return z.NEVER;
    }
    const { orderId: _o, ...rest } = v;
    return { ...rest, source: 'manual' as const, currency: v.currency, lines: parsed.data };
  })
  .meta({ id: 'CreateInvoice' });
export type CreateInvoiceInput = z.output<typeof createInvoiceInput>;

export const voidInvoiceInput = z
  .object({ reason: z.string().trim().min(3, 'Say why').max(500) })
  .strict()
  .meta({ id: 'VoidInvoice' });

/** `POST /invoices/:id/credit-note`: quantities of the invoice's lines that came back. */
export const createCreditNoteInput = z
  .object({
    lines: z
      .array(z.object({ invoiceLineId: z.uuid(), quantity: positiveQuantity }).strict())
      .min(1, 'Choose at least one line')
      .max(500),
    reason: z.string().trim().min(3, 'Say why').max(500),
    issuedOn: isoDate.optional(),
  })
  .strict()
  .meta({ id: 'CreateCreditNote' });
export type CreateCreditNoteInput = z.infer<typeof createCreditNoteInput>;

const paymentFields = {
  /** In minor units of the invoice's currency, above 0. */
  amount: nonNegativeAmount.refine((a) => a > 0, 'The amount must be above 0'),
  /** Must be the invoice's currency when given. */
  currency: currency.optional(),
  /** Defaults to now. */
  receivedAt: dateTime.optional(),
  method: z.enum(paymentMethods).default('bank_transfer'),
  reference: z.string().trim().max(200).nullable().optional(),
  /** With `externalId`: a repeat of the same (source, externalId) returns the first payment (200). */
  source: z.string().trim().min(1).max(100).nullable().optional(),
  externalId: z.string().trim().min(1).max(200).nullable().optional(),
};
const externalComplete = (v: { source?: string | null; externalId?: string | null }) =>
  !v.externalId || Boolean(v.source);

export const createPaymentInput = z
  .object(paymentFields)
  .strict()
  .refine(externalComplete, { message: 'Give the source of the external id', path: ['source'] })
  .meta({ id: 'CreatePayment' });
export type CreatePaymentInput = z.infer<typeof createPaymentInput>;

export const createPaymentForInvoiceInput = z
  .object({ invoiceId: z.uuid(), ...paymentFields })
  .strict()
  .refine(externalComplete, { message: 'Give the source of the external id', path: ['source'] })
  .meta({ id: 'CreatePaymentForInvoice' });

export const invoiceLineDto = lineDto
  .extend({
    id: z.uuid(),
    position: z.number().int(),
    orderLineId: z.uuid().nullable(),
    unitCost: z.number().nullable(),
    /** How much of this line later credit notes took back (invoices only). */
    creditedQuantity: z.string(),
  })
  .meta({ id: 'InvoiceLine' });
export type InvoiceLineDto = z.infer<typeof invoiceLineDto>;

export const paymentDto = z
  .object({
    id: z.uuid(),
    invoiceId: z.uuid(),
    invoiceNumber: z.string(),
    amount,
    currency: z.string(),
    receivedAt: z.string(),
    method: z.string(),
    reference: z.string().nullable(),
    source: z.string().nullable(),
    externalId: z.string().nullable(),
    createdById: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Payment' });
export type PaymentDto = z.infer<typeof paymentDto>;

export const invoiceDto = z
  .object({
    id: z.uuid(),
    number: z.string(),
    kind: z.enum(invoiceKinds),
    status: z.enum(invoiceStatuses),
    /** Open or partially paid, and due before today (UTC). */
    overdue: z.boolean(),
    /** Paid: days between due date and payment (≥ 0). Unpaid: days past due when overdue. Else null. */
    daysLate: z.number().int().nullable(),
    orderId: z.uuid().nullable(),
    orderNumber: z.string().nullable(),
    creditedInvoiceId: z.uuid().nullable(),
    creditedInvoiceNumber: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    currency: z.string(),
    language: z.string(),
    issuedOn: z.string(),
    paymentTermsDays: z.number().int(),
    dueOn: z.string(),
    totals,
    taxBreakdown: z.array(taxBreakdownEntry),
    cost: amount,
    paid: amount,
    /** Gross of the credit notes issued against this invoice, as a positive amount. */
    credited: amount,
    /** gross − paid − credited (negative: the customer is owed money back). */
    balance: amount,
    paidAt: z.string().nullable(),
    note: z.string().nullable(),
    voidedAt: z.string().nullable(),
    voidReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Invoice' });
export type InvoiceDto = z.infer<typeof invoiceDto>;

/** One invoice with its lines, payments and credit notes. */
export const invoiceDetailDto = invoiceDto
  .extend({
    lines: z.array(invoiceLineDto),
    payments: z.array(paymentDto),
    creditNotes: z.array(
      z.object({ id: z.uuid(), number: z.string(), issuedOn: z.string(), gross: amount, status: z.string() }),
    ),
    /** Where `send` mails by default: the contact's first e-mail address, else the company's. */
    recipient: z.string().nullable(),
    /** The newest e-mail of this document, when one was sent. */
    mail: documentMail.nullable(),
  })
  .meta({ id: 'InvoiceDetail' });
export type InvoiceDetailDto = z.infer<typeof invoiceDetailDto>;

/** `POST /invoices/:id/send`: to the customer's first address, subject and text in the invoice's language unless given. */
export const sendInvoiceInput = sendDocumentInput.meta({ id: 'SendInvoice' });
export type SendInvoiceInput = z.infer<typeof sendInvoiceInput>;

export const invoiceList = listEnvelope(invoiceDto);

export const invoiceListQuery = z
  .object({
    status: z.enum(invoiceStatusFilters).optional(),
    kind: z.enum(invoiceKinds).optional(),
    contactId: z.uuid().optional(),
    companyId: z.uuid().optional(),
    orderId: z.uuid().optional(),
    issuedFrom: isoDate.optional(),
    issuedTo: isoDate.optional(),
    /** An invoice number, or its beginning (`INV-2026-00`). */
    q: z.string().trim().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();
export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

export const paymentList = listEnvelope(paymentDto);
export const paymentListQuery = z
  .object({
    invoiceId: z.uuid().optional(),
    receivedFrom: dateTime.optional(),
    receivedTo: dateTime.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();
export type PaymentListQuery = z.infer<typeof paymentListQuery>;

/** Revenue of a contact or company in one currency. Amounts in minor units; revenue is net of tax. */
export const revenueFigures = z.object({
  currency: z.string(),
  /** Net of invoices minus credit notes, void ones left out. */
  lifetimeRevenue: amount,
  last12MonthsRevenue: amount,
  /**
   * Revenue minus the cost snapshots of what was sold, over the lines whose cost is known: a line sold without
   * a cost (free text, a product without a cost price in that currency) is left out of the margin, and its
   * net counted in `…UncostedRevenue` instead, so an unknown cost never shows as a 100 % margin.
   */
  lifetimeMargin: amount,
  last12MonthsMargin: amount,
  lifetimeUncostedRevenue: amount,
  last12MonthsUncostedRevenue: amount,
  openCount: z.number().int(),
  /** Still to be paid (gross − paid − credited) over open and partially paid invoices. */
  openAmount: amount,
  overdueCount: z.number().int(),
  overdueAmount: amount,
  paidCount: z.number().int(),
  /** Over paid invoices: days from issue to the payment that completed it. Null without paid invoices. */
  averageDaysToPay: z.number().nullable(),
  /** Over paid invoices: days past the due date (0 when on time). */
  averageDaysLate: z.number().nullable(),
});
export type RevenueFigures = z.infer<typeof revenueFigures>;
export const accountRevenue = z
  .object({ asOf: z.string(), currencies: z.array(revenueFigures) })
  .meta({ id: 'AccountRevenue' });
export type AccountRevenue = z.infer<typeof accountRevenue>;

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
}
