import { z } from 'zod';
import { isoDate, listEnvelope, localizedLabels, nullableText } from './common.ts';
import type { FieldMeta } from './filters.ts';
import { listQuery } from './filters.ts';
import { currency, nonNegativeAmount, taxBreakdownEntry, totals } from './money.ts';
import { lineDto, linesInput } from './sales.ts';

/**
 * Deals: sales opportunities in a pipeline of stages. A stage has a win probability (for the weighted
 * forecast) and a kind: `open`, or `won` / `lost` for the closing stages — a deal's status follows it.
 */
export const stageKinds = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof stageKinds)[number];
export const dealStatuses = stageKinds;
export type DealStatus = StageKind;

/** Why a deal was won, and why it was lost: moving into a won or lost stage asks for one. */
export const wonReasons = ['price', 'relationship', 'product_fit', 'timing', 'other'] as const;
export const lostReasons = [
  'price',
  'competitor',
  'timing',
  'no_budget',
  'no_decision',
  'product_fit',
  'other',
] as const;
export const closeReasons = [...new Set([...wonReasons, ...lostReasons])] as [string, ...string[]];
export type CloseReason = (typeof wonReasons)[number] | (typeof lostReasons)[number];
export const reasonsFor = (kind: 'won' | 'lost'): readonly string[] =>
  kind === 'won' ? wonReasons : lostReasons;

export const DEAL_TITLE_MAX = 300;
export const MAX_STAGES = 30;
/** The board shows this many cards per stage; the counts and sums cover all of them. */
export const BOARD_CARDS_PER_STAGE = 50;

// ---- Pipelines ----

