import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { type IngestSourceDto, WEBHOOK_WINDOW_SECONDS } from '../../../shared/interactions.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { ingestSources } from './ingest-sources.schema.ts';

const toDto = (r: typeof ingestSources.$inferSelect): IngestSourceDto => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listIngestSources(ctx: Ctx): Promise<IngestSourceDto[]> {
  const rows = await ctx.db.select().from(ingestSources).orderBy(desc(ingestSources.createdAt));
  return rows.map(toDto);
}

export async function createIngestSource(ctx: Ctx, name: string) {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const [row] = await ctx.db
    .insert(ingestSources)
    .values({ name, secret, createdById: ctx.user.via === 'system' ? null : ctx.user.id })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError('duplicate_source', {
      status: 409,
      detail: 'A source with this name exists.',
      errors: [{ path: 'name', message: 'Already used', code: 'duplicate' }],
    });
  await audit(ctx, 'ingest_source.create', 'ingest_source', row.id, { name });
  return { ...toDto(row), secret };
}

export async function revokeIngestSource(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .update(ingestSources)
    .set({ revokedAt: new Date() })
    .where(and(eq(ingestSources.id, id), isNull(ingestSources.revokedAt)))
    .returning({ id: ingestSources.id });
  if (!row) throw notFound('source');
  await audit(ctx, 'ingest_source.revoke', 'ingest_source', id, {});
}

const refused = () =>
  new AppError('invalid_signature', {
    status: 401,
    detail: 'The signature, its timestamp or the source is not valid.',
  });

/**
 * Checks a webhook request: a live source of that name, `x-rapport-timestamp` (Unix seconds) within
 * WEBHOOK_WINDOW_SECONDS of now, and `x-rapport-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw
 * body>")>`. Every failure answers the same 401, so a caller learns nothing about which part was wrong.
 */
export async function verifyWebhook(
  db: Executor,
  source: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  now: Date,
): Promise<void> {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > WEBHOOK_WINDOW_SECONDS) throw refused();
  const sig = /^sha256=([0-9a-f]{64})$/i.exec(headers.signature ?? '')?.[1];
  if (!sig) throw refused();
  const [row] = await db
    .select()
    .from(ingestSources)
    .where(and(eq(ingestSources.name, source), isNull(ingestSources.revokedAt)));
  const expected = createHmac('sha256', row?.secret ?? 'no such source')
    .update(`${ts}.${rawBody}`)
    .digest();
  const given = Buffer.from(sig, 'hex');
  if (!row || !timingSafeEqual(expected, given)) throw refused();
  await db.update(ingestSources).set({ lastUsedAt: now }).where(eq(ingestSources.id, row.id));
}

/** The header value a sender computes (also used by the tests and the README example). */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}
