import { and, asc, eq, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { createViewInput, SavedViewDto, updateViewInput } from '../../../shared/views.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { savedViews } from './views.schema.ts';

const toDto = (r: typeof savedViews.$inferSelect): SavedViewDto => ({
  id: r.id,
  entity: r.entity,
  name: r.name,
  ownerId: r.ownerId,
  shared: r.shared,
  definition: r.definition as SavedViewDto['definition'],
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Your own views and the ones others shared. */
export async function listViews(ctx: Ctx, entity: 'contact' | 'company') {
  const rows = await ctx.db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.entity, entity),
        or(eq(savedViews.ownerId, ctx.user.id), eq(savedViews.shared, true)),
      ),
    )
    .orderBy(asc(savedViews.name));
  return rows.map(toDto);
}

export async function createView(ctx: Ctx, input: z.infer<typeof createViewInput>) {
  const [row] = await ctx.db
    .insert(savedViews)
    .values({ ...input, ownerId: ctx.user.id })
    .returning();
  return toDto(row!);
}

async function ownView(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(savedViews).where(eq(savedViews.id, id));
  if (!row || (row.ownerId !== ctx.user.id && !row.shared)) throw notFound('view');
  if (row.ownerId !== ctx.user.id && !atLeast(ctx.user, 'admin'))
    throw forbidden('Only the owner of a view can change it.');
  return row;
}

export async function updateView(ctx: Ctx, id: string, input: z.infer<typeof updateViewInput>) {
  await ownView(ctx, id);
  const [row] = await ctx.db
    .update(savedViews)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(savedViews.id, id))
    .returning();
  return toDto(row!);
}

export async function deleteView(ctx: Ctx, id: string) {
  await ownView(ctx, id);
  await ctx.db.delete(savedViews).where(eq(savedViews.id, id));
}
