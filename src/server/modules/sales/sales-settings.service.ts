import { eq, sql } from 'drizzle-orm';
import {
  defaultSalesSettings,
  type SalesSettings,
  salesSettings,
  type UpdateSalesSettingsInput,
} from '../../../shared/sales-settings.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { appSettings, audit } from '../system/index.ts';

const KEY = 'sales';

/** The seller's details and document defaults; the defaults until an admin saves them. */
export async function getSalesSettings(db: Executor): Promise<SalesSettings> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, KEY));
  const parsed = salesSettings.safeParse({ ...defaultSalesSettings, ...((row?.value as object) ?? {}) });
  return parsed.success ? parsed.data : defaultSalesSettings;
}

export async function updateSalesSettings(ctx: Ctx, input: UpdateSalesSettingsInput): Promise<SalesSettings> {
  return ctx.db.transaction(async (tx) => {
    const next = { ...(await getSalesSettings(tx)), ...input };
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: next })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: next, updatedAt: sql`now()` } });
    await audit({ db: tx, user: ctx.user }, 'sales_settings.update', 'settings', KEY, {
      fields: Object.keys(input),
    });
    return next;
  });
}
