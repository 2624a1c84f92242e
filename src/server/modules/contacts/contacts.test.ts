import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';

describeEachDb('contacts API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    viewer = await makeUser(getDb(), 'viewer');
  });

  const post = (
    user: TestUser,
    payload: unknown,
    url = '/api/v1/contacts',
    headers: Record<string, string> = {},
  ) =>
    app().inject({ method: 'POST', url, headers: { ...user.auth, ...headers }, payload: payload as object });

  it('creates a contact and returns it with a version and ETag', async () => {
    const res = await post(agent, {
      firstName: 'Søren',
      lastName: 'Kierkegaard',
      emails: [{ address: 'soren@example.dk', label: 'work' }],
      tags: ['vip'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      firstName: 'Søren',
      lastName: 'Kierkegaard',
      version: 1,
      ownerId: agent.id,
      tags: ['vip'],
      custom: {},
    });
    expect(res.headers.etag).toBe('"1"');
  });

  it('finds contacts by accent-free and misspelt search', async () => {
    for (const [firstName, lastName] of [
      ['Mette', 'Møller'],
      ['Jürgen', 'Müller'],
      ['Lars', 'Jørgensen'],
    ]) {
      expect((await post(agent, { firstName, lastName })).statusCode).toBe(201);
    }
    const search = async (q: string) =>
      (await app().inject({ url: `/api/v1/contacts?q=${encodeURIComponent(q)}`, headers: viewer.auth }))
        .json()
        .data.map((c: { lastName: string }) => c.lastName);
    expect(await search('moller')).toContain('Møller');
    expect(await search('muller')).toContain('Müller');
    expect(await search('jorgensen')).toContain('Jørgensen');
    expect(await search('jorgnsen')).toContain('Jørgensen');
    expect(await search('jør')).toContain('Jørgensen');
  });

  it('answers 412 when the version is stale and keeps the newer data', async () => {
    const created = (await post(agent, { firstName: 'Ida', lastName: 'Holm' })).json();
    const first = await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: { ...agent.auth, 'if-match': '"1"' },
      payload: { jobTitle: 'CFO' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: { ...agent.auth, 'if-match': '"1"' },
      payload: { jobTitle: 'CEO' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const now = (await app().inject({ url: `/api/v1/contacts/${created.id}`, headers: agent.auth })).json();
    expect(now.jobTitle).toBe('CFO');
  });

  it('records field-level history of every change', async () => {
    const c = (await post(agent, { firstName: 'Emil', lastName: 'Berg' })).json();
    await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      headers: agent.auth,
      payload: { lastName: 'Bergström', lifecycleStage: 'customer' },
    });
    const history = (
      await app().inject({ url: `/api/v1/contacts/${c.id}/history`, headers: viewer.auth })
    ).json();
    expect(history.data[0].action).toBe('update');
    expect(history.data[0].actorId).toBe(agent.id);
    expect(history.data[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'lastName', old: 'Berg', new: 'Bergström' },
        { field: 'lifecycleStage', old: null, new: 'customer' },
      ]),
    );
    expect(history.data.at(-1).action).toBe('create');
  });

  it('moves to the recycle bin, restores, and erases with an audit entry', async () => {
    const c = (await post(agent, { firstName: 'Bin', lastName: 'Candidate' })).json();
    expect(
      (await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${c.id}`, headers: agent.auth }))
        .statusCode,
    ).toBe(204);
    expect((await app().inject({ url: `/api/v1/contacts/${c.id}`, headers: agent.auth })).statusCode).toBe(
      404,
    );
    const bin = (await app().inject({ url: '/api/v1/contacts?deleted=only', headers: agent.auth })).json();
    expect(bin.data.map((x: { id: string }) => x.id)).toContain(c.id);
    const restored = await app().inject({
      method: 'POST',
      url: `/api/v1/contacts/${c.id}/restore`,
      headers: agent.auth,
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect(
      (
        await app().inject({
          method: 'POST',
          url: `/api/v1/contacts/${c.id}/erase`,
          headers: agent.auth,
          payload: { reason: 'GDPR request' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app().inject({
          method: 'POST',
          url: `/api/v1/contacts/${c.id}/erase`,
          headers: admin.auth,
          payload: { reason: 'GDPR request' },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await app().inject({ url: `/api/v1/contacts/${c.id}?includeDeleted=true`, headers: admin.auth }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app().inject({ url: `/api/v1/contacts/${c.id}/history`, headers: admin.auth })).statusCode,
    ).toBe(404);
  });

  it('warns about a duplicate e-mail and lets the user override', async () => {
    await post(agent, { firstName: 'Dup', emails: [{ address: 'dup@example.com' }] });
    const again = await post(agent, { firstName: 'Dup2', emails: [{ address: 'DUP@example.com' }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_contact');
    expect(again.json().duplicates).toHaveLength(1);
    const forced = await post(
      agent,
      { firstName: 'Dup2', emails: [{ address: 'DUP@example.com' }] },
      '/api/v1/contacts?allowDuplicate=true',
    );
    expect(forced.statusCode).toBe(201);
  });

  it('returns the first response for a retried Idempotency-Key and never a second record', async () => {
    const headers = { 'idempotency-key': `k-${Date.now()}` };
    const a = await post(agent, { firstName: 'Once', lastName: 'Only' }, undefined, headers);
    const b = await post(agent, { firstName: 'Once', lastName: 'Only' }, undefined, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const reused = await post(agent, { firstName: 'Other' }, undefined, headers);
    expect(reused.statusCode).toBe(422);
  });

  it('pages with a keyset cursor through every row exactly once', async () => {
    for (let i = 0; i < 7; i++)
      await post(agent, { firstName: `Page${i}`, lastName: 'Pager', tags: ['pager'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/contacts?tags[hasAny]=pager&sort=firstName&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app().inject({ url, headers: agent.auth })).json();
      seen.push(...page.data.map((c: { firstName: string }) => c.firstName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Page0', 'Page1', 'Page2', 'Page3', 'Page4', 'Page5', 'Page6']);
  });

  it('pages backwards over a descending multi-key sort, and over -createdAt, each row once', async () => {
    for (const [firstName, lastName] of [
      ['Bo', 'Zahl'],
      ['Al', 'Zahl'],
      ['Cy', 'Yde'],
      ['Di', 'Xu'],
      ['Ed', 'Xu'],
    ]) {
      await post(agent, { firstName, lastName, tags: ['desc-pager'] });
    }
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/contacts?tags[hasAny]=desc-pager&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await app().inject({ url, headers: agent.auth })).json();
        seen.push(
          ...page.data.map((c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`),
        );
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk('-lastName,-firstName')).toEqual(['Bo Zahl', 'Al Zahl', 'Cy Yde', 'Ed Xu', 'Di Xu']);
    expect(await walk('-createdAt')).toEqual(['Ed Xu', 'Di Xu', 'Cy Yde', 'Al Zahl', 'Bo Zahl']);
  });

  it('pages through search results with a cursor on both search tiers, each row once', async () => {
    for (let i = 0; i < 13; i++) await post(agent, { firstName: `Tierpager${i}`, lastName: 'Quist' });
    const walk = async (q: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/contacts?q=${q}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await app().inject({ url, headers: agent.auth });
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().data.map((c: { firstName: string }) => c.firstName));
        cursor = res.json().nextCursor;
      } while (cursor);
      return seen;
    };
    // Word prefixes fill the page: the prefix-only tier.
    const prefix = await walk('tierpager');
    expect(prefix).toHaveLength(13);
    expect(new Set(prefix).size).toBe(13);
    // A typo: no prefix matches, so the typo-tolerant tier; the cursor keeps later pages on it.
    const fuzzy = await walk('tierpagr%20quist');
    expect(new Set(fuzzy).size).toBe(fuzzy.length);
    expect(fuzzy.filter((n) => n.startsWith('Tierpager'))).toHaveLength(13);
  });

  describe('bad input', () => {
    it('rejects unknown fields, bad e-mails and over-long strings with field paths, writing nothing', async () => {
      const res = await post(agent, {
        firstName: 'x'.repeat(201),
        emails: [{ address: 'not-an-email' }],
        password: 'x',
      });
      expect(res.statusCode).toBe(400);
      const paths = res.json().errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['firstName', 'emails.0.address', 'password']));
    });
    it('rejects malformed JSON', async () => {
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { ...agent.auth, 'content-type': 'application/json' },
        payload: '{"firstName":',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('malformed_json');
    });
    it('refuses sorting and filtering on fields that are not allowed', async () => {
      for (const q of [
        'sort=passwordHash',
        'sort=-searchText',
        'passwordHash=x',
        'lastName[regex]=x',
        'filter={"field":"createdById","op":"eq","value":"x"}',
      ]) {
        const res = await app().inject({ url: `/api/v1/contacts?${q}`, headers: agent.auth });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().errors[0].path).toMatch(/^query\./);
      }
    });
    it('stores SQL metacharacters and HTML verbatim', async () => {
      const nasty = `Robert'); DROP TABLE contacts;-- <script>alert(1)</script>`;
      const res = await post(agent, { firstName: nasty, lastName: '%_\\' });
      expect(res.statusCode).toBe(201);
      const back = (
        await app().inject({ url: `/api/v1/contacts/${res.json().id}`, headers: agent.auth })
      ).json();
      expect(back.firstName).toBe(nasty);
      expect(back.lastName).toBe('%_\\');
      const found = (
        await app().inject({
          url: `/api/v1/contacts?lastName[contains]=${encodeURIComponent('%_')}`,
          headers: agent.auth,
        })
      ).json();
      expect(found.data.map((c: { id: string }) => c.id)).toEqual([res.json().id]);
    });
  });

  describe('hostile list queries', () => {
    it('lists live and binned contacts together with deleted=include and nothing else', async () => {
      const live = (await post(agent, { firstName: 'Included', lastName: 'Live' })).json();
      const binned = (await post(agent, { firstName: 'Included', lastName: 'Binned' })).json();
      await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${binned.id}`, headers: agent.auth });
      for (const url of [
        '/api/v1/contacts?deleted=include',
        '/api/v1/contacts?deleted=include&limit=200',
        '/api/v1/companies?deleted=include',
      ]) {
        expect((await app().inject({ url, headers: agent.auth })).statusCode, url).toBe(200);
      }
      const ids = (
        await app().inject({
          url: '/api/v1/contacts?deleted=include&firstName=Included',
          headers: agent.auth,
        })
      )
        .json()
        .data.map((c: { id: string }) => c.id);
      expect(ids.sort()).toEqual([live.id, binned.id].sort());
    });

    it('never answers 5xx to hostile filter, sort, search and cursor parameters', async () => {
      const values = [
        "'",
        "'; drop table contacts;--",
        '$1',
        '\\',
        '%',
        '_',
        '\u0000',
        'a\u0000b',
        '"',
        '{"and":[',
        '[]',
        '{}',
        '💥',
        'x'.repeat(2000),
        '-1',
        '1e309',
        'null',
        '../../etc/passwd',
      ];
      const keys = [
        'firstName',
        'firstName[contains]',
        'email',
        'phone',
        'country',
        'tags[hasAny]',
        'createdAt[gt]',
        'birthday[lt]',
        'ownerId',
        'companyId[in]',
        'lifecycleStage',
        'constructor',
        '__proto__',
        'toString[eq]',
        'custom.x',
        'firstName[constructor]',
      ];
      const urls: string[] = [];
      for (const v of values) {
        const e = encodeURIComponent(v);
        for (const k of keys) urls.push(`${encodeURIComponent(k)}=${e}`);
        urls.push(`q=${e}`, `sort=${e}`, `cursor=${e}`, `filter=${e}`, `limit=${e}`, `deleted=${e}`);
        urls.push(`filter=${encodeURIComponent(JSON.stringify({ field: v, op: 'eq', value: v }))}`);
        urls.push(
          `sort=firstName&cursor=${Buffer.from(JSON.stringify({ s: 'firstName', v: [v], id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
        );
        urls.push(
          `sort=createdAt&cursor=${Buffer.from(JSON.stringify({ s: 'createdAt', v: [v], id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
        );
      }
      for (const q of urls) {
        const res = await app().inject({ url: `/api/v1/contacts?${q}`, headers: agent.auth });
        expect(res.statusCode, q.slice(0, 200)).toBeLessThan(500);
        if (res.statusCode >= 400)
          expect(res.headers['content-type'], q.slice(0, 200)).toContain('application/problem+json');
      }
    });

    it('answers 400, not 500, to a NUL character the database cannot store', async () => {
      for (const payload of [
        { firstName: 'a\u0000b' },
        { firstName: 'ok', tags: ['a\u0000'] },
        { firstName: 'ok', description: '\u0000' },
      ]) {
        const res = await post(agent, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
    });
  });

  describe('access', () => {
    it('lets viewers read but not write', async () => {
      expect((await app().inject({ url: '/api/v1/contacts', headers: viewer.auth })).statusCode).toBe(200);
      expect((await post(viewer, { firstName: 'Nope' })).statusCode).toBe(403);
    });
    it('keeps an agent out of another team’s records', async () => {
      const other = await makeUser(getDb(), 'agent');
      const theirs = (await post(other, { firstName: 'Private' })).json();
      const res = await app().inject({
        method: 'PATCH',
        url: `/api/v1/contacts/${theirs.id}`,
        headers: agent.auth,
        payload: { firstName: 'Hacked' },
      });
      expect(res.statusCode).toBe(403);
      expect(
        (await app().inject({ url: `/api/v1/contacts/${theirs.id}`, headers: agent.auth })).json().firstName,
      ).toBe('Private');
    });
  });
});
