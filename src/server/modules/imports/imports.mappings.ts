import { and, asc, eq, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportEntity, savedMappingInput } from '../../../shared/imports.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { importMappings } from './imports.schema.ts';

const toDto = (r: typeof importMappings.$inferSelect) => ({
  id: r.id,
  name: r.name,
  entity: r.entity as ImportEntity,
  mapping: r.mapping as z.infer<typeof savedMappingInput>['mapping'],
  createdAt: r.createdAt.toISOString(),
});

/** Saved mappings are shared: the next person importing from the same system reuses them. */
export async function listMappings(ctx: Ctx, entity: ImportEntity) {
  const rows = await ctx.db
    .select()
    .from(importMappings)
    .where(eq(importMappings.entity, entity))
    .orderBy(asc(importMappings.name));
  return { data: rows.map(toDto) };
}

export async function saveMapping(ctx: Ctx, input: z.infer<typeof savedMappingInput>) {
  const [row] = await ctx.db
    .insert(importMappings)
    .values({ ...input, createdById: ctx.user.id })
    .returning();
  return toDto(row!);
}

/** Its author or an admin may delete a saved mapping. */
export async function deleteMapping(ctx: Ctx, id: string) {
  const gone = await ctx.db
    .delete(importMappings)
    .where(
      and(
        eq(importMappings.id, id),
        atLeast(ctx.user, 'admin') ? undefined : or(eq(importMappings.createdById, ctx.user.id)),
      ),
    )
    .returning({ id: importMappings.id });
  if (!gone.length) throw notFound('import_mapping');
}
