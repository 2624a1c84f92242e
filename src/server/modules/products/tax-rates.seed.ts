import { eq } from 'drizzle-orm';
import type { TaxCategory } from '../../../shared/products.ts';
import type { Executor } from '../../db/client.ts';
import { appSettings } from '../system/index.ts';
import { taxRates } from './products.schema.ts';

/**
 * VAT rates of the EU, the EEA, the United Kingdom and Switzerland as of 2026 (percent): standard, then the
 * reduced rates from high to low (`reduced`, `reduced_2`), and a rate below 5 % as `super_reduced`. Every
 * country also gets `zero`. Admins correct them in Settings → Tax rates; the seed never runs twice.
 */
const rates: Record<string, [standard: string, reduced?: string, reduced2?: string, superReduced?: string]> =
  {
    AT: ['20', '13', '10'],
    BE: ['21', '12', '6'],
    BG: ['20', '9'],
    CH: ['8.1', '3.8', '2.6'],
    CY: ['19', '9', '5'],
    CZ: ['21', '12'],
    DE: ['19', '7'],
    DK: ['25'],
    EE: ['24', '13', '9'],
    ES: ['21', '10', undefined, '4'],
    FI: ['25.5', '13.5', '10'],
    FR: ['20', '10', '5.5', '2.1'],
    GB: ['20', '5'],
    GR: ['24', '13', '6'],
    HR: ['25', '13', '5'],
    HU: ['27', '18', '5'],
    IE: ['23', '13.5', '9', '4.8'],
    IS: ['24', '11'],
    IT: ['22', '10', '5', '4'],
    LI: ['8.1', '3.8', '2.6'],
    LT: ['21', '9', '5'],
    LU: ['17', '14', '8', '3'],
    LV: ['21', '12', '5'],
    MT: ['18', '7', '5'],
    NL: ['21', '9'],
    NO: ['25', '15', '12'],
    PL: ['23', '8', '5'],
    PT: ['23', '13', '6'],
    RO: ['21', '11'],
    SE: ['25', '12', '6'],
    SI: ['22', '9.5', '5'],
    SK: ['23', '19', '5'],
  };

const categories: TaxCategory[] = ['standard', 'reduced', 'reduced_2', 'super_reduced'];

export function defaultTaxRates(): { country: string; category: TaxCategory; rate: string }[] {
  return Object.entries(rates).flatMap(([country, list]) => [
    ...list.flatMap((rate, i) => (rate ? [{ country, category: categories[i]!, rate }] : [])),
    { country, category: 'zero' as const, rate: '0' },
  ]);
}

const KEY = 'tax_rates_seeded';
/** Databases already checked by this process (tests open several). */
const checked = new WeakSet<object>();

/**
 * Fills the tax rates on first start. Idempotent: a marker in app_settings says it ran (so rates an admin
 * deleted stay deleted), and existing country + category pairs are left alone.
 */
export async function seedTaxRates(db: Executor): Promise<void> {
  if (checked.has(db)) return;
  const [done] = await db.select({ key: appSettings.key }).from(appSettings).where(eq(appSettings.key, KEY));
  if (!done)
    await db.transaction(async (tx) => {
      await tx.insert(taxRates).values(defaultTaxRates()).onConflictDoNothing();
      await tx
        .insert(appSettings)
        .values({ key: KEY, value: { at: new Date().toISOString() } })
        .onConflictDoNothing();
    });
  checked.add(db);
}
