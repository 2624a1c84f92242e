import type { FastifyRequest, FastifyServerOptions } from 'fastify';
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

/**
 * Secrets that travel in a URL path — a calendar feed's token, a quote's accept link, a consent
 * confirmation link — masked before the URL is logged.
 */
export const maskUrl = (url: string) =>
  url.replace(/(\/calendar-feed\/|\/public\/quotes\/|\/public\/consents\/confirm\/)[^/?#]+/g, '$1[redacted]');

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // Fastify's own request serializer, with the URL masked.
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: maskUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
}
