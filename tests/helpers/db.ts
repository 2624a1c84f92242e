import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../src/server/db/client.ts';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

let counter = 0;

/**
 * A fresh, migrated database cloned from the run's template. `connectVia` lets a test route the app's
 * PostgreSQL connections elsewhere (e.g. through a proxy it can cut).
 */
export async function cloneDatabase(
  kind: DbKind,
  opts: { connectVia?: (url: URL) => URL } = {},
): Promise<Database> {
  if (kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    return openPglite({ memory: true, loadDataDir: blob });
  }
  const template = inject('pgTemplate');
  if (!template) throw new Error('PostgreSQL is not available');
  const name = `rapport_t_${inject('runId')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: inject('pgBaseUrl') });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('pgBaseUrl'));
  url.pathname = `/${name}`;
  const database = openPostgres((opts.connectVia?.(url) ?? url).toString(), 5);
  const close = database.close;
  database.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: inject('pgBaseUrl') });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`).finally(() => a.end());
  };
  return database;
}

/**
 * Runs the same suite on PGlite and on PostgreSQL. The PostgreSQL half is skipped (loudly, by global
 * setup) only when no server is reachable outside CI.
 */
export function describeEachDb(name: string, fn: (get: () => Database, kind: DbKind) => void) {
  for (const kind of dbKinds) {
    const skip = kind === 'postgres' && !inject('pgTemplate');
    describe.skipIf(skip)(`${name} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await cloneDatabase(kind);
      });
      afterAll(async () => {
        await database?.close();
      });
      fn(() => {
        if (!database) throw new Error('database not ready');
        return database;
      }, kind);
    });
  }
}
