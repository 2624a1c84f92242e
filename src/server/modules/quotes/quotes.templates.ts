import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type {
  QuoteTemplateDto,
  QuoteTemplateInput,
  UpdateQuoteTemplateInput,
} from '../../../shared/quotes.ts';
import { type LineDto, priceLines } from '../../../shared/sales.ts';
import type { Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { quoteTemplates } from './quotes.schema.ts';
import { actorId, checkLines } from './quotes.service.ts';

type Row = typeof quoteTemplates.$inferSelect;

function toDto(r: Row): QuoteTemplateDto {
  const lines = r.lines as LineDto[];
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    lines,
    totals: priceLines(lines).totals,
    terms: r.terms,
    validDays: r.validDays,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Every live template, by name (there are a handful, not thousands). */
export async function listQuoteTemplates(ctx: Ctx) {
  const rows = await ctx.db
    .select()
    .from(quoteTemplates)
    .where(isNull(quoteTemplates.deletedAt))
    .orderBy(asc(quoteTemplates.name), asc(quoteTemplates.id))
    .limit(500);
  return { data: rows.map(toDto) };
}

async function load(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(quoteTemplates)
    .where(and(eq(quoteTemplates.id, id), isNull(quoteTemplates.deletedAt)));
  if (!row) throw notFound('quote_template');
  return row;
}

export async function getQuoteTemplate(ctx: Ctx, id: string) {
  return toDto(await load(ctx, id));
}

export async function createQuoteTemplate(ctx: Ctx, input: QuoteTemplateInput) {
  await checkLines(ctx.db, input.lines);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(quoteTemplates)
    .values({
      name: input.name,
      currency: input.currency,
      lines: priceLines(input.lines).lines,
      terms: input.terms ?? null,
      validDays: input.validDays,
      createdById: actorId(ctx),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit({ db: ctx.db, user: ctx.user }, 'quote_template.create', 'quote_template', row!.id, {
    name: input.name,
  });
  return toDto(row!);
}

export async function updateQuoteTemplate(
  ctx: Ctx,
  id: string,
  input: UpdateQuoteTemplateInput,
  expectedVersion?: number,
) {
  const current = await load(ctx, id);
  assertVersion(current.version, expectedVersion);
  if (input.lines) await checkLines(ctx.db, input.lines);
  const [row] = await ctx.db
    .update(quoteTemplates)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.lines !== undefined ? { lines: priceLines(input.lines).lines } : {}),
      ...(input.terms !== undefined ? { terms: input.terms } : {}),
      ...(input.validDays !== undefined ? { validDays: input.validDays } : {}),
      version: sql`${quoteTemplates.version} + 1`,
      updatedAt: ctx.now(),
    })
    .where(and(eq(quoteTemplates.id, id), eq(quoteTemplates.version, current.version)))
    .returning();
  if (!row) assertVersion(current.version + 1, current.version);
  return toDto(row!);
}

export async function deleteQuoteTemplate(ctx: Ctx, id: string) {
  await load(ctx, id);
  await ctx.db.update(quoteTemplates).set({ deletedAt: ctx.now() }).where(eq(quoteTemplates.id, id));
  await audit({ db: ctx.db, user: ctx.user }, 'quote_template.delete', 'quote_template', id, {});
}
