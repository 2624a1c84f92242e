import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/** pino options: secrets never reach the log. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.key',
  '*.token',
  '*.secret',
];

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' } };
}
