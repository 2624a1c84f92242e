import { z } from 'zod';
import { channels } from './crm.ts';
import { dealTimelineEntry } from './deals.ts';
import { historyEntry } from './history.ts';
import { interactionDto, touchpoints } from './interactions.ts';
import { invoiceDto, paymentDto } from './invoices.ts';
import { noteDto } from './notes.ts';
import { orderSummary } from './orders.ts';
import { taskDto } from './tasks.ts';

/** Kinds of entry on a contact's or company's timeline; later modules (orders, tickets, mails…) add theirs. */
export const timelineTypes = [
  'interaction',
  'note',
  'change',
  'task',
  'order',
  'deal',
  'invoice',
  'payment',
] as const;
export type TimelineType = (typeof timelineTypes)[number];

const base = { id: z.string(), at: z.string() };
export const timelineItem = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('interaction'), ...base, interaction: interactionDto }),
    z.object({ type: z.literal('note'), ...base, note: noteDto }),
    z.object({ type: z.literal('change'), ...base, change: historyEntry }),
    z.object({ type: z.literal('task'), ...base, task: taskDto }),
    z.object({ type: z.literal('order'), ...base, order: orderSummary }),
    z.object({ type: z.literal('deal'), ...base, deal: dealTimelineEntry }),
    z.object({ type: z.literal('invoice'), ...base, invoice: invoiceDto }),
    z.object({ type: z.literal('payment'), ...base, payment: paymentDto }),
  ])
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelinePage = z.object({ data: z.array(timelineItem), nextCursor: z.string().nullable() });

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length));

export const timelineQuery = z.object({
  /** Comma-separated: `interaction,note`. All kinds when absent. */
  types: csv(timelineTypes).optional(),
  /** Only interactions on these channels (other kinds are left out). */
  channel: csv(channels).optional(),
  /** Only interactions at these touchpoints (other kinds are left out). */
  touchpoint: csv(touchpoints).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(300).optional(),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;
