import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { rowsOf } from '../../db/client.ts';
import { indexedTerms } from './search.ts';

describeEachDb('search word dictionary', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
  });

  const has = async (word: string) =>
    rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from search_words where word = ${word}`),
    )[0]!.n === 1;
  const create = async (url: string, payload: object) => {
    const res = await app().inject({ method: 'POST', url, headers: admin.auth, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const search = async (q: string) =>
    (await app().inject({ url: `/api/v1/contacts?q=${encodeURIComponent(q)}`, headers: admin.auth }))
      .json()
      .data.map((c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`);

  it('learns folded name words on create and finds misspelt multi-word queries through them', async () => {
    await create('/api/v1/contacts', { firstName: 'Þórdís', lastName: 'Kvaranström' });
    await create('/api/v1/contacts', { firstName: 'Ólafur', lastName: 'Kvaranström' });
    expect(await has('kvaranstrom')).toBe(true);
    expect(await has('thordis')).toBe(true);
    // Every word must match (as a prefix or a similar word): one contact, not both Kvaranströms.
    expect(await search('thordis kvaranstrm')).toEqual(['Þórdís Kvaranström']);
    expect(await search('kvaranstrm')).toHaveLength(2);
  });

  it('forgets a word when the last record using it is renamed or erased, keeps it while one remains', async () => {
    const a = await create('/api/v1/contacts', { firstName: 'Wenzeslaus', lastName: 'Quoirendt' });
    const b = await create('/api/v1/contacts', { firstName: 'Ottokar', lastName: 'Quoirendt' });
    const company = await create('/api/v1/companies', { name: 'Zyrkonyx Handel' });
    expect(await has('quoirendt')).toBe(true);
    expect(await has('zyrkonyx')).toBe(true);

    const patch = await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${a.id}`,
      headers: admin.auth,
      payload: { lastName: 'Hansen' },
    });
    expect(patch.statusCode).toBe(200);
    expect(await has('quoirendt')).toBe(true); // b still has it
    expect(await has('wenzeslaus')).toBe(true); // a still has its first name

    const erased = await app().inject({
      method: 'POST',
      url: `/api/v1/contacts/${b.id}/erase`,
      headers: admin.auth,
      payload: { reason: 'GDPR request' },
    });
    expect(erased.statusCode, erased.body).toBeLessThan(300);
    expect(await has('quoirendt')).toBe(false);
    expect(await has('ottokar')).toBe(false);
    expect(await has('hansen')).toBe(true);

    const erasedCompany = await app().inject({
      method: 'POST',
      url: `/api/v1/companies/${company.id}/erase`,
      headers: admin.auth,
      payload: { reason: 'closed down' },
    });
    expect(erasedCompany.statusCode, erasedCompany.body).toBeLessThan(300);
    expect(await has('zyrkonyx')).toBe(false);
  });
});

describe('indexedTerms', () => {
  it('keeps the last word a prefix, makes short inner words whole and leaves single letters to the ranking', () => {
    expect(indexedTerms('jør')).toEqual([{ word: 'jør', prefix: true }]);
    expect(indexedTerms('mette mø')).toEqual([
      { word: 'mette', prefix: true },
      { word: 'mø', prefix: true },
    ]);
    expect(indexedTerms('van de berg')).toEqual([
      { word: 'van', prefix: true },
      { word: 'de', prefix: false },
      { word: 'berg', prefix: true },
    ]);
    expect(indexedTerms('anna m')).toEqual([{ word: 'anna', prefix: true }]);
    expect(indexedTerms('a b')).toEqual([
      { word: 'a', prefix: true },
      { word: 'b', prefix: true },
    ]);
    expect(indexedTerms("  o'brien; DROP ")).toEqual([
      { word: 'brien', prefix: true },
      { word: 'DROP', prefix: true },
    ]);
  });
});
