import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import type { MergeDto } from '../../../shared/merge.ts';
import { queryRows, referencesTo } from './merge.references.ts';

/** The kinds of record that point to a contact today; each test merge creates one of every kind. */
const CONTACT_KINDS = [
  'consents.contact_id',
  'contact_journeys.contact_id',
  'deals.contact_id',
  'event_attendees.contact_id',
  'events.contact_id',
  'interactions.contact_id',
  'invoices.contact_id',
  'lead_profiles.contact_id',
  'notes.contact_id',
  'orders.contact_id',
  'outbound_mails.contact_id',
  'quotes.contact_id',
  'tasks.contact_id',
];

describeEachDb('merging contacts and companies', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let stranger: TestUser;
  const db = () => getDb().db;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
    stranger = await makeUser(getDb(), 'agent');
  });

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async <T = Record<string, unknown>>(
    res: Promise<{ statusCode: number; body: string; json: () => unknown }>,
    status = 200,
  ) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as T;
  };
  const contact = (body: object, user = agent) =>
    ok<{ id: string; version: number }>(req(user, 'POST', '/contacts?allowDuplicate=true', body), 201);

  /** Every row of every table that points to one of these records, by table and column, as JSON. */
  const snapshot = async (target: 'contacts' | 'companies', ids: string[]) => {
    const out: Record<string, unknown[]> = {};
    for (const ref of await referencesTo(db(), target)) {
      const rows = await queryRows<{ row: unknown }>(
        db(),
        sql`select to_jsonb(t) as row from ${sql.identifier(ref.table)} t
            where t.${sql.identifier(ref.column)} = any(${sql.param(ids)}::uuid[]) order by to_jsonb(t)::text`,
      );
      out[`${ref.table}.${ref.column}`] = rows.map((r) => r.row);
    }
    return out;
  };
  const pointingTo = async (target: 'contacts' | 'companies', id: string) => {
    const out: Record<string, number> = {};
    for (const ref of await referencesTo(db(), target)) {
      const [r] = await queryRows<{ n: string }>(
        db(),
        sql`select count(*) as n from ${sql.identifier(ref.table)} where ${sql.identifier(ref.column)} = ${id}::uuid`,
      );
      if (Number(r?.n)) out[`${ref.table}.${ref.column}`] = Number(r?.n);
    }
    return out;
  };
  const fields = async (table: 'contacts' | 'companies', id: string) => {
    const [r] = await queryRows<{ row: Record<string, unknown> }>(
      db(),
      sql`select to_jsonb(t) - 'version' - 'updated_at' - 'touch_due_at' as row from ${sql.identifier(table)} t where id = ${id}::uuid`,
    );
    return r?.row;
  };

  /** One related record of every kind for `id`, and a few that collide with the survivor's. */
  async function relateEverything(id: string, survivorId: string) {
    const body = { contactId: id };
    await ok(req(agent, 'POST', '/interactions', { channel: 'phone', touchpoint: 'sales', ...body }), 201);
    await ok(req(agent, 'POST', '/notes', { ...body, body: '<p>Met at the fair</p>' }), 201);
    await ok(req(agent, 'POST', '/tasks', { title: 'Call back', ...body }), 201);
    const at = (h: number) => new Date(Date.UTC(2030, 0, 7, h)).toISOString();
    await ok(
      req(agent, 'POST', '/events', {
        title: 'Demo',
        startsAt: at(9),
        endsAt: at(10),
        ...body,
        attendees: [{ contactId: id }, { contactId: survivorId }],
      }),
      201,
    );
    await ok(req(agent, 'POST', '/deals', { title: 'Bikes', currency: 'EUR', ...body }), 201);
    const line = { description: 'Cargo bike', quantity: '1', unitPrice: 100_000, taxRate: '25' };
    await ok(req(agent, 'POST', '/quotes', { ...body, currency: 'EUR', lines: [line] }), 201);
    await ok(
      req(agent, 'POST', '/orders', { ...body, channel: 'phone', currency: 'EUR', lines: [line] }),
      201,
    );
    await ok(req(agent, 'POST', '/invoices', { ...body, currency: 'EUR', lines: [line] }), 201);
    await db().execute(sql`insert into consents (contact_id, text, language, requested_at, token_hash)
      values (${id}, 'Yes, send me news', 'en', now(), ${`hash-${id}`})`);
    await db().execute(sql`insert into lead_profiles (contact_id, campaign) values (${id}, 'spring')`);
    for (const c of [id, survivorId])
      await db().execute(sql`insert into contact_journeys (contact_id, started_at, nodes, ended_at)
        values (${c}, now(), '{sales}', now()) on conflict do nothing`);
    await db().execute(sql`insert into outbound_mails (to_addresses, subject, text, contact_id)
      values ('{a@b.test}', 'Your quote', 'Hello', ${id})`);
  }

  it('moves every related record to the survivor, bins the other, and undo puts back every row exactly', async () => {
    const survivor = await contact({
      firstName: 'Anne',
      lastName: 'Jensen',
      emails: [{ address: 'anne@jensen.test' }],
      phones: [{ number: '+45 12 34 56 78' }],
      tags: ['vip'],
    });
    const loser = await contact({
      firstName: 'Anna',
      lastName: 'Jensen',
      jobTitle: 'Buyer',
      emails: [{ address: 'ANNE@jensen.test' }, { address: 'anna@private.test', label: 'home' }],
      phones: [{ number: '12345678' }],
      tags: ['VIP', 'fair-2026'],
    });
    await relateEverything(loser.id, survivor.id);
    const refs = (await referencesTo(db(), 'contacts')).map((r) => `${r.table}.${r.column}`);
    for (const kind of CONTACT_KINDS) expect(refs).toContain(kind);
    expect(Object.keys(await pointingTo('contacts', loser.id)).sort()).toEqual(
      expect.arrayContaining(CONTACT_KINDS),
    );
    const before = await snapshot('contacts', [survivor.id, loser.id]);
    const survivorBefore = await fields('contacts', survivor.id);
    const loserBefore = await fields('contacts', loser.id);

    const preview = await ok<{ related: { table: string; count: number }[] }>(
      req(agent, 'GET', `/contacts/${survivor.id}/merge-preview?otherId=${loser.id}`),
    );
    expect(preview.related.find((r) => r.table === 'interactions')?.count).toBe(1);

    const merge = await ok<MergeDto>(
      req(
        agent,
        'POST',
        `/contacts/${survivor.id}/merge`,
        { otherId: loser.id, fields: { firstName: 'other' } },
        { 'if-match': `"${survivor.version}"` },
      ),
    );
    expect(await pointingTo('contacts', loser.id)).toEqual({});
    const merged = await ok<Record<string, unknown>>(req(agent, 'GET', `/contacts/${survivor.id}`));
    expect(merged).toMatchObject({
      firstName: 'Anna',
      lastName: 'Jensen',
      jobTitle: 'Buyer', // empty on the survivor: filled from the other
      tags: ['vip', 'fair-2026'],
      version: survivor.version + 1,
    });
    expect((merged.emails as { address: string }[]).map((e) => e.address)).toEqual([
      'anne@jensen.test',
      'anna@private.test',
    ]);
    expect(merged.phones).toEqual([{ number: '+45 12 34 56 78', label: 'work' }]);
    const binned = await ok<{ deletedAt: string | null }>(
      req(agent, 'GET', `/contacts/${loser.id}?includeDeleted=true`),
    );
    expect(binned.deletedAt).not.toBeNull();
    expect(merge.moved.find((m) => m.table === 'deals')?.count).toBe(1);
    const history = await ok<{ data: { changes: { field: string; new: unknown }[] }[] }>(
      req(agent, 'GET', `/contacts/${survivor.id}/history`),
    );
    expect(history.data[0]!.changes[0]).toEqual({ field: 'mergedFrom', old: null, new: 'Anna Jensen' });
    const listed = await ok<{ data: MergeDto[] }>(req(agent, 'GET', `/merges?recordId=${loser.id}`));
    expect(listed.data.map((m) => m.id)).toEqual([merge.id]);

    const undone = await ok<MergeDto>(req(agent, 'POST', `/merges/${merge.id}/undo`));
    expect(undone.undoneAt).not.toBeNull();
    expect(await snapshot('contacts', [survivor.id, loser.id])).toEqual(before);
    expect(await fields('contacts', survivor.id)).toEqual(survivorBefore);
    expect({ ...(await fields('contacts', loser.id)) }).toEqual(loserBefore);
    await ok(req(agent, 'POST', `/merges/${merge.id}/undo`), 409);
  });

  it('applies field choices, custom fields too, and refuses unknown fields', async () => {
    await ok(
      req(admin, 'POST', '/custom-fields', {
        entity: 'contact',
        key: 'shoe_size',
        type: 'integer',
        labels: { en: 'Shoe size' },
      }),
      201,
    );
    const a = await contact({
      firstName: 'Lars',
      lastName: 'Møller',
      jobTitle: 'CEO',
      custom: { shoe_size: 44 },
    });
    const b = await contact({
      firstName: 'Lars',
      lastName: 'Moller',
      jobTitle: 'Owner',
      custom: { shoe_size: 45 },
    });
    const bad = await req(agent, 'POST', `/contacts/${a.id}/merge`, {
      otherId: b.id,
      fields: { jobTitle: 'union', 'custom.nope': 'other', password: 'other' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['fields.custom.nope', 'fields.jobTitle', 'fields.password']);
    await ok(
      req(agent, 'POST', `/contacts/${a.id}/merge`, {
        otherId: b.id,
        fields: { lastName: 'other', jobTitle: 'this', 'custom.shoe_size': 'other', tags: 'this' },
      }),
    );
    const merged = await ok<Record<string, unknown>>(req(agent, 'GET', `/contacts/${a.id}`));
    expect(merged).toMatchObject({ lastName: 'Moller', jobTitle: 'CEO', custom: { shoe_size: 45 } });
  });

  it('answers 412 on a stale If-Match and changes nothing', async () => {
    const a = await contact({ firstName: 'Eva', lastName: 'Holm' });
    const b = await contact({ firstName: 'Eva', lastName: 'Holm' });
    const res = await req(
      agent,
      'POST',
      `/contacts/${a.id}/merge`,
      { otherId: b.id },
      { 'if-match': `"${a.version + 1}"` },
    );
    expect(res.statusCode).toBe(412);
    expect((await fields('contacts', b.id))?.deleted_at).toBeNull();
  });

  it('refuses a merge of records the caller may not change (403), and a viewer, leaving both untouched', async () => {
    const a = await contact({ firstName: 'Ida', lastName: 'Berg', emails: [{ address: 'ida@berg.test' }] });
    const b = await contact({ firstName: 'Ida', lastName: 'Berg' });
    const mine = await contact({ firstName: 'Ida', lastName: 'Berg' }, stranger);
    await relateEverything(b.id, a.id);
    const before = await snapshot('contacts', [a.id, b.id, mine.id]);
    expect((await req(stranger, 'POST', `/contacts/${mine.id}/merge`, { otherId: b.id })).statusCode).toBe(
      403,
    );
    expect((await req(stranger, 'POST', `/contacts/${a.id}/merge`, { otherId: mine.id })).statusCode).toBe(
      403,
    );
    const viewer = await makeUser(getDb(), 'viewer');
    expect((await req(viewer, 'POST', `/contacts/${a.id}/merge`, { otherId: b.id })).statusCode).toBe(403);
    expect(
      (await req(agent, 'POST', `/contacts/${a.id}/merge`, { otherId: crypto.randomUUID() })).statusCode,
    ).toBe(404);
    expect(await snapshot('contacts', [a.id, b.id, mine.id])).toEqual(before);
    expect((await fields('contacts', b.id))?.deleted_at).toBeNull();
    expect((await fields('contacts', mine.id))?.deleted_at).toBeNull();
  });

  it('answers 404 for unknown records and merges, and 422 for a merge with itself', async () => {
    const a = await contact({ firstName: 'Pia', lastName: 'Kjær' });
    const nobody = crypto.randomUUID();
    expect((await req(agent, 'GET', `/contacts/${nobody}/merge-preview`)).statusCode).toBe(404);
    expect((await req(agent, 'GET', `/contacts/${a.id}/merge-preview`)).statusCode).toBe(422);
    expect((await req(agent, 'GET', `/companies/${a.id}/merge-preview?otherId=${nobody}`)).statusCode).toBe(
      404,
    );
    expect((await req(agent, 'POST', `/companies/${nobody}/merge`, { otherId: a.id })).statusCode).toBe(404);
    expect((await req(agent, 'POST', `/merges/${nobody}/undo`)).statusCode).toBe(404);
    expect((await req(agent, 'POST', `/contacts/${a.id}/merge`, { otherId: a.id })).statusCode).toBe(422);
  });

  it('refuses to undo when the survivor changed since the merge', async () => {
    const a = await contact({ firstName: 'Ole', lastName: 'Dahl' });
    const b = await contact({ firstName: 'Ole', lastName: 'Dahl', jobTitle: 'Chef' });
    const m = await ok<MergeDto>(req(agent, 'POST', `/contacts/${a.id}/merge`, { otherId: b.id }));
    await ok(
      req(
        agent,
        'PATCH',
        `/contacts/${a.id}`,
        { jobTitle: 'Head chef' },
        { 'if-match': `"${m.survivorVersion}"` },
      ),
    );
    const res = await req(agent, 'POST', `/merges/${m.id}/undo`);
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toContain('changed_since_merge');
    expect((await fields('contacts', b.id))?.deleted_at).not.toBeNull();
  });

  it('merges a whole cluster in one transaction: values from any record, every row moved, undone as one', async () => {
    const keep = await contact({
      firstName: 'Bo',
      lastName: 'Winther',
      emails: [{ address: 'bo@winther.test' }],
      tags: ['fair'],
    });
    const b = await contact({
      firstName: 'Bo',
      lastName: 'Vinther',
      jobTitle: 'Buyer',
      emails: [{ address: 'BO@winther.test' }],
      phones: [{ number: '+45 20 30 40 50' }],
    });
    const c = await contact({
      firstName: 'Bodil',
      lastName: 'Winther',
      jobTitle: 'Head buyer',
      phones: [{ number: '20304050' }],
      tags: ['vip'],
    });
    await relateEverything(b.id, keep.id);
    await relateEverything(c.id, keep.id); // the same event attended by both: one attendance set aside
    const before = await snapshot('contacts', [keep.id, b.id, c.id]);
    const fieldsBefore = await Promise.all([keep, b, c].map((x) => fields('contacts', x.id)));

    const preview = await ok<{ others: { id: string }[]; related: { table: string; count: number }[] }>(
      req(agent, 'GET', `/contacts/${keep.id}/merge-preview?otherIds=${b.id},${c.id}`),
    );
    expect(preview.others.map((o) => o.id)).toEqual([b.id, c.id]);
    expect(preview.related.find((r) => r.table === 'interactions')?.count).toBe(2);

    const bad = await req(agent, 'POST', `/contacts/${keep.id}/merge`, {
      otherIds: [b.id, c.id],
      fields: { jobTitle: 'other', lastName: crypto.randomUUID() },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['fields.jobTitle', 'fields.lastName']);
    const both = await req(agent, 'POST', `/contacts/${keep.id}/merge`, { otherId: b.id, otherIds: [c.id] });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0].path).toBe('otherIds');
    const stale = await req(
      agent,
      'POST',
      `/contacts/${keep.id}/merge`,
      { otherIds: [b.id, c.id] },
      { 'if-match': `"${keep.version + 1}"` },
    );
    expect(stale.statusCode).toBe(412);
    const notMine = await contact({ firstName: 'Bo', lastName: 'Winther' }, stranger);
    const refused = await req(agent, 'POST', `/contacts/${keep.id}/merge`, { otherIds: [b.id, notMine.id] });
    expect(refused.statusCode).toBe(403);
    expect(await snapshot('contacts', [keep.id, b.id, c.id])).toEqual(before);

    const m = await ok<MergeDto>(
      req(
        agent,
        'POST',
        `/contacts/${keep.id}/merge`,
        { otherIds: [b.id, c.id], fields: { firstName: c.id, jobTitle: c.id, lastName: 'this' } },
        { 'if-match': `"${keep.version}"` },
      ),
    );
    expect(m.losers.map((l) => l.id)).toEqual([b.id, c.id]);
    expect(m.moved.find((x) => x.table === 'interactions')?.count).toBe(2);
    expect(await pointingTo('contacts', b.id)).toEqual({});
    expect(await pointingTo('contacts', c.id)).toEqual({});
    const merged = await ok<Record<string, unknown>>(req(agent, 'GET', `/contacts/${keep.id}`));
    expect(merged).toMatchObject({
      firstName: 'Bodil',
      lastName: 'Winther',
      jobTitle: 'Head buyer',
      tags: ['fair', 'vip'],
      phones: [{ number: '+45 20 30 40 50', label: 'work' }],
      version: keep.version + 1,
    });
    expect((merged.emails as unknown[]).length).toBe(1);
    for (const x of [b, c]) expect((await fields('contacts', x.id))?.deleted_at).not.toBeNull();
    const history = await ok<{ data: { changes: { field: string; new: unknown }[] }[] }>(
      req(agent, 'GET', `/contacts/${keep.id}/history`),
    );
    expect(history.data[0]!.changes[0]).toEqual({
      field: 'mergedFrom',
      old: null,
      new: 'Bo Vinther, Bodil Winther',
    });
    // Listed once, found from any of its records.
    const listed = await ok<{ data: MergeDto[] }>(req(agent, 'GET', `/merges?recordId=${c.id}`));
    expect(listed.data.map((x) => x.id)).toEqual([m.id]);
    expect(listed.data[0]!.losers).toHaveLength(2);

    await ok(req(agent, 'POST', `/merges/${m.id}/undo`));
    expect(await snapshot('contacts', [keep.id, b.id, c.id])).toEqual(before);
    expect(await Promise.all([keep, b, c].map((x) => fields('contacts', x.id)))).toEqual(fieldsBefore);
    await ok(req(agent, 'POST', `/merges/${m.id}/undo`), 409);
  });

  it('refuses to undo a cluster merge when one of the merged records was restored since', async () => {
    const a = await contact({ firstName: 'Kim', lastName: 'Ravn' });
    const b = await contact({ firstName: 'Kim', lastName: 'Ravn' });
    const c = await contact({ firstName: 'Kim', lastName: 'Ravn' });
    const m = await ok<MergeDto>(req(agent, 'POST', `/contacts/${a.id}/merge`, { otherIds: [b.id, c.id] }));
    await ok(req(agent, 'POST', `/contacts/${c.id}/restore`));
    const res = await req(agent, 'POST', `/merges/${m.id}/undo`);
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toContain('changed_since_merge');
    expect((await fields('contacts', b.id))?.deleted_at).not.toBeNull();
  });

  it('merges companies: contacts, deals and notes move, and undo moves them back', async () => {
    const a = await ok<{ id: string; version: number }>(
      req(agent, 'POST', '/companies', { name: 'Nordlys Cykler ApS', domain: 'nordlys.test' }),
      201,
    );
    const b = await ok<{ id: string }>(
      req(agent, 'POST', '/companies', { name: 'Nordlys Cykler', website: 'https://www.nordlys.test/' }),
      201,
    );
    const person = await contact({ firstName: 'Mads', lastName: 'Lund', companyId: b.id });
    await ok(req(agent, 'POST', '/deals', { title: 'Fleet', currency: 'EUR', companyId: b.id }), 201);
    await ok(req(agent, 'POST', '/notes', { companyId: b.id, body: '<p>Fleet of 40</p>' }), 201);
    const before = await snapshot('companies', [a.id, b.id]);
    const m = await ok<MergeDto>(
      req(agent, 'POST', `/companies/${a.id}/merge`, { otherId: b.id, fields: { website: 'other' } }),
    );
    expect(await pointingTo('companies', b.id)).toEqual({});
    expect((await ok<{ companyId: string }>(req(agent, 'GET', `/contacts/${person.id}`))).companyId).toBe(
      a.id,
    );
    expect((await ok<{ website: string }>(req(agent, 'GET', `/companies/${a.id}`))).website).toBe(
      'https://www.nordlys.test/',
    );
    await ok(req(agent, 'POST', `/merges/${m.id}/undo`));
    expect(await snapshot('companies', [a.id, b.id])).toEqual(before);
    expect((await ok<{ companyId: string }>(req(agent, 'GET', `/contacts/${person.id}`))).companyId).toBe(
      b.id,
    );
  });
});
