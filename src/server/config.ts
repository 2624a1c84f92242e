import path from 'node:path';
import { z } from 'zod';
import { type Clock, MovableClock, systemClock } from './clock.ts';

/**
 * The one place that reads the environment. Parsed once at start; a bad value stops the start with a
 * message that names the variable.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  RAPPORT_DATA_DIR: z.string().default('./data'),
  RAPPORT_FILES_DIR: z.string().optional(),
  RAPPORT_UPLOAD_MAX_MB: z.coerce.number().int().positive().default(1024),
  RAPPORT_JOB_POLL_SECONDS: z.coerce.number().min(0).default(1),
  RAPPORT_JOB_LEASE_SECONDS: z.coerce.number().min(2).default(30),
  RAPPORT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RAPPORT_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  RAPPORT_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  RAPPORT_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  RAPPORT_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 7),
  RAPPORT_DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  RAPPORT_PGLITE_MAX_WAL_MB: z.coerce.number().int().min(32).default(64),
  RAPPORT_MAINTENANCE_MINUTES: z.coerce.number().int().min(0).default(60),
  RAPPORT_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  RAPPORT_LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  RAPPORT_SWEEP_SECONDS: z.coerce.number().min(0).default(10),
  RAPPORT_TEST_CLOCK: z.enum(['true', 'false']).default('false'),
  RAPPORT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  RAPPORT_MAIL_FROM: z.string().default('Rapport <no-reply@localhost>'),
  RAPPORT_PUBLIC_URL: z
    .string()
    .url()
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database:
    | { kind: 'postgres'; url: string; poolMax: number }
    | { kind: 'pglite'; dataDir: string; maxWalMb: number };
  logLevel: string;
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  bodyLimit: number;
  sessionTtlMs: number;
  maintenanceIntervalMs: number;
  login: { maxFailures: number; lockMs: number };
  /** How often due reminders are looked for; 0 turns the sweeps off (unit tests run them by hand). */
  sweepIntervalMs: number;
  clock: Clock;
  /** Outgoing mail: an SMTP URL (a secret: never logged or returned) and the sender; no URL = mail stays queued. */
  mail: { smtpUrl: string | null; from: string };
  /** The address customers reach this server at, for links in mails (accept a quote, confirm consent). */
  publicUrl: string;
  /** Stored files (uploads for imports, export results): a directory every app instance can reach. */
  files: { dir: string; uploadMaxBytes: number };
  /** How often background jobs (imports, exports) are looked for; 0 turns the worker off. */
  jobPollMs: number;
  /** A job's lease: a worker that stops renewing it (killed) loses the job to another this long after. */
  jobLeaseMs: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.RAPPORT_TEST_CLOCK === 'true' && e.NODE_ENV !== 'test')
    throw new ConfigError('Invalid configuration:\n  RAPPORT_TEST_CLOCK: only with NODE_ENV=test');
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.RAPPORT_DB_POOL_MAX }
      : { kind: 'pglite', dataDir: path.resolve(e.RAPPORT_DATA_DIR), maxWalMb: e.RAPPORT_PGLITE_MAX_WAL_MB },
    logLevel: e.RAPPORT_LOG_LEVEL,
    cookieSecure: e.RAPPORT_COOKIE_SECURE === 'auto' ? 'auto' : e.RAPPORT_COOKIE_SECURE === 'true',
    trustProxy: e.RAPPORT_TRUST_PROXY,
    bodyLimit: e.RAPPORT_BODY_LIMIT,
    sessionTtlMs: e.RAPPORT_SESSION_TTL_HOURS * 3_600_000,
    maintenanceIntervalMs: e.RAPPORT_MAINTENANCE_MINUTES * 60_000,
    login: { maxFailures: e.RAPPORT_LOGIN_MAX_FAILURES, lockMs: e.RAPPORT_LOGIN_LOCK_MINUTES * 60_000 },
    sweepIntervalMs: e.RAPPORT_SWEEP_SECONDS * 1000,
    clock: e.RAPPORT_TEST_CLOCK === 'true' ? new MovableClock() : systemClock,
    mail: { smtpUrl: e.RAPPORT_SMTP_URL ?? null, from: e.RAPPORT_MAIL_FROM },
    publicUrl: e.RAPPORT_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
    files: {
      dir: path.resolve(e.RAPPORT_FILES_DIR ?? path.join(e.RAPPORT_DATA_DIR, 'files')),
      uploadMaxBytes: e.RAPPORT_UPLOAD_MAX_MB * 1_048_576,
    },
    jobPollMs: e.RAPPORT_JOB_POLL_SECONDS * 1000,
    jobLeaseMs: e.RAPPORT_JOB_LEASE_SECONDS * 1000,
  };
  return { ...config, ...overrides };
}

/** Test and tooling helpers read the environment through here too. */
export const testEnv = {
  databaseUrl: () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  isCi: () => process.env.CI === 'true',
  chromiumPath: () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
};
