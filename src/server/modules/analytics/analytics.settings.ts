import { eq, sql } from 'drizzle-orm';
import {
  type AnalyticsSettings,
  analyticsSettings,
  defaultAnalyticsSettings,
  type UpdateAnalyticsSettingsInput,
} from '../../../shared/analytics.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { appSettings, audit } from '../system/index.ts';

const KEY = 'analytics';

/** The scoring settings (churn threshold, cost to serve, CLV rates, offer rules); the defaults until saved. */
export async function getAnalyticsSettings(db: Executor): Promise<AnalyticsSettings> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, KEY));
  const parsed = analyticsSettings.safeParse({
    ...defaultAnalyticsSettings,
    ...((row?.value as object) ?? {}),
  });
  return parsed.success ? parsed.data : defaultAnalyticsSettings;
}

/** Admins change them; the next run uses them (bands and alerts follow the threshold of the run). */
export async function updateAnalyticsSettings(
  ctx: Ctx,
  input: UpdateAnalyticsSettingsInput,
): Promise<AnalyticsSettings> {
  return ctx.db.transaction(async (tx) => {
    const next = { ...(await getAnalyticsSettings(tx)), ...input };
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: next })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: next, updatedAt: sql`now()` } });
    await audit({ db: tx, user: ctx.user }, 'analytics_settings.update', 'settings', KEY, {
      fields: Object.keys(input),
    });
    return next;
  });
}
