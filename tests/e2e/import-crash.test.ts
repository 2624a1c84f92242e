import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  admin,
  dbKinds,
  disposeAppSnapshot,
  ensureAdmin,
  type RunningServer,
  startServer,
} from './helpers.ts';

/**
 * The promise: "a kill -9 mid-import followed by a restart ends with exactly the right rows and no
 * duplicates". A real server process imports a file; it is killed with SIGKILL once some batches have
 * committed; a new process on the same data resumes the job from its checkpoint.
 */
const env = { RAPPORT_JOB_POLL_SECONDS: '0.2', RAPPORT_JOB_LEASE_SECONDS: '3' };

async function apiKey(url: string): Promise<Record<string, string>> {
  await ensureAdmin(url);
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  const key = await fetch(`${url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'crash test' }),
  });
  const body = (await key.json()) as { key: string };
  return { authorization: `Bearer ${body.key}` };
}

async function json(res: Response) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown> & { id: string };
}

afterAll(disposeAppSnapshot);

for (const kind of dbKinds) {
  const skip = kind === 'postgres' && !inject('pgTemplate');
  describe.skipIf(skip)(`import survives kill -9 [${kind}]`, { timeout: 300_000 }, () => {
    let server: RunningServer | undefined;
    afterAll(async () => {
      await server?.stop();
    });

    it('resumes after SIGKILL and ends with every row exactly once', async () => {
      server = await startServer(kind, { runId: inject('runId'), env });
      const auth = await apiKey(server.url);
      const rows = kind === 'postgres' ? 12_000 : 6_000;
      const lines = ['Vorname,Nachname,E-Mail,Tags'];
      for (let i = 0; i < rows; i++) lines.push(`Kill${i},Neun,kill${i}@crash.example,kill9`);
      const file = await json(
        await fetch(`${server.url}/api/v1/files?name=kill.csv`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/csv' },
          body: lines.join('\n'),
        }),
      );
      const imp = await json(
        await fetch(`${server.url}/api/v1/imports`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ fileId: file.id, entity: 'contacts' }),
        }),
      );
      await json(
        await fetch(`${server.url}/api/v1/imports/${imp.id}/start`, { method: 'POST', headers: auth }),
      );
      const status = async (url: string) =>
        (await json(await fetch(`${url}/api/v1/imports/${imp.id}`, { headers: auth }))) as unknown as {
          status: string;
          error: string | null;
          stats: { rowsDone: number; total: number; created: number; failed: number };
        };
      // Wait until some batches have committed, but not all of them.
      let seen = await status(server.url);
      for (let i = 0; i < 600 && !(seen.stats.rowsDone > 0); i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await status(server.url);
      }
      expect(seen.stats.rowsDone, `status ${seen.status} ${seen.error}`).toBeGreaterThan(0);
      expect(seen.stats.rowsDone).toBeLessThan(rows);
      await server.kill9();

      server = await startServer(kind, { runId: inject('runId'), env, reuse: server.data });
      let end = await status(server.url);
      for (let i = 0; i < 1200 && !['done', 'failed'].includes(end.status); i++) {
        await new Promise((r) => setTimeout(r, 250));
        end = await status(server.url);
      }
      expect(end.status, end.error ?? '').toBe('done');
      expect(end.stats).toMatchObject({ total: rows, rowsDone: rows, created: rows, failed: 0 });
      const count = (await json(
        await fetch(`${server.url}/api/v1/contacts/count?tags[hasAny]=kill9`, { headers: auth }),
      )) as unknown as { count: number };
      expect(count.count).toBe(rows);
      // No e-mail twice: each sampled address finds exactly one contact.
      for (const i of [0, Math.floor(rows / 2), rows - 1]) {
        const list = (await json(
          await fetch(`${server.url}/api/v1/contacts?email=kill${i}@crash.example`, { headers: auth }),
        )) as unknown as { data: unknown[] };
        expect(list.data).toHaveLength(1);
      }
    });
  });
}
