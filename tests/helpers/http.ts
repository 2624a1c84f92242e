import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type Database, rowsOf } from '../../src/server/db/client.ts';
import type { App } from '../../src/server/http/types.ts';

export const PASSWORD = 'correct horse battery staple';

/** Asserts an RFC 9457 problem answer with this status (and code, when given). */
export function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:rapport:problem:/),
    title: expect.any(String),
  });
  if (code) expect(body.code).toBe(code);
  return body as {
    code: string;
    detail?: string;
    errors?: { path: string; message: string; code?: string }[];
  } & Record<string, unknown>;
}

/** The paths of a problem's field errors. */
export const errorPaths = (res: LightMyRequestResponse): string[] =>
  (res.json().errors ?? []).map((e: { path: string }) => e.path);

/** `name=value` of the session cookie a response sets, ready for a `cookie` header. */
export function sessionCookie(res: LightMyRequestResponse): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.find((c) => c.startsWith('rapport_session='))?.split(';')[0];
}

export type Session = {
  cookie: string;
  csrfToken: string;
  userId: string;
  headers: { cookie: string; 'x-csrf-token': string };
};

let ipSeq = 0;
/** A fresh client address, so per-IP rate limits of one test do not spill into another. */
export const nextIp = () => `10.0.${Math.floor(++ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`;

export async function loginRequest(app: App, email: string, password: string, remoteAddress = nextIp()) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
}

/** Logs in and returns the cookie and CSRF token (fails the test when the log-in does not succeed). */
export async function login(
  app: App,
  email: string,
  password = PASSWORD,
  remoteAddress?: string,
): Promise<Session> {
  const res = await loginRequest(app, email, password, remoteAddress);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = sessionCookie(res);
  expect(cookie).toBeDefined();
  const { csrfToken, user } = res.json();
  return {
    cookie: cookie!,
    csrfToken,
    userId: user.id,
    headers: { cookie: cookie!, 'x-csrf-token': csrfToken },
  };
}

/** Row count of every table in the public schema: a cheap "nothing was written" probe. */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const tables = rowsOf<{ name: string }>(
    await database.db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  ).map((r) => r.name);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = rowsOf<{ n: number | string }>(
      await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(t)}`),
    );
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}

export const randomUuid = () => crypto.randomUUID();
