import type { Principal } from '../../http/context.ts';

/**
 * Resolving an API key is a query on every request; the principal is kept for a few seconds. Any change to
 * users, teams or keys on this instance clears the cache at once; another instance sees it within the TTL.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { at: number; principal: Principal }>();

export function cachedPrincipal(keyHash: string, now = Date.now()): Principal | undefined {
  const hit = entries.get(keyHash);
  if (!hit) return undefined;
  if (now - hit.at < TTL_MS) return hit.principal;
  entries.delete(keyHash);
  return undefined;
}

export function rememberPrincipal(keyHash: string, principal: Principal, now = Date.now()) {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(keyHash, { at: now, principal });
}

export function forgetPrincipals() {
  entries.clear();
}
