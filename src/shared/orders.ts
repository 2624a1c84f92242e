import { z } from 'zod';
import { listEnvelope, nullableText } from './common.ts';
import { addressEntry } from './crm.ts';
import type { FieldMeta } from './filters.ts';
import { listQuery } from './filters.ts';
import { amount, currency, nonNegativeAmount, taxBreakdownEntry, totals } from './money.ts';
import {
  lineDto,
  lineInput,
  linesInput,
  orderChannel,
  orderChannels,
  orderStatus,
  orderStatuses,
} from './sales.ts';

export type OrderStatus = z.infer<typeof orderStatus>;
export type OrderChannel = z.infer<typeof orderChannel>;

/**
 * The status machine: new → confirmed → shipped → delivered; cancelled from new or confirmed; returned from
 * shipped or delivered. Each step sets its own time (`confirmedAt`, `shippedAt`, …).
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

export const ORDER_NOTE_MAX = 5000;
export const INGEST_MAX = 500;

const dateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
});

/** Fast entry: a customer, a channel, a currency and the lines; number, totals and cost are computed. */
export const createOrderInput = z
  .object({
    contactId: z.uuid().nullable().optional(),
    companyId: z.uuid().nullable().optional(),
    channel: orderChannel.default('sales'),
    currency,
    orderedAt: dateTime.optional(),
    lines: linesInput.min(1, 'An order needs at least one line'),
    note: nullableText(ORDER_NOTE_MAX).optional(),
    shippingAddress: addressEntry.nullable().optional(),
    /** Who looks after the order; the creator when left out. */
    ownerId: z.uuid().nullable().optional(),
  })
  .strict()
  .refine((o) => Boolean(o.contactId || o.companyId), {
    message: 'Give a contact or a company',
    path: ['contactId'],
  })
  .meta({ id: 'CreateOrder' });
export type CreateOrderInput = z.infer<typeof createOrderInput>;

/** Lines can be replaced only while the order is `new`; the rest at any time. */
export const updateOrderInput = z
  .object({
    note: nullableText(ORDER_NOTE_MAX),
    shippingAddress: addressEntry.nullable(),
    ownerId: z.uuid().nullable(),
    lines: linesInput.min(1, 'An order needs at least one line'),
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateOrder' });
export type UpdateOrderInput = z.infer<typeof updateOrderInput>;

export const orderStatusInput = z.object({ status: orderStatus }).strict().meta({ id: 'OrderStatusChange' });
export type OrderStatusInput = z.infer<typeof orderStatusInput>;

export const orderLineDto = lineDto.extend({
  id: z.uuid(),
  position: z.number().int(),
  /** Cost per unit when ordered, in the order's currency (null: unknown). */
  unitCost: amount.nullable(),
  invoicedQuantity: z.string(),
  returnedQuantity: z.string(),
});
export type OrderLineDto = z.infer<typeof orderLineDto>;

const summaryShape = {
  id: z.uuid(),
  number: z.string(),
  status: orderStatus,
  channel: orderChannel,
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  currency: z.string(),
  orderedAt: z.string(),
  totals,
  /** Sum of the lines' cost snapshots. */
  cost: nonNegativeAmount,
  /** The net of the lines without a known cost (free text, no cost price in the order's currency). */
  uncostedNet: amount,
  /** Over the lines whose cost is known: net − uncostedNet − cost (an unknown cost is never a 100 % margin). */
  margin: amount,
  source: z.string().nullable(),
  externalId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
};

/** An order in a list (and on the timeline): no lines. */
export const orderSummary = z.object(summaryShape).meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof orderSummary>;

export const orderDto = z
  .object({
    ...summaryShape,
    quoteId: z.uuid().nullable(),
    quoteNumber: z.string().nullable(),
    dealId: z.uuid().nullable(),
    dealTitle: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    returnedAt: z.string().nullable(),
    /** The statuses this order may move to now. */
    nextStatuses: z.array(orderStatus),
    lines: z.array(orderLineDto),
    taxBreakdown: z.array(taxBreakdownEntry),
    shippingAddress: addressEntry.nullable(),
    note: z.string().nullable(),
    createdById: z.uuid().nullable(),
  })
  .meta({ id: 'Order' });
export type OrderDto = z.infer<typeof orderDto>;

export const orderList = listEnvelope(orderSummary);

/**
 * `GET /orders`: filters `status`, `channel`, `contactId`, `companyId`, `ownerId`, `orderedAt[gte|lt]`, and
 * `q` (an order number, or its beginning: `SO-2026-00`).
 */
export const orderListQuery = listQuery;

/** Fields a list of orders can filter and sort on. */
export const orderFields: Record<string, FieldMeta> = {
  number: { type: 'text', sortable: true },
  status: { type: 'enum', sortable: false, options: orderStatuses },
  channel: { type: 'enum', sortable: false, options: orderChannels },
  contactId: { type: 'uuid', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  ownerId: { type: 'uuid', sortable: false },
  quoteId: { type: 'uuid', sortable: false },
  currency: { type: 'text', sortable: false },
  source: { type: 'text', sortable: false },
  orderedAt: { type: 'datetime', sortable: true },
  gross: { type: 'money', sortable: true },
  createdAt: { type: 'datetime', sortable: true },
};

// ---- Web-shop ingest ----

/** A line from a shop: a product by SKU or id (its name fills the description), or free text. */
export const ingestLine = lineInput
  .omit({ description: true })
  .extend({ description: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .refine((l) => Boolean(l.sku || l.productId || l.description), {
    message: 'Give a SKU, a product id or a description',
    path: ['description'],
  });

export const ingestCustomer = z
  .object({
    contactId: z.uuid().optional(),
    email: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')).optional(),
    phone: z
      .string()
      .trim()
      .min(3)
      .max(40)
      .regex(/^\+?[0-9 ()./-]+$/, 'Use digits, spaces and + ( ) . / -')
      .optional(),
    firstName: z.string().trim().max(200).optional(),
    lastName: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((c) => Boolean(c.contactId || c.email || c.phone), {
    message: 'Name the customer by contactId, email or phone',
    path: ['email'],
  });

export const ingestOrder = z
  .object({
    source: z.string().trim().min(1).max(100),
    externalId: z.string().trim().min(1).max(200),
    orderedAt: dateTime,
    currency,
    channel: orderChannel.default('web'),
    customer: ingestCustomer,
    lines: z.array(ingestLine).min(1, 'An order needs at least one line').max(500),
    status: z.enum(['new', 'confirmed', 'shipped', 'delivered']).default('new'),
    note: nullableText(ORDER_NOTE_MAX).optional(),
    shippingAddress: addressEntry.nullable().optional(),
  })
  .strict();
export type IngestOrder = z.infer<typeof ingestOrder>;

/** Items are validated one by one, so the envelope takes anything per item. */
export const ingestInput = z
  .object({ orders: z.array(z.unknown()).min(1).max(INGEST_MAX) })
  .strict()
  .meta({ id: 'OrderIngest' });

export const ingestResult = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(['created', 'duplicate', 'error']),
        id: z.uuid().nullable(),
        number: z.string().nullable(),
        /** The contact was not known and was created from the order's customer. */
        contactCreated: z.boolean(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })),
      }),
    ),
    created: z.number().int(),
    duplicates: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'OrderIngestResult' });
export type IngestResult = z.infer<typeof ingestResult>;
