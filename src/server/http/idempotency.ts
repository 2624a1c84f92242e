import { createHash } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';
import { idempotencyKeys } from '../modules/system/system.schema.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { principal: string; key: string };
  }
}

const KEY = /^[A-Za-z0-9_\-:.]{1,200}$/;
/** A claim with no answer after this long belongs to a request that died; a retry may take it over. */
const ABANDONED_CLAIM_MS = 60_000;

/**
 * `Idempotency-Key` on POST: the first request claims the key; a retry with the same body gets the first
 * response back (marked `Idempotent-Replayed: true`), a retry with another body gets 422, and one sent while
 * the first is still running gets 409. Failures (5xx) release the key so the client can retry.
 */
export function registerIdempotency(app: FastifyInstance, database: Database) {
  app.addHook('preHandler', async (req, reply) => {
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.principal) return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (!KEY.test(key))
      throw new AppError('invalid_idempotency_key', {
        status: 400,
        errors: [{ path: 'headers.idempotency-key', message: 'Use 1–200 letters, digits or - _ : .' }],
      });
    const path = req.routeOptions.url ?? req.url;
    const requestHash = createHash('sha256')
      .update(`${req.url}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const principal = req.principal.id;
    const inserted = await database.db
      .insert(idempotencyKeys)
      .values({ principal, key, method: req.method, path, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length) {
      req.idempotency = { principal, key };
      return;
    }
    const [prior] = await database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (!prior) throw new AppError('idempotency_conflict', { status: 409, detail: 'Retry the request.' });
    if (prior.requestHash !== requestHash) {
      throw new AppError('idempotency_key_reused', {
        status: 422,
        detail: 'This Idempotency-Key was used with a different request.',
      });
    }
    if (prior.status === null && prior.createdAt.getTime() < Date.now() - ABANDONED_CLAIM_MS) {
      // The first request died without an answer (process killed): its claim passes to this retry.
      const taken = await database.db
        .update(idempotencyKeys)
        .set({ createdAt: new Date() })
        .where(
          and(
            eq(idempotencyKeys.principal, principal),
            eq(idempotencyKeys.key, key),
            isNull(idempotencyKeys.status),
            lt(idempotencyKeys.createdAt, new Date(Date.now() - ABANDONED_CLAIM_MS)),
          ),
        )
        .returning({ key: idempotencyKeys.key });
      if (taken.length) {
        req.idempotency = { principal, key };
        return;
      }
    }
    if (prior.status === null)
      throw new AppError('idempotency_in_progress', {
        status: 409,
        detail: 'The first request with this key is still running.',
      });
    reply.header('idempotent-replayed', 'true');
    return reply
      .code(prior.status)
      .type(prior.contentType ?? 'application/json; charset=utf-8')
      .send(prior.body ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = undefined;
    const where = and(eq(idempotencyKeys.principal, claim.principal), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 500) {
      await database.db
        .delete(idempotencyKeys)
        .where(where)
        .catch(() => {});
    } else {
      const body = typeof payload === 'string' ? payload : payload == null ? '' : String(payload);
      await database.db
        .update(idempotencyKeys)
        .set({
          status: reply.statusCode,
          body,
          contentType: String(reply.getHeader('content-type') ?? '') || null,
        })
        .where(where);
    }
    return payload;
  });
}

export async function purgeIdempotencyKeys(database: Database, olderThan: Date) {
  await database.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, olderThan));
}
