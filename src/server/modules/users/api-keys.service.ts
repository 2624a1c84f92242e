import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiKeyDto } from '../../../shared/users.ts';
import type { Executor } from '../../db/client.ts';
import { atLeast, type Ctx, type Principal } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { cachedPrincipal, forgetPrincipals, rememberPrincipal } from './principal-cache.ts';
import { apiKeys, users } from './users.schema.ts';
import { principalColumns } from './users.service.ts';

// Keys are 256 random bits; a fast hash is enough to store them (no dictionary to guess from).
const digest = (key: string) => createHash('sha256').update(key).digest('hex');

const toDto = (r: typeof apiKeys.$inferSelect): ApiKeyDto => ({
  id: r.id,
  userId: r.userId,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** Creates a key for `userId`; the plain key is returned once and never stored. */
export async function createApiKey(ctx: Pick<Ctx, 'db' | 'user'>, userId: string, name: string) {
  const key = `rpk_${randomBytes(32).toString('base64url')}`;
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({ userId, name, prefix: key.slice(0, 10), keyHash: digest(key) })
    .returning();
  await audit(ctx, 'api_key.create', 'api_key', row!.id, { userId, name });
  return { ...toDto(row!), key };
}

export async function listApiKeys(ctx: Ctx, all: boolean): Promise<ApiKeyDto[]> {
  const where = all && atLeast(ctx.user, 'admin') ? undefined : eq(apiKeys.userId, ctx.user.id);
  return (await ctx.db.select().from(apiKeys).where(where).orderBy(desc(apiKeys.createdAt))).map(toDto);
}

export async function revokeApiKey(ctx: Ctx, id: string) {
  const own = atLeast(ctx.user, 'admin') ? undefined : eq(apiKeys.userId, ctx.user.id);
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt), own))
    .returning();
  if (!row) throw notFound('api_key');
  forgetPrincipals();
  await audit(ctx, 'api_key.revoke', 'api_key', id, { userId: row.userId });
  return toDto(row);
}

const lastTouched = new Map<string, number>();

/** Resolves a Bearer key to its (active) user in one query; records last use at most once a minute per key. */
export async function principalFromApiKey(db: Executor, key: string): Promise<Principal | null> {
  if (!key.startsWith('rpk_') || key.length > 100) return null;
  const hash = digest(key);
  const cached = cachedPrincipal(hash);
  if (cached) return cached;
  const [row] = await db
    .select({ keyId: apiKeys.id, ...principalColumns })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt), eq(users.active, 1)));
  if (!row) return null;
  const now = Date.now();
  if ((lastTouched.get(row.keyId) ?? 0) < now - 60_000) {
    lastTouched.set(row.keyId, now);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, row.keyId));
  }
  const { keyId: _, ...user } = row;
  const principal: Principal = {
    ...user,
    role: user.role as Principal['role'],
    teamIds: user.teamIds ?? [],
    via: 'api_key',
  };
  rememberPrincipal(hash, principal);
  return principal;
}
