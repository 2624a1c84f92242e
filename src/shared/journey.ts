import { z } from 'zod';
import { channels, lifecycleStages } from './crm.ts';
import { touchpoints } from './interactions.ts';

/** One contact's journey: touchpoints over time, with lifecycle and relationship-stage changes. */
export const JOURNEY_POINTS = 500;
export const journeyDto = z
  .object({
    points: z.array(
      z.object({
        id: z.uuid(),
        at: z.string(),
        channel: z.enum(channels),
        touchpoint: z.enum(touchpoints).nullable(),
        direction: z.enum(['in', 'out']),
        subject: z.string().nullable(),
      }),
    ),
    /** All interactions of the contact; `points` holds the latest JOURNEY_POINTS of them. */
    total: z.number().int(),
    stages: z.array(
      z.object({
        at: z.string(),
        field: z.enum(['lifecycleStage', 'relationshipStage']),
        from: z.string().nullable(),
        to: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Journey' });
export type JourneyDto = z.infer<typeof journeyDto>;

/** Steps of the flow diagram: the first touchpoints of each customer's journey, then purchase. */
export const FLOW_STEPS = 5;
export const flowQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    lifecycleStage: z.enum(lifecycleStages).optional(),
    tag: z.string().trim().min(1).max(100).optional(),
    ownerId: z.uuid().optional(),
  })
  .strict();
export type FlowQuery = z.infer<typeof flowQuery>;

/**
 * Transitions between touchpoints across customers: `from`/`to` are nodes `<step>:<touchpoint>` (steps
 * 1…FLOW_STEPS, so the diagram has no cycles) or `purchase`; `contacts` how many took that step.
 */
export const flowDto = z
  .object({
    links: z.array(z.object({ from: z.string(), to: z.string(), contacts: z.number().int() })),
    contacts: z.number().int(),
    purchased: z.number().int(),
    from: z.string(),
    to: z.string(),
  })
  .meta({ id: 'JourneyFlow' });
export type FlowDto = z.infer<typeof flowDto>;
