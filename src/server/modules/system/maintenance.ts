import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { purgeIdempotencyKeys } from '../../http/idempotency.ts';
import { purgeCompanyRecycleBin } from '../companies/index.ts';
import { purgeContactRecycleBin } from '../contacts/index.ts';
import { purgeDealRecycleBin } from '../deals/index.ts';
import { purgeEventRecycleBin } from '../events/index.ts';
import { purgeExpiredFiles } from '../files/index.ts';
import { purgeInteractionRecycleBin } from '../interactions/index.ts';
import { purgeOrderRecycleBin } from '../orders/index.ts';
import { purgeProductRecycleBin } from '../products/index.ts';
import { purgeTaskRecycleBin } from '../tasks/index.ts';
import { purgeExpiredSessions } from '../users/index.ts';

/**
 * Housekeeping on a timer: expired sessions and idempotency keys, the recycle bin past 30 days, and, on
 * PGlite (which has no autovacuum), VACUUM ANALYZE so dead rows are reclaimed and the planner keeps good statistics. Every step is idempotent,
 * so two app instances running it at once do no harm.
 */
export async function runMaintenance(database: Database, config: Config, log: FastifyBaseLogger) {
  const ctx = systemCtx(database, config, log);
  await purgeExpiredSessions(database.db);
  await purgeIdempotencyKeys(database, new Date(Date.now() - 24 * 3_600_000));
  const contacts = await purgeContactRecycleBin(ctx);
  const companies = await purgeCompanyRecycleBin(ctx);
  const interactions = await purgeInteractionRecycleBin(ctx);
  const tasks = await purgeTaskRecycleBin(ctx);
  const events = await purgeEventRecycleBin(ctx);
  const products = await purgeProductRecycleBin(ctx);
  const deals = await purgeDealRecycleBin(ctx);
  const orders = await purgeOrderRecycleBin(ctx);
  const files = await purgeExpiredFiles(ctx);
  // PGlite has no autovacuum: reclaim dead rows and refresh statistics (only changed pages are visited).
  if (database.kind === 'pglite') await database.vacuum();
  log.info(
    { purged: { contacts, companies, interactions, tasks, events, products, deals, orders, files } },
    'maintenance done',
  );
}

export function scheduleMaintenance(database: Database, config: Config, log: FastifyBaseLogger): () => void {
  if (!config.maintenanceIntervalMs) return () => {};
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = runMaintenance(database, config, log)
      .catch((err) => log.error({ err }, 'maintenance failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, 60_000);
  const timer = setInterval(tick, config.maintenanceIntervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
