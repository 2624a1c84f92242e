import { z } from 'zod';
import { MovableClock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { App } from '../../http/types.ts';

/**
 * Browser tests move the app's clock (a reminder due tomorrow, then "tomorrow"). Registered only when the
 * config holds a movable clock, which it does only with NODE_ENV=test and RAPPORT_TEST_CLOCK=true.
 */
export function testClockRoutes(app: App, config: Config) {
  const clock = config.clock;
  if (!(clock instanceof MovableClock)) return;
  app.put(
    '/test/clock',
    {
      config: { policy: { role: 'admin' } },
      schema: {
        hide: true,
        body: z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
        response: { 200: z.object({ now: z.string() }) },
      },
    },
    async (req) => {
      clock.set(new Date(req.body.now));
      return { now: clock.now().toISOString() };
    },
  );
}
