import { z } from 'zod';
import { lifecycleStages, relationshipStages, relationshipTypes } from './crm.ts';

/**
 * The rules that suggest a relationship stage (docs/RELATIONSHIPS.md). Checked in this order; the first
 * that applies and names a stage other than the current one is the suggestion.
 */
export const stageRules = [
  'churned',
  'dissolution_risk',
  're_engaged',
  'committed',
  'growing',
  'two_way',
  'first_contact',
] as const;
export type StageRule = (typeof stageRules)[number];

/** Without a stay-in-touch cadence, this many silent days after commitment or expansion is a risk. */
export const SILENCE_RISK_DAYS = 90;

export const stageSuggestion = z.object({
  stage: z.enum(relationshipStages),
  rule: z.enum(stageRules),
  /** The figures the rule looked at, for the explanation shown with it. */
  facts: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type StageSuggestion = z.infer<typeof stageSuggestion>;

export const relationshipDto = z
  .object({
    contactId: z.uuid(),
    type: z.enum(relationshipTypes).nullable(),
    stage: z.enum(relationshipStages).nullable(),
    lifecycleStage: z.enum(lifecycleStages).nullable(),
    /** When the stage last changed (from the field history); null if never. */
    stageSince: z.string().nullable(),
    stageHistory: z.array(
      z.object({
        at: z.string(),
        field: z.enum(['relationshipType', 'relationshipStage']),
        from: z.string().nullable(),
        to: z.string().nullable(),
        actorName: z.string().nullable(),
      }),
    ),
    lastInteractionAt: z.string().nullable(),
    daysSinceInteraction: z.number().int().nullable(),
    activity: z.object({
      inbound90: z.number().int(),
      outbound90: z.number().int(),
      interactions365: z.number().int(),
      purchases365: z.number().int(),
      lastInboundAt: z.string().nullable(),
    }),
    suggestion: stageSuggestion.nullable(),
    stayInTouch: z.object({
      days: z.number().int().nullable(),
      dueAt: z.string().nullable(),
      overdue: z.boolean(),
      daysOverdue: z.number().int(),
    }),
  })
  .meta({ id: 'Relationship' });
export type RelationshipDto = z.infer<typeof relationshipDto>;

/** The stay-in-touch list: contacts whose next touch is due, most overdue first. */
export const stayInTouchQuery = z.object({
  /** A user id, `me` (default) or `none` (contacts without an owner). */
  ownerId: z.union([z.uuid(), z.enum(['me', 'none'])]).default('me'),
  /** `overdue` (due now or earlier, default) or `week` (due within the next 7 days too). */
  due: z.enum(['overdue', 'week']).default('overdue'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type StayInTouchQuery = z.infer<typeof stayInTouchQuery>;

export const stayInTouchItem = z.object({
  id: z.uuid(),
  name: z.string(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  relationshipStage: z.enum(relationshipStages).nullable(),
  stayInTouchDays: z.number().int(),
  lastInteractionAt: z.string().nullable(),
  touchDueAt: z.string(),
  daysOverdue: z.number().int(),
});
export const stayInTouchList = z
  .object({ data: z.array(stayInTouchItem), nextCursor: z.string().nullable() })
  .meta({ id: 'StayInTouchList' });

export const stayInTouchOwners = z.object({
  data: z.array(
    z.object({ ownerId: z.uuid().nullable(), ownerName: z.string().nullable(), overdue: z.number().int() }),
  ),
});
