import type { SessionStore } from '@fastify/session';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions } from './users.schema.ts';

/**
 * Sessions live in the database so that several app instances share them and a restart keeps them.
 * The cookie carries only the signed session id.
 */
export function dbSessionStore(db: Db, ttlMs: number): SessionStore {
  return {
    set(sessionId, session, callback) {
      const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown> & {
        cookie?: { expires?: string };
      };
      const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + ttlMs);
      const userId = typeof data.userId === 'string' ? data.userId : null;
      db.insert(sessions)
        .values({ id: sessionId, userId, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.id, set: { data, expiresAt, userId } })
        .then(() => callback(), callback);
    },
    get(sessionId, callback) {
      db.select({ data: sessions.data })
        .from(sessions)
        .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())))
        .then(([row]) => callback(null, (row?.data ?? null) as never), callback);
    },
    destroy(sessionId, callback) {
      db.delete(sessions)
        .where(eq(sessions.id, sessionId))
        .then(() => callback(), callback);
    },
  };
}

export async function purgeExpiredSessions(db: Db) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
