import { silentLog, testConfig } from '../../../../tests/helpers/app.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import type { Database } from '../../db/client.ts';
import type { App } from '../../http/types.ts';
import { drainJobs } from '../jobs/index.ts';
import { importJob } from './imports.run.ts';

type Auth = { authorization: string };

/** Uploads a file the way the wizard does (the raw bytes as the body) and returns its id. */
export async function upload(app: App, auth: Auth, name: string, body: string | Buffer, type = 'text/csv') {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/files?name=${encodeURIComponent(name)}`,
    headers: { ...auth, 'content-type': type },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

export async function newImport(app: App, auth: Auth, body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: auth, payload: body });
  return res;
}

/** Runs the queued import jobs to their end, as the server's worker would. */
export const runJobs = (database: Database) => drainJobs(database, testConfig(), silentLog, [importJob]);

export async function act(
  app: App,
  auth: Auth,
  database: Database,
  id: string,
  action: 'dry-run' | 'start' | 'undo',
) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/${action}`, headers: auth });
  if (res.statusCode !== 202) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  await runJobs(database);
  return (
    await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: auth })
  ).json() as ImportDto;
}

export async function patchImport(app: App, auth: Auth, imp: ImportDto, body: Record<string, unknown>) {
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/v1/imports/${imp.id}`,
    headers: { ...auth, 'if-match': `"${imp.version}"` },
    payload: body,
  });
  if (res.statusCode !== 200) throw new Error(`patch: ${res.statusCode} ${res.body}`);
  return res.json() as ImportDto;
}
