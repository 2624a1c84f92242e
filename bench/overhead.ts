import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, testEnv } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { systemCtx } from '../src/server/http/context.ts';
import { createApiKey, createUser, findUserByEmail } from '../src/server/modules/users/index.ts';
import { throughput } from './app.ts';

/**
 * Server CPU per request: `npx tsx bench/overhead.ts [seconds] [health|get|list]`. Runs the app on a small
 * PostgreSQL database (`rapport_overhead`, created when missing), drives it with autocannon (20
 * connections) in a separate process and divides the server process's CPU time by the requests answered.
 * Unlike req/s this barely moves when the machine is busy, so it shows what a change to the request path
 * costs or saves. Run it with `node --cpu-prof --import tsx bench/overhead.ts` to see where the time goes.
 */
const seconds = Number(process.argv[2] ?? 5);
const only = process.argv[3];
const url = new URL(testEnv.databaseUrl());
const admin = new pg.Client({ connectionString: url.toString() });
await admin.connect();
if (!(await admin.query(`select 1 from pg_database where datname = 'rapport_overhead'`)).rowCount)
  await admin.query('create database rapport_overhead');
await admin.end();
url.pathname = '/rapport_overhead';

const silent = { level: 'silent', info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {} };
const log = { ...silent, child: () => log } as never;
const config = loadConfig({
  NODE_ENV: 'production',
  RAPPORT_LOG_LEVEL: 'silent',
  RAPPORT_MAINTENANCE_MINUTES: '0',
  DATABASE_URL: url.toString(),
});
const database = await openDatabase(config.database);
await database.migrate();
const app = await buildApp({ config, database, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const ctx = systemCtx(database, config, log);
const email = 'overhead@bench.rapport.example';
const userId =
  (await findUserByEmail(database.db, email))?.id ??
  (
    await createUser(ctx, {
      email,
      name: 'Overhead',
      role: 'admin',
      language: 'en',
      password: randomBytes(24).toString('base64url'),
      teamIds: [],
    })
  ).id;
const { key } = await createApiKey(ctx, userId, 'overhead');
const created = await fetch(`${base}/api/v1/contacts?allowDuplicate=true`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    firstName: 'Søren',
    lastName: 'Jørgensen',
    emails: [{ address: 'soren@example.test' }],
  }),
});
const { id } = (await created.json()) as { id: string };

const cases = [
  ['health', '/api/health'],
  ['get', undefined],
  ['list', '/api/v1/contacts?limit=50'],
] as const;
for (const [name, path] of cases.filter(([n]) => !only || n === only)) {
  const before = process.cpuUsage();
  const r = await throughput(base, key, [id], 20, seconds, path);
  const cpu = process.cpuUsage(before);
  const perRequest = (cpu.user + cpu.system) / Math.max(1, r.total);
  console.log(
    `${name.padEnd(7)} ${Math.round(r.rps).toLocaleString('en-US').padStart(6)} req/s   ${perRequest.toFixed(0)} µs server CPU per request`,
  );
}
await app.close();
await database.close();
