import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ExportDto } from '../../../shared/exports.ts';
import { rowsOf } from '../../db/client.ts';
import { generateDemo } from '../demo/index.ts';
import { drainJobs } from '../jobs/index.ts';
import { exportJobHandler } from './exports.service.ts';

const CONTACTS = 20_000;

describeEachDb('large exports', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  const req = (method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: admin.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const drain = () => drainJobs(getDb(), testConfig(), silentLog, [exportJobHandler]);

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    await generateDemo(getDb(), testConfig(), { contacts: CONTACTS });
  }, 120_000);

  it('streams 20,000 contacts in keyset pages while the job’s progress advances', async () => {
    const created = (
      await req('POST', '/exports', {
        entity: 'contacts',
        format: 'csv',
        columns: ['name', 'email', 'country'],
      })
    ).json<ExportDto>();
    expect(created.total).toBeGreaterThan(CONTACTS * 0.5); // past 10,000 the planner's estimate
    const seen = new Set<number>();
    let running = true;
    const watcher = (async () => {
      while (running) {
        seen.add((await req('GET', `/exports/${created.id}`)).json<ExportDto>().rows);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await drain();
    running = false;
    await watcher;
    const done = (await req('GET', `/exports/${created.id}`)).json<ExportDto>();
    expect(done).toMatchObject({ status: 'done', rows: CONTACTS, total: CONTACTS, totalExact: true });
    // Progress was seen between the start and the end: the job checkpoints page by page.
    expect([...seen].filter((n) => n > 0 && n < CONTACTS).length).toBeGreaterThanOrEqual(2);
    const file = await req('GET', `/files/${done.file!.id}/content`);
    const rows = parse(file.rawPayload, { bom: true }) as string[][];
    expect(rows).toHaveLength(CONTACTS + 1);
    const [n] = rowsOf<{ n: number }>(
      await getDb().db.execute('select count(distinct id)::int as n from contacts' as never),
    );
    expect(n!.n).toBe(CONTACTS);
    expect(new Set(rows.slice(1).map((r) => r.join('|'))).size).toBeGreaterThan(CONTACTS * 0.99);
  }, 120_000);

  it('stops a cancelled export at its next page and keeps no file', async () => {
    const created = (await req('POST', '/exports', { entity: 'contacts', format: 'xlsx' })).json<ExportDto>();
    const cancelled = await req('POST', `/exports/${created.id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    await drain();
    const after = (await req('GET', `/exports/${created.id}`)).json<ExportDto>();
    expect(after.status).toBe('cancelled');
    expect(after.file).toBeNull();
    expect(after.rows).toBeLessThan(CONTACTS);
  }, 60_000);
});
