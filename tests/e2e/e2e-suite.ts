import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import {
  assertWebBuilt,
  type DbKind,
  dbKinds,
  disposeAppSnapshot,
  launchBrowser,
  type RunningServer,
  startServer,
} from './helpers.ts';

export type E2E = { kind: DbKind; browser: Browser; server: (name: string) => RunningServer };

/**
 * Runs a browser suite once per database. Each suite gets Chromium and the named servers it asks for, each
 * started empty (in parallel) before the first test; after the last test every server must exit 0 on
 * SIGTERM (graceful shutdown). The PostgreSQL half is skipped only when global set-up found no server.
 */
/** A server a suite asks for: a name, or a name with extra environment (e.g. a movable clock). */
export type ServerSpec = string | { name: string; env: Record<string, string> };

export function describeE2E(name: string, servers: ServerSpec[], fn: (env: () => E2E) => void) {
  // File level: runs after both database suites of the file have stopped their servers.
  afterAll(disposeAppSnapshot);
  for (const kind of dbKinds) {
    const skip = kind === 'postgres' && !inject('pgTemplate');
    describe.skipIf(skip)(`${name} [${kind}]`, { timeout: 180_000 }, () => {
      let browser: Browser | undefined;
      const running = new Map<string, RunningServer>();
      beforeAll(async () => {
        assertWebBuilt();
        const started = await Promise.allSettled([
          launchBrowser().then((b) => {
            browser = b;
          }),
          ...servers.map((spec) => {
            const { name: n, env } = typeof spec === 'string' ? { name: spec, env: undefined } : spec;
            return startServer(kind, { runId: inject('runId'), env }).then((srv) => running.set(n, srv));
          }),
        ]);
        const failed = started.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      }, 180_000);
      afterAll(async () => {
        await browser?.close();
        const codes = await Promise.all([...running].map(async ([n, s]) => [n, await s.stop()] as const));
        expect(Object.fromEntries(codes), 'every started server exits 0 on SIGTERM').toEqual(
          Object.fromEntries(codes.map(([n]) => [n, 0])),
        );
      }, 60_000);
      fn(() => {
        const b = browser;
        if (!b) throw new Error('browser not started');
        return {
          kind,
          browser: b,
          server: (n) => {
            const s = running.get(n);
            if (!s) throw new Error(`server ${n} not started`);
            return s;
          },
        };
      });
    });
  }
}
