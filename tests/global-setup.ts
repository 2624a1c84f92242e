import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testEnv } from '../src/server/config.ts';
import { openPglite, openPostgres } from '../src/server/db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
    pgBaseUrl: string;
    runId: string;
  }
}

const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

/**
 * Migrates once per run: a PGlite data directory dumped to a tarball, and a PostgreSQL template database.
 * Each test file then clones its own database from these (see tests/helpers/db.ts).
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
  const lite = await openPglite({ memory: true });
  await lite.migrate();
  const tarball = await lite.pglite!.dumpDataDir('none');
  const templatePath = path.join(tmp, 'pglite-template.tar');
  fs.writeFileSync(templatePath, Buffer.from(await tarball.arrayBuffer()));
  await lite.close();

  const baseUrl = testEnv.databaseUrl();
  let pgTemplate: string | null = `rapport_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    if (testEnv.isCi())
      throw new Error(
        `PostgreSQL at ${baseUrl} is required in CI but unreachable: ${(err as Error).message}`,
      );
    console.warn(
      `\n\n!!! PostgreSQL at ${baseUrl} is unreachable: every PostgreSQL test is SKIPPED. Start it to run the full suite. !!!\n\n`,
    );
    pgTemplate = null;
  }
  if (pgTemplate) {
    await admin.query(`create database ${pgTemplate}`);
    const tpl = openPostgres(withDb(baseUrl, pgTemplate), 2);
    await tpl.migrate();
    await tpl.close();
  }
  project.provide('pgliteTemplate', templatePath);
  project.provide('pgTemplate', pgTemplate);
  project.provide('pgBaseUrl', baseUrl);
  project.provide('runId', runId);

  return async () => {
    if (pgTemplate) {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`rapport_%${runId}%`],
      );
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
