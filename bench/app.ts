import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import type { App } from '../src/server/http/types.ts';
import { createApiKey, createUser, findUserByEmail } from '../src/server/modules/users/index.ts';
import { benchConfig, benchEnv, type DbKind } from './generate.ts';

/** Starting the real app for the benchmark, and the `npm start`-style cold start in a fresh process. */
export const silent = {
  level: 'silent',
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  silent() {},
  child: () => silent,
} as unknown as FastifyBaseLogger;

export type Captured = { text: string; params: unknown[] }[];
export type Running = {
  app: App;
  database: Database;
  base: string;
  key: string;
  adminId: string;
  captured: Map<string, Captured>;
  capture(label: string | null): void;
};

const ADMIN_EMAIL = 'bench-admin@bench.rapport.example';

/**
 * Records the SQL text and parameters of the app's statements on contacts while a label is set, so the
 * exact statements the API ran can be EXPLAINed.
 */
function captureSql(database: Database) {
  const captured = new Map<string, Captured>();
  let label: string | null = null;
  const keep = (text: string, params: unknown[]) => {
    if (label && /from "contacts"/.test(text))
      captured.set(label, [...(captured.get(label) ?? []), { text, params }]);
  };
  if (database.kind === 'postgres') {
    const pool = database.pool! as unknown as { query: (...args: unknown[]) => unknown };
    const original = pool.query.bind(pool);
    pool.query = (cfg: unknown, params?: unknown) => {
      keep(typeof cfg === 'string' ? cfg : (cfg as { text: string }).text, (params as unknown[]) ?? []);
      return original(cfg, params);
    };
  } else {
    const lite = database.pglite! as unknown as { query: (...args: unknown[]) => unknown };
    const original = lite.query.bind(lite);
    lite.query = (text: unknown, params?: unknown, opts?: unknown) => {
      keep(text as string, (params as unknown[]) ?? []);
      return original(text, params, opts);
    };
  }
  return { captured, capture: (l: string | null) => (label = l) };
}

export async function startApp(kind: DbKind): Promise<Running> {
  const config = benchConfig(kind);
  const database = await openDatabase(config.database);
  await database.migrate();
  const { captured, capture } = captureSql(database);
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const ctx = systemCtx(database, config, silent);
  const existing = await findUserByEmail(database.db, ADMIN_EMAIL);
  const adminId =
    existing?.id ??
    (
      await createUser(ctx, {
        email: ADMIN_EMAIL,
        name: 'Benchmark admin',
        role: 'admin',
        language: 'en',
        password: randomBytes(24).toString('base64url'),
        teamIds: [],
      })
    ).id;
  const { key } = await createApiKey(ctx, adminId, 'benchmark');
  return { app, database, base, key, adminId, captured, capture };
}

export type ColdStart = {
  open: number;
  migrate: number;
  build: number;
  listen: number;
  total: number;
  process: number;
};

/** One `npm start`-style start on the existing database, in a new Node process (tsx, like bin/rapport). */
export function coldStart(kind: DbKind): Promise<ColdStart> {
  const started = performance.now();
  const child = fork(new URL('./cold-start.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...benchEnv(kind) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Wait for the exit too: the child must have released the data directory before the next one opens it.
  return new Promise((resolve, reject) => {
    let result: ColdStart | undefined;
    child.once('message', (m) => {
      result = { ...(m as Omit<ColdStart, 'process'>), process: performance.now() - started };
    });
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`cold start exited with ${code}`)),
    );
  });
}

export type LoadResult = {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
};

/** autocannon in a child process: GET /contacts/:id with rotating ids (or one fixed `path`). */
export function throughput(
  base: string,
  key: string,
  ids: string[],
  connections: number,
  duration: number,
  path?: string,
): Promise<LoadResult> {
  const child = fork(new URL('./load.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({ url: base, key, ids, connections, duration, path });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      const r = m as {
        requests: { average: number; total: number };
        latency: { p50: number; p99: number };
        errors: number;
        non2xx: number;
      };
      resolve({
        rps: r.requests.average,
        total: r.requests.total,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors,
        non2xx: r.non2xx,
      });
    });
    child.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
  });
}
