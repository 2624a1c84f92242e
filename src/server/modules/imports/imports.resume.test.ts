import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { ImportDto } from '../../../shared/imports.ts';
import { rowsOf } from '../../db/client.ts';
import { drainJobs, type JobHandler, jobs, LeaseLostError } from '../jobs/index.ts';
import { importJob } from './imports.run.ts';
import { newImport, upload } from './imports.test-helpers.ts';

/**
 * A worker that dies mid-import (here: it stops after its third batch commits and a fourth is in flight, as
 * `kill -9` would) leaves the job leased; the next worker resumes from the last committed checkpoint. The
 * end state must be exactly the file's rows, each once. The real kill -9 of a server process is in
 * imports.crash.test.ts.
 */
describeEachDb('import resume after a crash', (getDb, kind) => {
  const app = useApp(getDb);
  let admin: TestUser;
  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
  });

  it('resumes from the last committed batch and ends with every row exactly once', async () => {
    const batch = kind === 'postgres' ? 1000 : 500;
    const n = batch * 4 + 123;
    const lines = ['first_name,last_name,email,tags'];
    for (let i = 0; i < n; i++) lines.push(`Resume${i},Tester,resume${i}@crash.example,crash`);
    // One row repeats an earlier e-mail: it must update, not create a second contact, across the resume.
    lines.push(`Again,Tester,resume7@crash.example,again`);
    const fileId = await upload(app(), admin.auth, 'big.csv', lines.join('\n'));
    const imp = (
      await newImport(app(), admin.auth, { fileId, entity: 'contacts', settings: { duplicates: 'update' } })
    ).json() as ImportDto;
    expect(
      (await app().inject({ method: 'POST', url: `/api/v1/imports/${imp.id}/start`, headers: admin.auth }))
        .statusCode,
    ).toBe(202);

    let commits = 0;
    const dying: JobHandler = {
      kind: 'import',
      run: (r) =>
        importJob.run({
          ...r,
          checkpoint: async (db, progress) => {
            const res = await r.checkpoint(db, progress);
            // The validation pass checkpoints too; die in the write phase, inside the fourth batch's
            // transaction, after its checkpoint: the whole batch must roll back.
            if (
              (progress as { phase?: string }).phase === 'write' &&
              (progress as { rowsDone: number }).rowsDone > 0 &&
              ++commits === 4
            )
              throw new LeaseLostError();
            return res;
          },
        }),
    };
    await drainJobs(getDb(), testConfig(), silentLog, [dying]);
    const mid = (
      await app().inject({ method: 'GET', url: `/api/v1/imports/${imp.id}`, headers: admin.auth })
    ).json() as ImportDto;
    expect(mid.status).toBe('running');
    expect(mid.stats.rowsDone).toBe(batch * 3);
    const [mid2] = rowsOf<{ count: number }>(
      await getDb().db.execute(sql`select count(*)::int as count from contacts where 'crash' = any(tags)`),
    );
    expect(mid2?.count).toBe(batch * 3);

    // The dead worker's lease runs out; the next worker takes the job over.
    await getDb()
      .db.update(jobs)
      .set({ leaseUntil: new Date(Date.now() - 1000) })
      .where(sql`${jobs.id} = (select job_id from imports where id = ${imp.id})`);
    await drainJobs(getDb(), testConfig(), silentLog, [importJob]);
    const done = (
      await app().inject({ method: 'GET', url: `/api/v1/imports/${imp.id}`, headers: admin.auth })
    ).json() as ImportDto;
    expect(done.status, done.error ?? '').toBe('done');
    expect(done.stats).toMatchObject({ total: n + 1, rowsDone: n + 1, created: n, updated: 1, failed: 0 });
    const counts = rowsOf<{ contacts: number; distinct_emails: number; again: number }>(
      await getDb().db.execute(sql`select count(*)::int as contacts, count(distinct email_keys[1])::int as distinct_emails,
        count(*) filter (where 'again' = any(tags))::int as again
        from contacts where 'crash' = any(tags) and deleted_at is null`),
    );
    expect(counts[0]).toEqual({ contacts: n, distinct_emails: n, again: 1 });
    const records = rowsOf<{ n: number }>(
      await getDb().db.execute(
        sql`select count(*)::int as n from import_records where import_id = ${imp.id}`,
      ),
    );
    expect(records[0]!.n).toBe(n);
  });
});
