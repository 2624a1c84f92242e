import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';

describeEachDb('companies API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    viewer = await makeUser(getDb(), 'viewer');
  });

  let seq = 0;
  const tag = (stem: string) => `${stem}${++seq}`;
  const post = (
    user: TestUser,
    payload: unknown,
    url = '/api/v1/companies',
    headers: Record<string, string> = {},
  ) =>
    app().inject({ method: 'POST', url, headers: { ...user.auth, ...headers }, payload: payload as object });
  const create = async (payload: Record<string, unknown>, user = agent) => {
    const res = await post(user, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const get = (id: string, user = agent, query = '') =>
    app().inject({ url: `/api/v1/companies/${id}${query}`, headers: user.auth });
  const list = async (query: string, user = agent) => {
    const res = await app().inject({ url: `/api/v1/companies?${query}`, headers: user.auth });
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return res.json().data as { id: string; name: string }[];
  };

  it('creates a company and returns it with a version, an ETag and its location', async () => {
    const res = await post(agent, {
      name: 'Novo Nordisk A/S',
      domain: 'NovoNordisk.com',
      website: 'https://www.novonordisk.com',
      industry: 'Pharma',
      employees: 64000,
      addresses: [{ city: 'Bagsværd', country: 'dk' }],
      tags: ['enterprise'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'Novo Nordisk A/S',
      domain: 'novonordisk.com',
      version: 1,
      ownerId: agent.id,
      tags: ['enterprise'],
      custom: {},
      contactCount: 0,
      deletedAt: null,
    });
    expect(body.addresses[0]).toMatchObject({ country: 'DK', label: 'work', street: '' });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/companies/${body.id}`);
    const back = await get(body.id, viewer);
    expect(back.headers.etag).toBe('"1"');
    expect(back.json()).toEqual(body);
  });

  it('finds companies by accent-free and misspelt search', async () => {
    const moller = await create({ name: 'Møller A/S' });
    await create({ name: 'Mærsk Line', domain: 'maersk.com' });
    const search = async (q: string) => (await list(`q=${encodeURIComponent(q)}`, viewer)).map((c) => c.id);
    expect(await search('moller')).toContain(moller.id);
    expect(await search('Møller')).toContain(moller.id);
    expect(await search('mollr')).toContain(moller.id);
    expect((await list(`q=maersk`, viewer)).map((c) => c.name)).toContain('Mærsk Line');
    const global = await app().inject({ url: '/api/v1/search?q=moller', headers: viewer.auth });
    expect(global.json().companies.map((c: { id: string }) => c.id)).toContain(moller.id);
  });

  it('answers 412 when the version is stale and keeps the newer data', async () => {
    const c = await create({ name: 'Stale ApS' });
    const patch = (version: string, payload: object) =>
      app().inject({
        method: 'PATCH',
        url: `/api/v1/companies/${c.id}`,
        headers: { ...agent.auth, 'if-match': version },
        payload,
      });
    const first = await patch('"1"', { industry: 'Retail' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    expect(first.headers.etag).toBe('"2"');
    const stale = expectProblem(await patch('"1"', { industry: 'Shipping' }), 412, 'version_conflict');
    expect(stale.currentVersion).toBe(2);
    expectProblem(await patch('W/"abc"', { industry: 'Shipping' }), 400, 'invalid_if_match');
    expectProblem(
      await app().inject({
        method: 'DELETE',
        url: `/api/v1/companies/${c.id}`,
        headers: { ...agent.auth, 'if-match': '"1"' },
      }),
      412,
    );
    expect((await get(c.id)).json()).toMatchObject({ industry: 'Retail', version: 2, deletedAt: null });
    expect((await patch('W/"2"', { industry: 'Shipping' })).statusCode).toBe(200);
  });

  it('does not bump the version for a change that changes nothing', async () => {
    const c = await create({ name: 'Same ApS', industry: 'Food' });
    const res = await app().inject({
      method: 'PATCH',
      url: `/api/v1/companies/${c.id}`,
      headers: agent.auth,
      payload: { industry: 'Food' },
    });
    expect(res.json().version).toBe(1);
  });

  it('records field-level history of every change', async () => {
    const c = await create({ name: 'Hist ApS' });
    await app().inject({
      method: 'PATCH',
      url: `/api/v1/companies/${c.id}`,
      headers: agent.auth,
      payload: { name: 'Hist A/S', lifecycleStage: 'customer', employees: 12 },
    });
    const history = (
      await app().inject({ url: `/api/v1/companies/${c.id}/history`, headers: viewer.auth })
    ).json();
    expect(history.data[0]).toMatchObject({ action: 'update', actorId: agent.id });
    expect(history.data[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'name', old: 'Hist ApS', new: 'Hist A/S' },
        { field: 'lifecycleStage', old: null, new: 'customer' },
        { field: 'employees', old: null, new: 12 },
      ]),
    );
    expect(history.data.at(-1).action).toBe('create');
    const paged = (
      await app().inject({ url: `/api/v1/companies/${c.id}/history?limit=1`, headers: viewer.auth })
    ).json();
    expect(paged.data).toHaveLength(1);
    const rest = (
      await app().inject({
        url: `/api/v1/companies/${c.id}/history?limit=1&cursor=${paged.nextCursor}`,
        headers: viewer.auth,
      })
    ).json();
    expect(rest.data[0].action).toBe('create');
  });

  it('moves to the recycle bin and restores', async () => {
    const c = await create({ name: 'Bin ApS' });
    expect(
      (await app().inject({ method: 'DELETE', url: `/api/v1/companies/${c.id}`, headers: agent.auth }))
        .statusCode,
    ).toBe(204);
    expectProblem(await get(c.id), 404, 'company_not_found');
    expect((await get(c.id, agent, '?includeDeleted=true')).json().deletedAt).not.toBeNull();
    expect((await list('deleted=only')).map((x) => x.id)).toContain(c.id);
    expect((await list('')).map((x) => x.id)).not.toContain(c.id);
    const restored = await app().inject({
      method: 'POST',
      url: `/api/v1/companies/${c.id}/restore`,
      headers: agent.auth,
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ deletedAt: null, version: 3 });
    expectProblem(
      await app().inject({ method: 'POST', url: `/api/v1/companies/${c.id}/restore`, headers: agent.auth }),
      404,
    );
    const actions = (await app().inject({ url: `/api/v1/companies/${c.id}/history`, headers: agent.auth }))
      .json()
      .data.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });

  it('erases a company for good; its contacts stay and lose the link', async () => {
    const co = await create({ name: 'Erase A/S' });
    const contacts = [];
    for (const firstName of ['Keep', 'Also']) {
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: agent.auth,
        payload: { firstName, companyId: co.id },
      });
      expect(res.json()).toMatchObject({ companyId: co.id, companyName: 'Erase A/S' });
      contacts.push(res.json());
    }
    expectProblem(
      await app().inject({
        method: 'POST',
        url: `/api/v1/companies/${co.id}/erase`,
        headers: agent.auth,
        payload: { reason: 'GDPR request' },
      }),
      403,
    );
    expect(
      (
        await app().inject({
          method: 'POST',
          url: `/api/v1/companies/${co.id}/erase`,
          headers: admin.auth,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await app().inject({
          method: 'POST',
          url: `/api/v1/companies/${co.id}/erase`,
          headers: admin.auth,
          payload: { reason: 'GDPR request' },
        })
      ).statusCode,
    ).toBe(204);
    expectProblem(await get(co.id, admin, '?includeDeleted=true'), 404);
    expectProblem(
      await app().inject({ url: `/api/v1/companies/${co.id}/history`, headers: admin.auth }),
      404,
    );
    for (const c of contacts) {
      const back = await app().inject({ url: `/api/v1/contacts/${c.id}`, headers: agent.auth });
      expect(back.statusCode).toBe(200);
      expect(back.json()).toMatchObject({ id: c.id, companyId: null, companyName: null });
    }
    expectProblem(
      await app().inject({
        method: 'POST',
        url: `/api/v1/companies/${co.id}/erase`,
        headers: admin.auth,
        payload: { reason: 'GDPR request' },
      }),
      404,
    );
  });

  it('counts the live contacts of a company', async () => {
    const co = await create({ name: 'Count ApS' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await app().inject({
            method: 'POST',
            url: '/api/v1/contacts',
            headers: agent.auth,
            payload: { firstName: `Count${i}`, companyId: co.id },
          })
        ).json().id,
      );
    }
    expect((await get(co.id)).json().contactCount).toBe(3);
    await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${ids[0]}`, headers: agent.auth });
    await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${ids[1]}`,
      headers: agent.auth,
      payload: { companyId: null },
    });
    expect((await get(co.id)).json().contactCount).toBe(1);
  });

  it('refuses to link a contact to a company in the recycle bin', async () => {
    const co = await create({ name: 'Gone ApS' });
    await app().inject({ method: 'DELETE', url: `/api/v1/companies/${co.id}`, headers: agent.auth });
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: agent.auth,
      payload: { firstName: 'Orphan', companyId: co.id },
    });
    expectProblem(res, 422);
    expect(errorPaths(res)).toEqual(['companyId']);
  });

  describe('filters', () => {
    let t: string;
    let ids: Record<string, string>;
    beforeAll(async () => {
      t = tag('flt');
      const field = await app().inject({
        method: 'POST',
        url: '/api/v1/custom-fields',
        headers: admin.auth,
        payload: {
          entity: 'company',
          key: 'tier',
          type: 'select',
          labels: { en: 'Tier' },
          options: [
            { value: 'gold', labels: { en: 'Gold' } },
            { value: 'silver', labels: { en: 'Silver' } },
          ],
        },
      });
      expect(field.statusCode, field.body).toBe(201);
      ids = {};
      ids.dk = (
        await create({
          name: 'Dansk ApS',
          addresses: [{ country: 'DK' }],
          tags: [t, 'b2b'],
          employees: 10,
          custom: { tier: 'gold' },
        })
      ).id;
      ids.de = (
        await create({
          name: 'Deutsch GmbH',
          addresses: [{ country: 'DE' }],
          tags: [t],
          employees: 500,
          custom: { tier: 'silver' },
        })
      ).id;
      ids.fr = (
        await create({
          name: 'Français SA',
          addresses: [{ country: 'FR' }, { country: 'DK', label: 'billing' }],
          tags: [t, 'b2b', 'vip'],
        })
      ).id;
      ids.none = (await create({ name: 'Nowhere Ltd', tags: [t] })).id;
    });
    const names = async (q: string) => (await list(`tags[hasAny]=${t}&${q}`)).map((c) => c.name).sort();

    it('filters by country, in any case', async () => {
      expect(await names('country=DK')).toEqual(['Dansk ApS', 'Français SA']);
      expect(await names('country=de')).toEqual(['Deutsch GmbH']);
      expect(await names('country[isEmpty]=true')).toEqual(['Nowhere Ltd']);
      // Any of the addresses counts, as for contacts: Français SA bills to Denmark.
      expect(await names('country[in]=dk,DE')).toEqual(['Dansk ApS', 'Deutsch GmbH', 'Français SA']);
    });

    it('filters by tags with hasAny and hasAll', async () => {
      expect(await names('tags[hasAll]=b2b,vip')).toEqual(['Français SA']);
      expect((await list(`tags[hasAll]=${t},b2b`)).map((c) => c.name).sort()).toEqual([
        'Dansk ApS',
        'Français SA',
      ]);
    });

    it('filters by custom fields and by numbers', async () => {
      expect(await names('custom.tier=gold')).toEqual(['Dansk ApS']);
      expect(await names('custom.tier[in]=gold,silver')).toEqual(['Dansk ApS', 'Deutsch GmbH']);
      expect(await names('custom.tier[isEmpty]=true')).toEqual(['Français SA', 'Nowhere Ltd']);
      expect(await names('employees[gt]=100')).toEqual(['Deutsch GmbH']);
      expect(
        await names(
          `filter=${encodeURIComponent(
            JSON.stringify({
              or: [
                { field: 'country', op: 'eq', value: 'FR' },
                { field: 'employees', op: 'lte', value: 10 },
              ],
            }),
          )}`,
        ),
      ).toEqual(['Dansk ApS', 'Français SA']);
    });

    it('refuses unknown fields, wrong operators and bad values with a query path', async () => {
      for (const q of [
        'custom.nope=1',
        'custom.tier=platinum',
        'employees[gt]=many',
        'name[hasAny]=x',
        'website=x',
        'searchText=x',
        'sort=website',
        'sort=custom.nope',
      ]) {
        const res = await app().inject({ url: `/api/v1/companies?${q}`, headers: agent.auth });
        expect(res.statusCode, q).toBe(400);
        expect(errorPaths(res)[0], q).toMatch(/^query\./);
      }
    });

    it('pages with a keyset cursor through every row exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { name: string }[]; nextCursor: string | null } = (
          await app().inject({
            url: `/api/v1/companies?tags[hasAny]=${t}&sort=-employees,name&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
            headers: agent.auth,
          })
        ).json();
        seen.push(...page.data.map((c) => c.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Deutsch GmbH', 'Dansk ApS', 'Français SA', 'Nowhere Ltd']);
    });
  });

  describe('bad input', () => {
    it('refuses invalid values with a path for each, writing nothing', async () => {
      const cases: [object, string][] = [
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{}, 'name'],
        [{ name: 'x'.repeat(301) }, 'name'],
        [{ name: 'D', domain: 'not a domain' }, 'domain'],
        [{ name: 'W', website: 'javascript:alert(1)' }, 'website'],
        [{ name: 'W', website: 'ftp://example.com' }, 'website'],
        [{ name: 'E', employees: -1 }, 'employees'],
        [{ name: 'E', employees: 1.5 }, 'employees'],
        [{ name: 'A', addresses: [{ country: 'Denmark' }] }, 'addresses.0.country'],
        [{ name: 'T', tags: ['<script>'] }, 'tags.0'],
        [{ name: 'L', lifecycleStage: 'whale' }, 'lifecycleStage'],
        [{ name: 'O', ownerId: 'me' }, 'ownerId'],
        [{ name: 'V', version: 7 }, 'version'],
      ];
      const before = (await list('limit=200&deleted=include', admin)).length;
      for (const [payload, path] of cases) {
        const res = await post(agent, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(errorPaths(res), JSON.stringify(payload)).toContain(path);
      }
      expect((await list('limit=200&deleted=include', admin)).length).toBe(before);
    });

    it('answers 422 on ownerId for an unknown owner', async () => {
      const res = await post(admin, { name: 'Ghost owner', ownerId: crypto.randomUUID() });
      expectProblem(res, 422, 'invalid_owner');
      expect(errorPaths(res)).toEqual(['ownerId']);
    });
  });
});
