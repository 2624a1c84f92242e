import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem } from '../../../../tests/helpers/http.ts';
import type { CustomFieldType } from '../../../shared/custom-fields.ts';

const labels = (en: string) => ({ en, fr: `${en} (fr)`, de: `${en} (de)`, da: `${en} (da)` });
const options = (...values: string[]) =>
  values.map((value) => ({ value, labels: labels(value.toUpperCase()) }));

/** One field of every type on contacts: key → definition. */
const contactFields: Record<string, { type: CustomFieldType; options?: ReturnType<typeof options> }> = {
  nickname: { type: 'text' },
  notes: { type: 'long_text' },
  budget: { type: 'integer' },
  score: { type: 'decimal' },
  renewal: { type: 'date' },
  newsletter: { type: 'boolean' },
  tier: { type: 'select', options: options('gold', 'silver', 'bronze') },
  interests: { type: 'multi_select', options: options('golf', 'sailing', 'wine') },
  homepage: { type: 'url' },
  alt_email: { type: 'email' },
  alt_phone: { type: 'phone' },
  arr: { type: 'money' },
};

describeEachDb('custom fields', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let seq = 0;
  const tag = () => `cf${++seq}x${Math.random().toString(36).slice(2, 6)}`;

  const define = (payload: object, user = admin) =>
    app().inject({ method: 'POST', url: '/api/v1/custom-fields', headers: user.auth, payload });
  const defineOk = async (payload: object) => {
    const res = await define(payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string };
  };
  const createContact = (payload: object) =>
    app().inject({ method: 'POST', url: '/api/v1/contacts', headers: agent.auth, payload });
  const contactOk = async (payload: object) => {
    const res = await createContact(payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; firstName: string; version: number; custom: Record<string, unknown> };
  };
  const patchContact = (id: string, payload: object) =>
    app().inject({ method: 'PATCH', url: `/api/v1/contacts/${id}`, headers: agent.auth, payload });
  const listContacts = async (query: string) => {
    const res = await app().inject({ url: `/api/v1/contacts?${query}`, headers: agent.auth });
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return res.json() as {
      data: { id: string; firstName: string; custom: Record<string, unknown> }[];
      nextCursor: string | null;
    };
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    let position = 0;
    for (const [key, def] of Object.entries(contactFields)) {
      await defineOk({
        entity: 'contact',
        key,
        type: def.type,
        labels: labels(key),
        options: def.options ?? [],
        position: position++,
      });
    }
  });

  describe('definitions', () => {
    it('lets an admin define a field of every type, labelled in English, French, German and Danish', async () => {
      for (const [key, def] of Object.entries(contactFields)) {
        const res = await define({
          entity: 'company',
          key: `co_${key}`,
          type: def.type,
          labels: labels(key),
          options: def.options ?? [],
        });
        expect(res.statusCode, `${key}: ${res.body}`).toBe(201);
        expect(res.json()).toMatchObject({
          entity: 'company',
          key: `co_${key}`,
          type: def.type,
          labels: labels(key),
          required: false,
          unique: false,
        });
      }
      const listed = (
        await app().inject({ url: '/api/v1/custom-fields?entity=contact', headers: agent.auth })
      ).json().data;
      expect(listed.map((f: { key: string }) => f.key)).toEqual(Object.keys(contactFields));
      expect(listed.find((f: { key: string }) => f.key === 'tier').options[1]).toEqual({
        value: 'silver',
        labels: labels('SILVER'),
      });
    });

    it('refuses definitions and changes from anyone but an admin', async () => {
      const field = (
        await app().inject({ url: '/api/v1/custom-fields?entity=contact', headers: agent.auth })
      ).json().data[0];
      for (const role of ['manager', 'agent', 'viewer'] as const) {
        const user = await makeUser(getDb(), role);
        expectProblem(
          await define({ entity: 'contact', key: `by_${role}`, type: 'text', labels: { en: 'x' } }, user),
          403,
          'forbidden',
        );
        expectProblem(
          await app().inject({
            method: 'PATCH',
            url: `/api/v1/custom-fields/${field.id}`,
            headers: user.auth,
            payload: { required: true },
          }),
          403,
        );
        expectProblem(
          await app().inject({
            method: 'DELETE',
            url: `/api/v1/custom-fields/${field.id}`,
            headers: user.auth,
          }),
          403,
        );
      }
      const after = (
        await app().inject({ url: '/api/v1/custom-fields?entity=contact', headers: agent.auth })
      ).json().data;
      expect(after.map((f: { key: string }) => f.key)).toEqual(Object.keys(contactFields));
    });

    it('refuses bad definitions with a path for each problem', async () => {
      const cases: [object, string][] = [
        [{ entity: 'contact', key: 'Bad Key', type: 'text', labels: { en: 'x' } }, 'key'],
        [{ entity: 'contact', key: '1abc', type: 'text', labels: { en: 'x' } }, 'key'],
        [{ entity: 'contact', key: `k${'x'.repeat(50)}`, type: 'text', labels: { en: 'x' } }, 'key'],
        [{ entity: 'deal', key: 'ok', type: 'text', labels: { en: 'x' } }, 'entity'],
        [{ entity: 'contact', key: 'ok', type: 'json', labels: { en: 'x' } }, 'type'],
        [{ entity: 'contact', key: 'ok', type: 'text', labels: { fr: 'x' } }, 'labels.en'],
        [{ entity: 'contact', key: 'ok', type: 'text', labels: { en: 'x', es: 'x' } }, 'labels.es'],
        [{ entity: 'contact', key: 'ok', type: 'select', labels: { en: 'x' } }, 'options'],
        [
          { entity: 'contact', key: 'ok', type: 'text', labels: { en: 'x' }, options: options('a') },
          'options',
        ],
        [
          {
            entity: 'contact',
            key: 'ok',
            type: 'select',
            labels: { en: 'x' },
            options: [{ value: 'a,b', labels: { en: 'x' } }],
          },
          'options.0.value',
        ],
        [{ entity: 'contact', key: 'ok', type: 'boolean', labels: { en: 'x' }, unique: true }, 'unique'],
        [
          {
            entity: 'contact',
            key: 'ok',
            type: 'multi_select',
            labels: { en: 'x' },
            options: options('a'),
            unique: true,
          },
          'unique',
        ],
      ];
      for (const [payload, path] of cases) {
        const res = await define(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(errorPaths(res), JSON.stringify(payload)).toContain(path);
      }
      const dup = expectProblem(
        await define({ entity: 'contact', key: 'budget', type: 'text', labels: { en: 'Again' } }),
        409,
        'custom_field_exists',
      );
      expect(dup.errors?.map((e) => e.path)).toEqual(['key']);
    });

    it('changes labels, options and flags but never the key or the type', async () => {
      const f = await defineOk({
        entity: 'contact',
        key: `chg_${tag()}`,
        type: 'select',
        labels: { en: 'Old' },
        options: options('a'),
      });
      const patch = (payload: object) =>
        app().inject({ method: 'PATCH', url: `/api/v1/custom-fields/${f.id}`, headers: admin.auth, payload });
      const ok = await patch({ labels: labels('New'), options: options('a', 'b'), position: 5 });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ key: f.key, type: 'select', labels: labels('New'), position: 5 });
      for (const payload of [{ key: 'renamed' }, { type: 'text' }, { entity: 'company' }]) {
        expect((await patch(payload)).statusCode, JSON.stringify(payload)).toBe(400);
      }
      expect(errorPaths(await patch({ options: [] }))).toEqual(['options']);
      const text = await defineOk({
        entity: 'contact',
        key: `chg_${tag()}`,
        type: 'boolean',
        labels: { en: 'Flag' },
      });
      const patchText = (payload: object) =>
        app().inject({
          method: 'PATCH',
          url: `/api/v1/custom-fields/${text.id}`,
          headers: admin.auth,
          payload,
        });
      expect(errorPaths(await patchText({ options: options('a') }))).toEqual(['options']);
      // What a definition refuses on create it refuses on change too.
      const unique = await patchText({ unique: true });
      expect(unique.statusCode).toBeGreaterThanOrEqual(400);
      expect(unique.statusCode).toBeLessThan(500);
      expect(errorPaths(unique)).toEqual(['unique']);
      expectProblem(
        await app().inject({
          method: 'PATCH',
          url: `/api/v1/custom-fields/${crypto.randomUUID()}`,
          headers: admin.auth,
          payload: { required: true },
        }),
        404,
      );
    });
  });

  describe('values', () => {
    it('stores good values of every type, normalised', async () => {
      const c = await contactOk({
        firstName: 'Values',
        custom: {
          nickname: '  Bo  ',
          notes: 'Line one\nLine two',
          budget: 25000,
          score: 4.75,
          renewal: '2027-03-01',
          newsletter: false,
          tier: 'gold',
          interests: ['golf', 'wine', 'golf'],
          homepage: 'https://example.dk/a?b=c',
          alt_email: 'bo@example.dk',
          alt_phone: '+45 12 34 56 78',
          arr: { amount: 1999900, currency: 'dkk' },
        },
      });
      expect(c.custom).toEqual({
        nickname: 'Bo',
        notes: 'Line one\nLine two',
        budget: 25000,
        score: 4.75,
        renewal: '2027-03-01',
        newsletter: false,
        tier: 'gold',
        interests: ['golf', 'wine'],
        homepage: 'https://example.dk/a?b=c',
        alt_email: 'bo@example.dk',
        alt_phone: '+45 12 34 56 78',
        arr: { amount: 1999900, currency: 'DKK' },
      });
      const patched = await patchContact(c.id, { custom: { budget: 30000, nickname: null } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().custom).toMatchObject({ budget: 30000, tier: 'gold' });
      expect(patched.json().custom).not.toHaveProperty('nickname');
    });

    it('refuses a bad value of each type with a custom.<key> path, writing nothing', async () => {
      const bad: [string, unknown][] = [
        ['nickname', 'x'.repeat(501)],
        ['nickname', 42],
        ['notes', 'x'.repeat(10_001)],
        ['budget', 'many'],
        ['budget', 1.5],
        ['budget', Number.MAX_SAFE_INTEGER * 2],
        ['score', 1.1234567],
        ['score', '3'],
        ['renewal', '2027-13-45'],
        ['renewal', 'tomorrow'],
        ['newsletter', 'yes'],
        ['tier', 'platinum'],
        ['interests', ['golf', 'chess']],
        ['interests', 'golf'],
        ['homepage', 'javascript:alert(1)'],
        ['homepage', 'not a url'],
        ['alt_email', 'not-an-email'],
        ['alt_phone', 'call me'],
        ['arr', 19.99],
        ['arr', { amount: 19.99, currency: 'EUR' }],
        ['arr', { amount: 1999, currency: 'euro' }],
        ['arr', { amount: 1999, currency: 'EUR', note: 'x' }],
      ];
      const t = tag();
      for (const [key, value] of bad) {
        const res = await createContact({ firstName: 'Bad', tags: [t], custom: { [key]: value } });
        expect(res.statusCode, `${key}=${JSON.stringify(value)}`).toBe(422);
        const paths = errorPaths(res);
        expect(paths.length).toBeGreaterThan(0);
        for (const p of paths)
          expect(p === `custom.${key}` || p.startsWith(`custom.${key}.`), `${key}: ${p}`).toBe(true);
      }
      expect((await listContacts(`tags[hasAny]=${t}`)).data).toEqual([]);
      const c = await contactOk({ firstName: 'Patch bad', custom: { budget: 1 } });
      const res = await patchContact(c.id, { custom: { budget: 'lots' } });
      expectProblem(res, 422, 'validation_failed');
      expect(errorPaths(res)).toEqual(['custom.budget']);
    });

    it('names an unknown custom key in the error, on create and on change', async () => {
      const res = await createContact({
        firstName: 'Unknown',
        custom: { budget: 5, favourite_colour: 'blue' },
      });
      expectProblem(res, 422);
      expect(errorPaths(res)).toEqual(['custom.favourite_colour']);
      const c = await contactOk({ firstName: 'Unknown later' });
      const patch = await patchContact(c.id, { custom: { __proto__x: 1, constructor: 'x' } });
      expect(patch.statusCode).toBe(422);
      expect(errorPaths(patch).sort()).toEqual(['custom.__proto__x', 'custom.constructor']);
    });
  });

  describe('required and unique', () => {
    it('enforces a required field on create and when it is cleared, not on other changes', async () => {
      const f = await defineOk({
        entity: 'company',
        key: 'vat_no',
        type: 'text',
        labels: { en: 'VAT number' },
        required: true,
      });
      const post = (payload: object) =>
        app().inject({ method: 'POST', url: '/api/v1/companies', headers: agent.auth, payload });
      for (const custom of [undefined, {}, { vat_no: '' }, { vat_no: '   ' }, { vat_no: null }]) {
        const res = await post({ name: 'No VAT', ...(custom ? { custom } : {}) });
        expect(res.statusCode, JSON.stringify(custom)).toBe(422);
        expect(res.json().errors).toEqual([
          expect.objectContaining({ path: 'custom.vat_no', code: 'required' }),
        ]);
      }
      const ok = await post({ name: 'With VAT', custom: { vat_no: 'DK12345678' } });
      expect(ok.statusCode).toBe(201);
      const id = ok.json().id;
      for (const vat of [null, '']) {
        const res = await app().inject({
          method: 'PATCH',
          url: `/api/v1/companies/${id}`,
          headers: agent.auth,
          payload: { custom: { vat_no: vat } },
        });
        expectProblem(res, 422);
        expect(errorPaths(res)).toEqual(['custom.vat_no']);
      }
      const other = await app().inject({
        method: 'PATCH',
        url: `/api/v1/companies/${id}`,
        headers: agent.auth,
        payload: { industry: 'Shipping' },
      });
      expect(other.statusCode).toBe(200);
      expect(other.json().custom).toEqual({ vat_no: 'DK12345678' });
      await app().inject({ method: 'DELETE', url: `/api/v1/custom-fields/${f.id}`, headers: admin.auth });
    });

    it('keeps a unique field unique across live records, case by case', async () => {
      const key = `member_${tag()}`;
      await defineOk({ entity: 'contact', key, type: 'text', labels: { en: 'Member no.' }, unique: true });
      const a = await contactOk({ firstName: 'A', custom: { [key]: 'M-1' } });
      const dup = await createContact({ firstName: 'B', custom: { [key]: 'M-1' } });
      expect([409, 422]).toContain(dup.statusCode);
      expect(dup.json().errors).toEqual([
        expect.objectContaining({ path: `custom.${key}`, code: 'not_unique' }),
      ]);
      const b = await contactOk({ firstName: 'B', custom: { [key]: 'M-2' } });
      const steal = await patchContact(b.id, { custom: { [key]: 'M-1' } });
      expect([409, 422]).toContain(steal.statusCode);
      expect(errorPaths(steal)).toEqual([`custom.${key}`]);
      // Re-sending its own value is no conflict.
      expect((await patchContact(a.id, { firstName: 'A2', custom: { [key]: 'M-1' } })).statusCode).toBe(200);

      // A record in the recycle bin does not hold the value…
      expect(
        (await app().inject({ method: 'DELETE', url: `/api/v1/contacts/${a.id}`, headers: agent.auth }))
          .statusCode,
      ).toBe(204);
      expect((await patchContact(b.id, { custom: { [key]: 'M-1' } })).statusCode).toBe(200);
      // …and cannot come back while another live record has it.
      const restore = await app().inject({
        method: 'POST',
        url: `/api/v1/contacts/${a.id}/restore`,
        headers: agent.auth,
      });
      expect([409, 422]).toContain(restore.statusCode);
      expect(errorPaths(restore)).toEqual([`custom.${key}`]);
      expect((await listContacts(`custom.${key}=M-1`)).data.map((c) => c.id)).toEqual([b.id]);
    });

    it('lets only one of two simultaneous writes take a unique value', async () => {
      const key = `badge_${tag()}`;
      await defineOk({ entity: 'contact', key, type: 'integer', labels: { en: 'Badge' }, unique: true });
      const both = await Promise.all([
        createContact({ firstName: 'X', custom: { [key]: 7 } }),
        createContact({ firstName: 'Y', custom: { [key]: 7 } }),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 422]);
      expect((await listContacts(`custom.${key}=7`)).data).toHaveLength(1);
    });
  });

  describe('filters and sorting', () => {
    let t: string;
    const rows: { id: string; firstName: string; custom: Record<string, unknown> }[] = [];
    const fixtures: [string, Record<string, unknown>][] = [
      [
        'Ada',
        {
          budget: 500,
          score: 1.5,
          renewal: '2027-01-10',
          newsletter: true,
          tier: 'gold',
          interests: ['golf', 'wine'],
          nickname: 'Bo',
          arr: { amount: 100000, currency: 'EUR' },
        },
      ],
      [
        'Ben',
        {
          budget: 1500,
          score: 2.25,
          renewal: '2026-05-01',
          newsletter: false,
          tier: 'silver',
          interests: ['sailing'],
          arr: { amount: 250000, currency: 'DKK' },
        },
      ],
      ['Cai', { budget: 1500, tier: 'gold', nickname: 'Bob' }],
      ['Dag', { budget: -20, interests: ['wine'], arr: { amount: 5, currency: 'EUR' } }],
      ['Eva', {}],
      ['Fia', { nickname: 'Fifi' }],
      ['Gry', { budget: 500 }],
      ['Hal', {}],
      ['Ivy', { budget: 99999999999 }],
      ['Jon', { budget: 0 }],
      ['Kim', {}],
    ];
    beforeAll(async () => {
      t = tag();
      for (const [firstName, custom] of fixtures)
        rows.push(await contactOk({ firstName, tags: [t], custom }));
    });
    const names = async (q: string) =>
      (await listContacts(`tags[hasAny]=${t}&limit=200&${q}`)).data.map((c) => c.firstName).sort();

    it('filters with eq, gt/lt on integers, decimals, dates and money, hasAny and isEmpty', async () => {
      expect(await names('custom.budget=1500')).toEqual(['Ben', 'Cai']);
      expect(await names('custom.budget[gt]=500')).toEqual(['Ben', 'Cai', 'Ivy']);
      expect(await names('custom.budget[lt]=500')).toEqual(['Dag', 'Jon']);
      expect(await names('custom.budget[gte]=500&custom.budget[lte]=1500')).toEqual([
        'Ada',
        'Ben',
        'Cai',
        'Gry',
      ]);
      expect(await names('custom.budget[in]=0,500')).toEqual(['Ada', 'Gry', 'Jon']);
      expect(await names('custom.budget[isEmpty]=true')).toEqual(['Eva', 'Fia', 'Hal', 'Kim']);
      expect(await names('custom.budget[isNotEmpty]=true')).toHaveLength(7);
      expect(await names('custom.score[lt]=2')).toEqual(['Ada']);
      expect(await names('custom.score=2.25')).toEqual(['Ben']);
      expect(await names('custom.renewal[gt]=2026-12-31')).toEqual(['Ada']);
      expect(await names('custom.arr[gt]=1000')).toEqual(['Ada', 'Ben']);
      expect(await names('custom.arr[lt]=1000')).toEqual(['Dag']);
      expect(await names('custom.arr[isEmpty]=true')).toHaveLength(8);
      expect(await names('custom.newsletter=true')).toEqual(['Ada']);
      expect(await names('custom.newsletter=false')).toEqual(['Ben']);
      expect(await names('custom.tier=gold')).toEqual(['Ada', 'Cai']);
      expect(await names('custom.tier[neq]=gold')).toEqual([
        'Ben',
        'Dag',
        'Eva',
        'Fia',
        'Gry',
        'Hal',
        'Ivy',
        'Jon',
        'Kim',
      ]);
      expect(await names('custom.interests[hasAny]=wine,sailing')).toEqual(['Ada', 'Ben', 'Dag']);
      expect(await names('custom.interests[hasAll]=golf,wine')).toEqual(['Ada']);
      expect(await names('custom.interests[isEmpty]=true')).toEqual([
        'Cai',
        'Eva',
        'Fia',
        'Gry',
        'Hal',
        'Ivy',
        'Jon',
        'Kim',
      ]);
      expect(await names('custom.nickname=Bo')).toEqual(['Ada']);
      expect(await names('custom.nickname[startsWith]=bo')).toEqual(['Ada', 'Cai']);
      expect(await names('custom.nickname[isEmpty]=true')).toHaveLength(8);
    });

    it('refuses unknown custom keys, operators that do not fit and bad values with a query path', async () => {
      for (const q of [
        'custom.nope=1',
        'custom.budget=lots',
        'custom.budget[contains]=1',
        'custom.tier=platinum',
        'custom.interests=golf',
        'custom.renewal[gt]=soon',
        'sort=custom.interests',
        'sort=custom.notes',
        'sort=custom.nope',
      ]) {
        const res = await app().inject({ url: `/api/v1/contacts?${q}`, headers: agent.auth });
        expect(res.statusCode, q).toBe(400);
        expect(errorPaths(res)[0], q).toMatch(/^query\.(filter\.)?(custom\.|sort)/);
      }
    });

    const byValue = (key: string, desc: boolean) => {
      const val = (r: (typeof rows)[number]) => {
        const v = r.custom[key] as number | { amount: number } | undefined;
        return v === undefined ? null : typeof v === 'object' ? v.amount : v;
      };
      return [...rows].sort((a, b) => {
        const va = val(a);
        const vb = val(b);
        if (va === null || vb === null)
          return va === vb ? (a.id < b.id ? (desc ? 1 : -1) : desc ? -1 : 1) : va === null ? 1 : -1;
        if (va !== vb) return desc ? vb - va : va - vb;
        return a.id < b.id ? (desc ? 1 : -1) : desc ? -1 : 1;
      });
    };

    for (const [sort, key, desc] of [
      ['custom.budget', 'budget', false],
      ['-custom.budget', 'budget', true],
      ['custom.arr', 'arr', false],
      ['-custom.arr', 'arr', true],
    ] as const) {
      for (const limit of [1, 2, 3, 4]) {
        it(`pages through sort=${sort} ${limit} at a time: every row once, NULLs last, in order`, async () => {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page = await listContacts(
              `tags[hasAny]=${t}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            );
            seen.push(...page.data.map((c) => c.id));
            cursor = page.nextCursor;
            expect(++pages).toBeLessThanOrEqual(rows.length + 1);
          } while (cursor);
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(byValue(key, desc).map((r) => r.id));
        });
      }
    }

    it('pages over a custom sort combined with a standard one', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listContacts(
          `tags[hasAny]=${t}&sort=-custom.tier,firstName&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.data.map((c) => c.firstName));
        cursor = page.nextCursor;
      } while (cursor);
      // jsonb strings sort by their text: silver > gold; contacts without a tier come last, by first name.
      expect(seen).toEqual(['Ben', 'Ada', 'Cai', 'Dag', 'Eva', 'Fia', 'Gry', 'Hal', 'Ivy', 'Jon', 'Kim']);
    });

    it('refuses a cursor made for another sort order', async () => {
      const page = await listContacts(`tags[hasAny]=${t}&sort=custom.budget&limit=2`);
      const res = await app().inject({
        url: `/api/v1/contacts?tags[hasAny]=${t}&sort=-custom.budget&limit=2&cursor=${page.nextCursor}`,
        headers: agent.auth,
      });
      expectProblem(res, 400, 'invalid_query');
      expect(errorPaths(res)).toEqual(['query.cursor']);
    });
  });

  describe('deleting a definition', () => {
    it('hides the stored values, refuses them in filters and writes, and does not resurrect them under a new definition', async () => {
      const key = `temp_${tag()}`;
      const f = await defineOk({ entity: 'contact', key, type: 'text', labels: { en: 'Temp' } });
      const c = await contactOk({ firstName: 'Temp', custom: { [key]: 'secret value', budget: 3 } });
      expect(
        (await app().inject({ method: 'DELETE', url: `/api/v1/custom-fields/${f.id}`, headers: admin.auth }))
          .statusCode,
      ).toBe(204);
      expectProblem(
        await app().inject({ method: 'DELETE', url: `/api/v1/custom-fields/${f.id}`, headers: admin.auth }),
        404,
      );

      const back = (await app().inject({ url: `/api/v1/contacts/${c.id}`, headers: agent.auth })).json();
      expect(back.custom).toEqual({ budget: 3 });
      const listed = (await listContacts('firstName=Temp')).data.find((x) => x.id === c.id)!;
      expect(listed.custom).toEqual({ budget: 3 });
      expect(
        (await app().inject({ url: `/api/v1/contacts?custom.${key}=secret%20value`, headers: agent.auth }))
          .statusCode,
      ).toBe(400);
      expect(errorPaths(await patchContact(c.id, { custom: { [key]: 'again' } }))).toEqual([`custom.${key}`]);

      // A new field with the same key starts empty: the old text must not turn up as a value of another type.
      await defineOk({ entity: 'contact', key, type: 'integer', labels: { en: 'Temp again' } });
      expect(
        (await app().inject({ url: `/api/v1/contacts/${c.id}`, headers: agent.auth })).json().custom,
      ).toEqual({ budget: 3 });
      expect(
        (await listContacts(`custom.${key}[isEmpty]=true&firstName=Temp`)).data.map((x) => x.id),
      ).toContain(c.id);
      const sorted = await app().inject({
        url: `/api/v1/contacts?sort=custom.${key}&firstName=Temp`,
        headers: agent.auth,
      });
      expect(sorted.statusCode).toBe(200);
    });
  });
});
