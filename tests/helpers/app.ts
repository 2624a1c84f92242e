import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/client.ts';
import { systemCtx } from '../../src/server/http/context.ts';
import type { App } from '../../src/server/http/types.ts';
import { createApiKey, createUser } from '../../src/server/modules/users/index.ts';
import type { Role } from '../../src/shared/common.ts';
import { cloneDatabase, type DbKind } from './db.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      RAPPORT_LOG_LEVEL: 'silent',
      RAPPORT_MAINTENANCE_MINUTES: '0',
      // Stored files (uploads, exports) of a test process live in its own temp directory.
      RAPPORT_FILES_DIR: path.join(os.tmpdir(), `rapport-test-files-${process.pid}`),
    },
    overrides,
  );
}

export type TestUser = {
  id: string;
  email: string;
  role: Role;
  key: string;
  auth: { authorization: string };
};

let seq = 0;

/** Creates a user with an API key (the fastest way to act as that user in `inject`). */
export async function makeUser(
  database: Database,
  role: Role,
  opts: { teamIds?: string[]; name?: string } = {},
): Promise<TestUser> {
  const ctx = systemCtx(database, testConfig(), silentLog);
  const email = `${role}${++seq}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const user = await createUser(ctx, {
    email,
    name: opts.name ?? `${role} ${seq}`,
    role,
    password: 'correct horse battery staple',
    language: 'en',
    teamIds: opts.teamIds ?? [],
  });
  const { key } = await createApiKey(ctx, user.id, 'test');
  return { id: user.id, email, role, key, auth: { authorization: `Bearer ${key}` } };
}

export const silentLog = {
  info() {},
  error() {},
  warn() {},
  debug() {},
  trace() {},
  fatal() {},
  silent() {},
  child() {
    return silentLog;
  },
  level: 'silent',
} as never;

/** Builds the app on the suite's database once per describe block. */
export function useApp(getDb: () => Database, overrides: Partial<Config> = {}) {
  let app: App | undefined;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(overrides), database: getDb(), logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('app not ready');
    return app;
  };
}

/** A new database and app of their own, for tests that need an untouched installation (set-up, last admin). */
export async function freshApp(kind: DbKind, overrides: Partial<Config> = {}) {
  const database = await cloneDatabase(kind);
  const app = await buildApp({ config: testConfig(overrides), database, logger: false });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
