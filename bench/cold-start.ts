import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';

/**
 * What `npm start` does on an existing database, timed step by step in a fresh process: open, migrate,
 * build the app, listen. Forked by run.ts, which also times the whole process start.
 */
const t0 = performance.now();
const config = loadConfig();
const database = await openDatabase(config.database);
const t1 = performance.now();
await database.migrate();
const t2 = performance.now();
const app = await buildApp({ config, database, logger: false });
const t3 = performance.now();
await app.listen({ host: '127.0.0.1', port: 0 });
const t4 = performance.now();
process.send?.(
  { open: t1 - t0, migrate: t2 - t1, build: t3 - t2, listen: t4 - t3, total: t4 - t0 },
  undefined,
  {},
  async () => {
    await app.close();
    await database.close();
    process.exit(0);
  },
);
