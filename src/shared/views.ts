import { z } from 'zod';
import { text } from './common.ts';
import { filterNode, sortParam } from './filters.ts';

export const viewDefinition = z
  .object({
    filter: filterNode.nullable().default(null),
    sort: sortParam.nullable().default(null),
    columns: z.array(z.string().max(100)).max(50).default([]),
    q: z.string().max(200).nullable().default(null),
  })
  .strict();
export type ViewDefinition = z.infer<typeof viewDefinition>;

export const savedViewDto = z
  .object({
    id: z.uuid(),
    entity: z.enum(['contact', 'company']),
    name: z.string(),
    ownerId: z.uuid(),
    shared: z.boolean(),
    definition: viewDefinition,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });
export type SavedViewDto = z.infer<typeof savedViewDto>;
export const createViewInput = z
  .object({
    entity: z.enum(['contact', 'company']),
    name: text(100).min(1),
    shared: z.boolean().default(false),
    definition: viewDefinition,
  })
  .strict();
export const updateViewInput = z
  .object({ name: text(100).min(1), shared: z.boolean(), definition: viewDefinition })
  .partial()
  .strict();