export const stageInput = z
  .object({
    /** An existing stage (rename, reorder); without it a new stage is added. */
    id: z.uuid().optional(),
    labels: localizedLabels,
    probability: z.number().int().min(0).max(100),
    kind: z.enum(stageKinds).default('open'),
    /** A deal idle in the stage longer than this many days is flagged on the board. */
    rottingDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();
export type StageInput = z.input<typeof stageInput>;

/** Exactly one won stage and at least one lost stage, and no stage twice. */
const stagesRule = (stages: { kind?: StageKind; id?: string }[], ctx: z.RefinementCtx) => {
  const won = stages.filter((s) => s.kind === 'won').length;
  const lost = stages.filter((s) => s.kind === 'lost').length;
  if (won !== 1)
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A pipeline needs exactly one won stage' });
  if (lost < 1)
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one lost stage' });
  if (!stages.some((s) => (s.kind ?? 'open') === 'open'))
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one open stage' });
  const ids = stages.map((s) => s.id).filter(Boolean);
  if (new Set(ids).size !== ids.length)
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A stage appears twice' });
};

const stages = z.array(stageInput).min(3).max(MAX_STAGES);
export const createPipelineInput = z
  .object({
    name: z.string().trim().min(1, 'Name the pipeline').max(200),
    isDefault: z.boolean().optional(),
    stages,
  })
  .strict()
  .superRefine((p, ctx) => stagesRule(p.stages, ctx))
  .meta({ id: 'CreatePipeline' });
export type CreatePipelineInput = z.infer<typeof createPipelineInput>;

/**
 * A change to a pipeline. `stages`, when given, is the whole ordered list: stages with an `id` are kept
 * (renamed, reordered), stages without one are added, and existing stages left out are archived — refused
 * (409) while an open deal is in one.
 */
export const updatePipelineInput = z
  .object({
    name: z.string().trim().min(1, 'Name the pipeline').max(200).optional(),
    isDefault: z.literal(true).optional(),
    stages: stages.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.stages) stagesRule(p.stages, ctx);
  })
  .meta({ id: 'UpdatePipeline' });
export type UpdatePipelineInput = z.infer<typeof updatePipelineInput>;

export const stageDto = z.object({
  id: z.uuid(),
  labels: localizedLabels,
  position: z.number().int(),
  probability: z.number().int(),
  kind: z.enum(stageKinds),
  rottingDays: z.number().int().nullable(),
});
export type StageDto = z.infer<typeof stageDto>;

export const pipelineDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isDefault: z.boolean(),
    position: z.number().int(),
    version: z.number().int(),
    /** Live stages in order (archived ones are left out). */
    stages: z.array(stageDto),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Pipeline' });
export type PipelineDto = z.infer<typeof pipelineDto>;
export const pipelineList = z.object({ data: z.array(pipelineDto) });

// ---- Deals ----

const closeReason = z.enum(closeReasons);
const writable = {
  title: z.string().trim().min(1, 'Give the deal a title').max(DEAL_TITLE_MAX),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  /** Integer minor units. With line items the amount is their net total and need not be sent. */
  amount: nonNegativeAmount,
  currency,
  expectedCloseOn: isoDate.nullable(),
  ownerId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  source: nullableText(100),
  description: nullableText(10_000),
  lines: linesInput,
  /** Needed when the deal goes into a won or lost stage; cleared when it reopens. */
  closeReason: closeReason.nullable(),
  closeNote: nullableText(2000),
};

export const createDealInput = z
  .object({
    ...writable,
    /** The default pipeline when left out. */
    pipelineId: writable.pipelineId.optional(),
    /** The pipeline's first stage when left out. */
    stageId: writable.stageId.optional(),
    amount: writable.amount.optional(),
    /** The default currency of Settings → Sales when left out. */
    currency: writable.currency.optional(),
    expectedCloseOn: writable.expectedCloseOn.optional(),
    /** The creator when left out. */
    ownerId: writable.ownerId.optional(),
    contactId: writable.contactId.optional(),
    companyId: writable.companyId.optional(),
    source: writable.source.optional(),
    description: writable.description.optional(),
    lines: writable.lines.optional(),
    closeReason: writable.closeReason.optional(),
    closeNote: writable.closeNote.optional(),
  })
  .strict()
  .meta({ id: 'CreateDeal' });
export type CreateDealInput = z.infer<typeof createDealInput>;

export const updateDealInput = z.object(writable).partial().strict().meta({ id: 'UpdateDeal' });
export type UpdateDealInput = z.infer<typeof updateDealInput>;

/** A move on the board: into a stage, before or after a card of it (at the end without either). */
export const moveDealInput = z
  .object({
    stageId: z.uuid(),
    beforeId: z.uuid().optional(),
    afterId: z.uuid().optional(),
    closeReason: closeReason.nullable().optional(),
    closeNote: nullableText(2000).optional(),
  })
  .strict()
  .refine((m) => !(m.beforeId && m.afterId), { message: 'Give beforeId or afterId', path: ['afterId'] })
  .meta({ id: 'MoveDeal' });
export type MoveDealInput = z.infer<typeof moveDealInput>;

export const dealDto = z
  .object({
    id: z.uuid(),
    title: z.string(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    status: z.enum(dealStatuses),
    amount: z.number().int(),
    currency: z.string(),
    expectedCloseOn: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    source: z.string().nullable(),
    description: z.string().nullable(),
    rank: z.string(),
    stageChangedAt: z.string(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    closeNote: z.string().nullable(),
    /** How many line items the deal has (the lines themselves come with `GET /deals/:id`). */
    lineCount: z.number().int(),
    createdById: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Deal' });
export type DealDto = z.infer<typeof dealDto>;

/** One deal with its line items, their totals and per-rate tax breakdown. */
export const dealDetailDto = dealDto
  .extend({ lines: z.array(lineDto), totals, taxBreakdown: z.array(taxBreakdownEntry) })
  .meta({ id: 'DealDetail' });
export type DealDetailDto = z.infer<typeof dealDetailDto>;

export const dealList = listEnvelope(dealDto);

/** `GET /deals`: the generic list plus `q` (in the title) and `ownerId=me`. */
export const dealListQuery = listQuery;
export type DealListQuery = z.infer<typeof dealListQuery>;

export const dealFields: Record<string, FieldMeta> = {
  title: { type: 'text', sortable: true },
  pipelineId: { type: 'uuid', sortable: false },
  stageId: { type: 'uuid', sortable: false },
  status: { type: 'enum', sortable: false, options: dealStatuses },
  amount: { type: 'money', sortable: true },
  currency: { type: 'text', sortable: false },
  expectedCloseOn: { type: 'date', sortable: true },
  ownerId: { type: 'uuid', sortable: false },
  contactId: { type: 'uuid', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  source: { type: 'text', sortable: false },
  closeReason: { type: 'text', sortable: false },
  closedAt: { type: 'datetime', sortable: true },
  createdAt: { type: 'datetime', sortable: true },
  updatedAt: { type: 'datetime', sortable: true },
};

// ---- Board and forecast ----

export const boardQuery = z
  .object({
    pipelineId: z.uuid().optional(),
    /** Only this owner's deals (`me` for the caller). */
    ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  })
  .strict();
export type BoardQuery = z.infer<typeof boardQuery>;

const moneyByCurrency = z.array(z.object({ currency: z.string(), amount: z.number().int() }));
export const boardColumn = z.object({
  stage: stageDto,
  count: z.number().int(),
  /** The sum of the stage's amounts, per currency (never added across currencies). */
  sums: moneyByCurrency,
  /** Σ round(amount × probability / 100), per currency. */
  weighted: moneyByCurrency,
  /** The first cards in rank order. */
  deals: z.array(dealDto),
});
export const boardDto = z
  .object({ pipeline: pipelineDto, columns: z.array(boardColumn) })
  .meta({ id: 'DealBoard' });
export type BoardDto = z.infer<typeof boardDto>;
export type BoardColumn = z.infer<typeof boardColumn>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM');
export const forecastQuery = z
  .object({
    from: month,
    to: month,
    pipelineId: z.uuid().optional(),
    ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => monthsBetween(q.from, q.to) <= 36, { message: 'At most 36 months', path: ['to'] });
export type ForecastQuery = z.infer<typeof forecastQuery>;

export function monthsBetween(from: string, to: string) {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

export const forecastRow = z.object({
  month: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  currency: z.string(),
  /** Open deals expected to close in the month. */
  count: z.number().int(),
  total: z.number().int(),
  /** Σ round(amount × stage probability / 100), each deal rounded once, half up. */
  weighted: z.number().int(),
  /** Deals won (closed) in the month, for comparison. */
  wonCount: z.number().int(),
  won: z.number().int(),
});
export type ForecastRow = z.infer<typeof forecastRow>;
export const forecastDto = z.object({ data: z.array(forecastRow) }).meta({ id: 'DealForecast' });
export type ForecastDto = z.infer<typeof forecastDto>;

// ---- Timeline ----

export const dealTimelineEvents = ['created', 'stage', 'won', 'lost', 'reopened'] as const;
/** A deal's moment on its customer's timeline: created, moved to a stage, won or lost. */
export const dealTimelineEntry = z.object({
  event: z.enum(dealTimelineEvents),
  dealId: z.uuid(),
  title: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(dealStatuses),
  stageLabels: localizedLabels.nullable(),
  closeReason: z.string().nullable(),
  actorName: z.string().nullable(),
});
export type DealTimelineEntry = z.infer<typeof dealTimelineEntry>;
