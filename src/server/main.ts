import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError, openDatabase } from './db/client.ts';
import { jobHandlers, sweeps } from './modules/index.ts';
import { scheduleSweeps, startJobWorker } from './modules/jobs/index.ts';
import { seedTaxRates } from './modules/products/index.ts';
import { scheduleMaintenance } from './modules/system/maintenance.ts';

/** `npm start`: open the database, migrate, serve UI and API, shut down gracefully on SIGTERM/SIGINT. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await openDatabase(config.database, undefined, { waitForLock: true });
  await database.migrate();
  await seedTaxRates(database.db);
  const app = await buildApp({ config, database });
  const stopMaintenance = scheduleMaintenance(database, config, app.log);
  const sweeper = scheduleSweeps(database, config, app.log, sweeps);
  const worker = startJobWorker(database, config, app.log, jobHandlers);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    stopMaintenance();
    try {
      await app.close(); // stops accepting, waits for in-flight requests
      await sweeper.stop();
      await worker.stop();
      await database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: database.kind, readyInMs: Math.round(performance.now() - started) },
    `Rapport is ready on http://${config.host}:${config.port}`,
  );
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Rapport could not start:', err);
  }
  process.exit(1);
});
