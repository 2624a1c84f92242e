import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { type Ctx, systemCtx } from '../../http/context.ts';

/**
 * A sweep finds due work in the database and does it: each claims its rows with `FOR UPDATE SKIP LOCKED`
 * and marks them done in the same transaction, so two server instances sweeping at once never do one item
 * twice, and work that fell due while the server was down is done at the next start (ADR 0006).
 */
export type Sweep = { name: string; run: (ctx: Ctx) => Promise<number> };

/** Runs every sweep once, in order; one failing does not stop the others. Returns what each did. */
export async function runSweeps(ctx: Ctx, sweeps: Sweep[]): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const sweep of sweeps) {
    try {
      done[sweep.name] = await sweep.run(ctx);
    } catch (err) {
      ctx.log.error({ err, sweep: sweep.name }, 'sweep failed');
      done[sweep.name] = 0;
    }
  }
  return done;
}

/** Runs the sweeps on a timer (never two rounds at once in one process); returns a stop function. */
export function scheduleSweeps(
  database: Database,
  config: Config,
  log: FastifyBaseLogger,
  sweeps: Sweep[],
): { stop: () => Promise<void> } {
  if (!config.sweepIntervalMs || !sweeps.length) return { stop: async () => {} };
  const ctx = systemCtx(database, config, log);
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runSweeps(ctx, sweeps).finally(() => {
      running = undefined;
    });
  };
  const first = setTimeout(tick, Math.min(1000, config.sweepIntervalMs));
  const timer = setInterval(tick, config.sweepIntervalMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
