import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldError } from '../../shared/problem.ts';
import { problemContentType } from '../../shared/problem.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A failure the caller can act on. `code` is stable and machine-readable; `detail` is for people. */
export class AppError extends Error {
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  constructor(
    readonly code: string,
    opts: { status: number; detail?: string; errors?: FieldError[]; extra?: Record<string, unknown> },
  ) {
    super(opts.detail ?? code);
    this.status = opts.status;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

export const notFound = (what = 'record') =>
  new AppError(`${what}_not_found`, {
    status: 404,
    detail: `The ${what.replace(/_/g, ' ')} does not exist.`,
  });
export const forbidden = (detail = 'You are not allowed to do this.') =>
  new AppError('forbidden', { status: 403, detail });
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new AppError('validation_failed', { status: 422, detail, errors });

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail?: string,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
) {
  return reply
    .code(status)
    .type(problemContentType)
    .send({
      type: `urn:rapport:problem:${code}`,
      title: titles[status] ?? 'Error',
      status,
      code,
      ...(detail ? { detail } : {}),
      ...(errors?.length ? { errors } : {}),
      ...extra,
    });
}

type ZodIssueLike = { code?: string; path?: PropertyKey[]; message: string; keys?: string[] };

/** Zod issues → field errors. Unknown keys are reported one per key so the field path names the culprit. */
export function issuesToFieldErrors(issues: ZodIssueLike[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = [prefix, ...(issue.path ?? []).map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys)
        out.push({ path: base ? `${base}.${key}` : key, message: 'Unknown field', code: 'unknown_field' });
    } else {
      out.push({ path: base || '(root)', message: issue.message, code: issue.code });
    }
  }
  return out;
}

const pgUnavailable = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (e?.code && pgUnavailable.has(e.code)) return true;
  if (
    typeof e?.message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      e.message,
    )
  )
    return true;
  return e?.cause ? isDatabaseUnavailable(e.cause) : false;
}

function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: unknown };
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return e?.cause ? pgCode(e.cause) : undefined;
}

export function registerErrorHandling(app: FastifyInstance) {
  const handle = (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError)
      return sendProblem(reply, err.status, err.code, err.message, err.errors, err.extra);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = err.validationContext ?? 'body';
      const issues: ZodIssueLike[] = err.validation.map((v) => ({
        code: v.keyword,
        path: v.instancePath.split('/').filter(Boolean),
        message: v.message ?? 'Invalid',
        keys: (v.params as { keys?: string[] }).keys,
      }));
      const prefix = ctx === 'body' ? '' : ctx === 'querystring' ? 'query' : ctx;
      return sendProblem(
        reply,
        400,
        'validation_failed',
        'The request has invalid fields.',
        issuesToFieldErrors(issues, prefix),
      );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(reply, 500, 'internal_error', `An unexpected error occurred. Reference: ${req.id}`);
    }
    if (isDatabaseUnavailable(err)) {
      req.log.error({ err: { message: err.message, code: err.code } }, 'database unavailable');
      return sendProblem(
        reply,
        503,
        'database_unavailable',
        'The database is not reachable. Try again shortly.',
      );
    }
    const code = pgCode(err);
    if (code === '23505')
      return sendProblem(reply, 409, 'conflict', 'A record with the same unique value already exists.');
    if (code === '23503')
      return sendProblem(reply, 422, 'invalid_reference', 'A referenced record does not exist.');
    // 22021/22P05: a NUL character (`\u0000`) in text or JSON, which PostgreSQL cannot store.
    if (code === '22P02' || code === '22007' || code === '22008' || code === '22021' || code === '22P05')
      return sendProblem(reply, 400, 'invalid_value', 'A value has the wrong format.');
    if (code === '54000' || code === '22001')
      return sendProblem(reply, 400, 'value_too_long', 'A value is too long.');
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'unhandled error');
      return sendProblem(
        reply,
        status === 503 ? 503 : 500,
        status === 503 ? 'unavailable' : 'internal_error',
        `An unexpected error occurred. Reference: ${req.id}`,
      );
    }
    const map: Record<string, [string, string]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'The body is not valid JSON.'],
      FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'The body is empty but the content type is JSON.'],
      FST_ERR_CTP_BODY_TOO_LARGE: ['body_too_large', 'The body is larger than the server accepts.'],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
        'invalid_content_length',
        'The Content-Length does not match the body.',
      ],
      FST_CSRF_INVALID_TOKEN: ['csrf_invalid', 'The CSRF token is missing or wrong. Reload the page.'],
      FST_CSRF_MISSING_SECRET: ['csrf_invalid', 'The CSRF token is missing or wrong. Reload the page.'],
    };
    const [c, detail] = map[err.code] ?? [status === 429 ? 'rate_limited' : 'bad_request', err.message];
    if (err instanceof SyntaxError && status === 400)
      return sendProblem(reply, 400, 'malformed_json', 'The body is not valid JSON.');
    return sendProblem(reply, status, c, detail);
  };
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    try {
      return handle(err, req, reply);
    } catch (inner) {
      req.log.error({ err, inner }, 'error handler failed');
      return sendProblem(reply, 500, 'internal_error', `An unexpected error occurred. Reference: ${req.id}`);
    }
  });
}
