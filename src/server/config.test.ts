import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MovableClock, systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults with no environment at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'production',
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'pglite', dataDir: path.resolve('./data'), maxWalMb: 64 },
      logLevel: 'info',
      cookieSecure: 'auto',
      trustProxy: false,
      bodyLimit: 1_048_576,
      sessionTtlMs: 7 * 24 * 3_600_000,
      maintenanceIntervalMs: 60 * 60_000,
      login: { maxFailures: 5, lockMs: 15 * 60_000 },
    });
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://rapport@db.internal:5432/rapport',
      RAPPORT_DB_POOL_MAX: '20',
    });
    expect(c.database).toEqual({
      kind: 'postgres',
      url: 'postgres://rapport@db.internal:5432/rapport',
      poolMax: 20,
    });
  });

  it('reads and converts every variable', () => {
    const c = loadConfig({
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      PORT: '8080',
      RAPPORT_DATA_DIR: '/var/lib/rapport',
      RAPPORT_LOG_LEVEL: 'debug',
      RAPPORT_COOKIE_SECURE: 'true',
      RAPPORT_TRUST_PROXY: 'true',
      RAPPORT_BODY_LIMIT: '2048',
      RAPPORT_SESSION_TTL_HOURS: '2',
      RAPPORT_MAINTENANCE_MINUTES: '0',
      RAPPORT_LOGIN_MAX_FAILURES: '3',
      RAPPORT_LOGIN_LOCK_MINUTES: '1',
    });
    expect(c).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 8080,
      database: { kind: 'pglite', dataDir: '/var/lib/rapport' },
      logLevel: 'debug',
      cookieSecure: true,
      trustProxy: true,
      bodyLimit: 2048,
      sessionTtlMs: 2 * 3_600_000,
      maintenanceIntervalMs: 0,
      login: { maxFailures: 3, lockMs: 60_000 },
    });
    expect(loadConfig({ RAPPORT_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('stops with a ConfigError naming PORT when the port is bad', () => {
    for (const PORT of ['abc', '-1', '65536', '3000.5', '80x']) {
      let err: unknown;
      try {
        loadConfig({ PORT });
      } catch (e) {
        err = e;
      }
      expect(err, PORT).toBeInstanceOf(ConfigError);
      expect((err as Error).message, PORT).toMatch(/^Invalid configuration:/);
      expect((err as Error).message, PORT).toMatch(/\bPORT\b/);
    }
  });

  it('gives a movable clock only to tests, and reads the sweep interval', () => {
    const c = loadConfig({});
    expect(c.clock).toBe(systemClock);
    expect(c.sweepIntervalMs).toBe(10_000);
    expect(loadConfig({ RAPPORT_SWEEP_SECONDS: '0' }).sweepIntervalMs).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', RAPPORT_TEST_CLOCK: 'true' }).clock).toBeInstanceOf(MovableClock);
    expect(() => loadConfig({ RAPPORT_TEST_CLOCK: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ RAPPORT_TEST_CLOCK: 'true' })).toThrow(
      /RAPPORT_TEST_CLOCK: only with NODE_ENV=test/,
    );
    expect(() => loadConfig({ RAPPORT_SWEEP_SECONDS: '-1' })).toThrow(/RAPPORT_SWEEP_SECONDS/);
  });

  it('names every bad variable at once', () => {
    const err = (() => {
      try {
        loadConfig({
          DATABASE_URL: 'not a url',
          RAPPORT_LOG_LEVEL: 'loud',
          RAPPORT_PGLITE_MAX_WAL_MB: '8',
          RAPPORT_TRUST_PROXY: 'yes',
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    for (const name of [
      'DATABASE_URL',
      'RAPPORT_LOG_LEVEL',
      'RAPPORT_PGLITE_MAX_WAL_MB',
      'RAPPORT_TRUST_PROXY',
    ])
      expect(err!.message).toContain(name);
  });

  it('does not echo the value of a bad variable, which may hold a password', () => {
    const err = (() => {
      try {
        loadConfig({ DATABASE_URL: 'postgres//user:hunter2@host' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('DATABASE_URL');
    expect(err!.message).not.toContain('hunter2');
  });

  it('lets tests override the parsed values', () => {
    expect(loadConfig({}, { bodyLimit: 10 }).bodyLimit).toBe(10);
  });
});
