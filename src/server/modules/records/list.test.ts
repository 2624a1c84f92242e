import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { COUNT_EXACT_LIMIT } from './list.ts';

describeEachDb('list totals', (getDb) => {
  const app = useApp(getDb);
  let viewer: TestUser;

  beforeAll(async () => {
    viewer = await makeUser(getDb(), 'viewer');
    // One tag marks this file's rows: 12 Gammelgaards, and enough others to pass the exact-count limit.
    await getDb().db.execute(sql`insert into contacts (first_name, last_name, tags, lifecycle_stage)
      select 'Bulk', 'Person ' || g, array['count-bulk'], case when g % 2 = 0 then 'customer' else 'lead' end
      from generate_series(1, ${COUNT_EXACT_LIMIT + 500}) g`);
    await getDb().db.execute(sql`insert into contacts (first_name, last_name, tags)
      select 'Ida', 'Gammelgaard', array['count-few'] from generate_series(1, 12)`);
    await getDb().db.execute(sql`analyze contacts`);
  });

  const count = async (query: string) => {
    const res = await app().inject({ url: `/api/v1/contacts/count?${query}`, headers: viewer.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { count: number; exact: boolean };
  };

  it('counts exactly under the limit, with the same filters and search as the list', async () => {
    expect(await count('tags[hasAny]=count-few')).toEqual({ count: 12, exact: true });
    expect(await count('q=gammelgard')).toEqual({ count: 12, exact: true });
    expect(await count('tags[hasAny]=count-few&lifecycleStage=customer')).toEqual({ count: 0, exact: true });
    expect(await count('tags[hasAny]=count-few&deleted=only')).toEqual({ count: 0, exact: true });
  });

  it('estimates beyond the limit, and says so', async () => {
    const total = await count('tags[hasAny]=count-bulk');
    expect(total.exact).toBe(false);
    expect(total.count).toBeGreaterThan(COUNT_EXACT_LIMIT);
    // An estimate, but of the right size.
    expect(total.count).toBeLessThan((COUNT_EXACT_LIMIT + 500) * 3);
  });

  it('rejects what the list rejects', async () => {
    const res = await app().inject({ url: '/api/v1/contacts/count?sort=password', headers: viewer.auth });
    expect(res.statusCode).toBe(400);
    const unknown = await app().inject({ url: '/api/v1/contacts/count?nope[eq]=1', headers: viewer.auth });
    expect(unknown.statusCode).toBe(400);
    expect((await app().inject({ url: '/api/v1/contacts/count' })).statusCode).toBe(401);
  });
});
