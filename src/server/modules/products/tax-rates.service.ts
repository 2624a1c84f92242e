import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { normalizeDecimal } from '../../../shared/money.ts';
import type {
  CreateTaxRateInput,
  TaxCategory,
  TaxRateDto,
  UpdateTaxRateInput,
} from '../../../shared/products.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { taxRates } from './products.schema.ts';
import { seedTaxRates } from './tax-rates.seed.ts';

type Row = typeof taxRates.$inferSelect;

const toDto = (r: Row): TaxRateDto => ({
  id: r.id,
  country: r.country,
  category: r.category as TaxCategory,
  rate: normalizeDecimal(r.rate),
  label: r.label,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listTaxRates(ctx: Ctx, q: { country?: string }) {
  await seedTaxRates(ctx.database.db);
  const rows = await ctx.db
    .select()
    .from(taxRates)
    .where(q.country ? eq(taxRates.country, q.country) : undefined)
    .orderBy(asc(taxRates.country), sql`${taxRates.rate} desc`, asc(taxRates.category));
  return { data: rows.map(toDto) };
}

const taken = () =>
  new AppError('tax_rate_exists', {
    status: 409,
    detail: 'This country already has a rate in this category.',
    errors: [{ path: 'category', message: 'This country already has a rate in this category' }],
  });

async function assertFree(db: Executor, country: string, category: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: taxRates.id })
    .from(taxRates)
    .where(and(eq(taxRates.country, country), eq(taxRates.category, category)));
  if (hit && hit.id !== exceptId) throw taken();
}

export async function createTaxRate(ctx: Ctx, input: CreateTaxRateInput): Promise<TaxRateDto> {
  await seedTaxRates(ctx.database.db);
  return ctx.db.transaction(async (tx) => {
    await assertFree(tx, input.country, input.category);
    const [row] = await tx
      .insert(taxRates)
      .values({
        country: input.country,
        category: input.category,
        rate: input.rate,
        label: input.label ?? null,
      })
      .returning();
    await audit({ db: tx, user: ctx.user }, 'tax_rate.create', 'tax_rate', row!.id, { ...input });
    return toDto(row!);
  });
}

export async function updateTaxRate(
  ctx: Ctx,
  id: string,
  input: UpdateTaxRateInput,
  expectedVersion?: number,
): Promise<TaxRateDto> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(taxRates).where(eq(taxRates.id, id)).for('update');
    if (!row) throw notFound('tax_rate');
    assertVersion(row.version, expectedVersion);
    const country = input.country ?? row.country;
    const category = input.category ?? row.category;
    if (country !== row.country || category !== row.category) await assertFree(tx, country, category, id);
    const [updated] = await tx
      .update(taxRates)
      .set({ ...input, version: sql`${taxRates.version} + 1`, updatedAt: ctx.now() })
      .where(eq(taxRates.id, id))
      .returning();
    await audit({ db: tx, user: ctx.user }, 'tax_rate.update', 'tax_rate', id, {
      before: { country: row.country, category: row.category, rate: normalizeDecimal(row.rate) },
      after: { ...input },
    });
    return toDto(updated!);
  });
}

export async function deleteTaxRate(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(taxRates).where(eq(taxRates.id, id)).for('update');
    if (!row) throw notFound('tax_rate');
    assertVersion(row.version, expectedVersion);
    await tx.delete(taxRates).where(eq(taxRates.id, id));
    await audit({ db: tx, user: ctx.user }, 'tax_rate.delete', 'tax_rate', id, {
      country: row.country,
      category: row.category,
      rate: normalizeDecimal(row.rate),
    });
  });
}

/**
 * The rate of a tax category for a customer's country. A country with rates of its own answers: its rate in
 * the category, else (it has no such rate, like Denmark's reduced) its standard rate; `zero` and `exempt`
 * without a row are 0. A country with no rates at all (unknown, or none given) is taxed at the seller
 * country's rate by the same rule. Nothing known at all: "0".
 */
export async function rateFor(
  ctx: Ctx,
  category: TaxCategory,
  customerCountry: string | null,
  sellerCountry: string,
): Promise<string> {
  await seedTaxRates(ctx.database.db);
  const countries = [...new Set([customerCountry, sellerCountry].filter((c): c is string => Boolean(c)))];
  const rows = await ctx.db
    .select({ country: taxRates.country, category: taxRates.category, rate: taxRates.rate })
    .from(taxRates)
    .where(inArray(taxRates.country, countries));
  for (const country of countries) {
    const own = rows.filter((r) => r.country === country);
    if (!own.length) continue;
    const hit = own.find((r) => r.category === category);
    if (hit) return normalizeDecimal(hit.rate);
    if (category === 'zero' || category === 'exempt') return '0';
    const standard = own.find((r) => r.category === 'standard');
    if (standard) return normalizeDecimal(standard.rate);
  }
  return '0';
}
