import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import { files } from './files.schema.ts';

describeEachDb('stored files', (getDb) => {
  const app = useApp(getDb, { files: { dir: `/tmp/rapport-files-test-${process.pid}`, uploadMaxBytes: 64 } });
  let agent: TestUser;
  let other: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
    other = await makeUser(getDb(), 'agent');
    admin = await makeUser(getDb(), 'admin');
  });
  const upload = (auth: object, body: string, name = 'Kunder æøå.csv') =>
    app().inject({
      method: 'POST',
      url: `/api/v1/files?name=${encodeURIComponent(name)}`,
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: body,
    });

  it('stores an upload and gives it back to its creator as an attachment, to nobody else but an admin', async () => {
    const res = await upload(agent.auth, 'a,b\n1,2\n');
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ name: 'Kunder æøå.csv', size: 8, purpose: 'upload' });
    expect(file.expiresAt).not.toBeNull();
    const got = await app().inject({
      method: 'GET',
      url: `/api/v1/files/${file.id}/content`,
      headers: agent.auth,
    });
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('a,b\n1,2\n');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="Kunder ___.csv"; filename*=UTF-8''${encodeURIComponent('Kunder æøå.csv')}`,
    );
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expectProblem(
      await app().inject({ method: 'GET', url: `/api/v1/files/${file.id}/content`, headers: other.auth }),
      404,
    );
    expectProblem(
      await app().inject({ method: 'GET', url: `/api/v1/files/${file.id}`, headers: other.auth }),
      404,
    );
    expect(
      (await app().inject({ method: 'GET', url: `/api/v1/files/${file.id}`, headers: admin.auth }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const res = await upload(agent.auth, 'x'.repeat(65), 'big.csv');
    expectProblem(res, 413);
    const [left] = await getDb().db.select().from(files).where(eq(files.name, 'big.csv'));
    expect(left).toBeUndefined();
  });
});
