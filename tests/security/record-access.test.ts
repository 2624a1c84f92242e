import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/shared/common.ts';
import { makeUser, type TestUser, useApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { expectProblem, tableCounts } from '../helpers/http.ts';

/**
 * Role × record ownership × operation. Everyone signed in may read; admins change everything; agents and
 * managers change their own records, their teammates' and unowned ones; viewers change nothing.
 */
describeEachDb('record access matrix', (getDb) => {
  const app = useApp(getDb);
  const actors = {} as Record<'admin' | 'manager' | 'agent' | 'viewer', TestUser>;
  let teammate: TestUser;
  let outsider: TestUser;
  let customerId: string;

  beforeAll(async () => {
    actors.admin = await makeUser(getDb(), 'admin');
    const team = await app().inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: actors.admin.auth,
      payload: { name: 'Matrix team' },
    });
    const teamIds = [team.json().id as string];
    actors.manager = await makeUser(getDb(), 'manager', { teamIds });
    actors.agent = await makeUser(getDb(), 'agent', { teamIds });
    actors.viewer = await makeUser(getDb(), 'viewer', { teamIds });
    teammate = await makeUser(getDb(), 'agent', { teamIds });
    outsider = await makeUser(getDb(), 'agent');
    customerId = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: actors.admin.auth,
        payload: { firstName: 'Matrix', lastName: 'Customer' },
      })
    ).json().id;
  });

  type Ownership = 'own' | 'teammate' | 'outsider' | 'unowned';
  const ownerFor = (actor: TestUser, o: Ownership) =>
    o === 'own' ? actor.id : o === 'teammate' ? teammate.id : o === 'outsider' ? outsider.id : null;
  const mayChange = (role: Role, o: Ownership) => role === 'admin' || (role !== 'viewer' && o !== 'outsider');

  // An interaction belongs to its user (`userId`) the way a contact belongs to its owner.
  const entities = [
    {
      path: 'contacts',
      owner: 'ownerId',
      body: () => ({ firstName: 'Matrix' }),
      patch: { jobTitle: 'Changed' },
    },
    {
      path: 'companies',
      owner: 'ownerId',
      body: () => ({ name: 'Matrix A/S' }),
      patch: { industry: 'Changed' },
    },
    {
      path: 'interactions',
      owner: 'userId',
      body: () => ({ channel: 'phone', contactId: customerId }),
      patch: { outcome: 'Changed' },
    },
  ];

  for (const e of entities) {
    for (const role of ['admin', 'manager', 'agent', 'viewer'] as const) {
      it(`lets a ${role} change exactly the ${e.path} the rules allow, leaving the others untouched`, async () => {
        const actor = actors[role];
        const admin = actors.admin.auth;
        const create = async (o: Ownership) => {
          const res = await app().inject({
            method: 'POST',
            url: `/api/v1/${e.path}`,
            headers: admin,
            payload: { ...e.body(), [e.owner]: ownerFor(actor, o) },
          });
          expect(res.statusCode, res.body).toBe(201);
          return res.json() as { id: string; version: number };
        };
        const get = async (id: string) =>
          (await app().inject({ url: `/api/v1/${e.path}/${id}?includeDeleted=true`, headers: admin })).json();
        for (const o of ['own', 'teammate', 'outsider', 'unowned'] as Ownership[]) {
          const allowed = mayChange(role, o);
          const label = `${role} ${o} ${e.path}`;
          const r = await create(o);

          const patch = await app().inject({
            method: 'PATCH',
            url: `/api/v1/${e.path}/${r.id}`,
            headers: actor.auth,
            payload: e.patch,
          });
          expect(patch.statusCode, `PATCH ${label}`).toBe(allowed ? 200 : 403);
          const del = await app().inject({
            method: 'DELETE',
            url: `/api/v1/${e.path}/${r.id}`,
            headers: actor.auth,
          });
          expect(del.statusCode, `DELETE ${label}`).toBe(allowed ? 204 : 403);
          if (!allowed) {
            expect(await get(r.id), label).toMatchObject({ version: r.version, deletedAt: null });
            expect(
              (await app().inject({ method: 'DELETE', url: `/api/v1/${e.path}/${r.id}`, headers: admin }))
                .statusCode,
            ).toBe(204);
          }
          // The record is in the recycle bin now: nobody can change it there, whatever they may do to live ones.
          if (role !== 'viewer' && o === 'own') {
            const binned = await app().inject({
              method: 'PATCH',
              url: `/api/v1/${e.path}/${r.id}`,
              headers: actor.auth,
              payload: e.patch,
            });
            expect(binned.statusCode, `PATCH binned ${label}`).toBe(404);
          }
          const restore = await app().inject({
            method: 'POST',
            url: `/api/v1/${e.path}/${r.id}/restore`,
            headers: actor.auth,
          });
          expect(restore.statusCode, `restore ${label}`).toBe(allowed ? 200 : 403);
          if (!allowed) expect((await get(r.id)).deletedAt, label).not.toBeNull();
        }
      });
    }
  }

  it('refuses to hand a record to someone outside the team, before writing anything', async () => {
    const mine = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: actors.agent.auth,
        payload: { firstName: 'Keep' },
      })
    ).json();
    const move = await app().inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${mine.id}`,
      headers: actors.agent.auth,
      payload: { ownerId: outsider.id },
    });
    expectProblem(move, 403, 'invalid_owner');
    const after = (
      await app().inject({ url: `/api/v1/contacts/${mine.id}`, headers: actors.agent.auth })
    ).json();
    expect(after).toMatchObject({ ownerId: actors.agent.id, version: mine.version });

    const before = await tableCounts(getDb());
    const create = await app().inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: actors.agent.auth,
      payload: { firstName: 'Planted', ownerId: outsider.id },
    });
    expectProblem(create, 403, 'invalid_owner');
    const companyCreate = await app().inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: actors.agent.auth,
      payload: { name: 'Planted', ownerId: outsider.id },
    });
    expectProblem(companyCreate, 403, 'invalid_owner');
    expect(await tableCounts(getDb())).toEqual(before);
  });

  it('refuses an erase by a non-admin and keeps the record', async () => {
    const mine = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: actors.manager.auth,
        payload: { name: 'Erase me not' },
      })
    ).json();
    for (const who of [actors.manager, actors.agent, actors.viewer]) {
      expectProblem(
        await app().inject({
          method: 'POST',
          url: `/api/v1/companies/${mine.id}/erase`,
          headers: who.auth,
          payload: { reason: 'GDPR request' },
        }),
        403,
        'forbidden',
      );
    }
    expect(
      (await app().inject({ url: `/api/v1/companies/${mine.id}`, headers: actors.viewer.auth })).statusCode,
    ).toBe(200);
  });
});

/** Mass assignment: input schemas list writable fields only; anything else is refused by name, nothing is written. */
describeEachDb('mass assignment', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
  });

  const protectedKeys = [
    'id',
    'version',
    'createdById',
    'createdAt',
    'updatedAt',
    'deletedAt',
    'deletedById',
    'searchText',
    'searchVector',
    'emailKeys',
    'role',
    'passwordHash',
    '__proto__',
    'constructor',
  ];
  const randomKey = () => `x${Math.random().toString(36).slice(2, 10)}`;

  it('refuses unknown and protected keys on every create and change of a record, naming the key', async () => {
    const contact = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: agent.auth,
        payload: { firstName: 'Mass' },
      })
    ).json();
    const company = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: agent.auth,
        payload: { name: 'Mass ApS' },
      })
    ).json();
    const interaction = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/interactions',
        headers: agent.auth,
        payload: { channel: 'phone', contactId: contact.id },
      })
    ).json();
    const targets = [
      {
        method: 'POST' as const,
        url: '/api/v1/interactions',
        base: { channel: 'phone', contactId: contact.id },
      },
      { method: 'PATCH' as const, url: `/api/v1/interactions/${interaction.id}`, base: { outcome: 'Mass' } },
      { method: 'POST' as const, url: '/api/v1/contacts', base: { firstName: 'Mass' } },
      { method: 'PATCH' as const, url: `/api/v1/contacts/${contact.id}`, base: { firstName: 'Mass' } },
      { method: 'POST' as const, url: '/api/v1/companies', base: { name: 'Mass' } },
      { method: 'PATCH' as const, url: `/api/v1/companies/${company.id}`, base: { name: 'Mass' } },
    ];
    const before = await tableCounts(getDb());
    for (const t of targets) {
      for (const key of [...protectedKeys, ...Array.from({ length: 4 }, randomKey)]) {
        // JSON text so that `__proto__` is sent as an own key, as an attacker would.
        const payload = `{${JSON.stringify(key)}:${JSON.stringify(key === 'id' ? crypto.randomUUID() : 'x')},${JSON.stringify(t.base).slice(1)}`;
        const res = await app().inject({
          method: t.method,
          url: t.url,
          headers: { ...agent.auth, 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode, `${t.method} ${t.url} ${key}: ${res.body}`).toBe(400);
        if (key !== '__proto__')
          expect(
            res.json().errors.map((e: { path: string }) => e.path),
            key,
          ).toContain(key);
      }
    }
    expect(await tableCounts(getDb())).toEqual(before);
  });

  it('does not let users raise their own role or set secrets through their profile', async () => {
    const me = { ...agent.auth };
    for (const payload of [
      { role: 'admin' },
      { active: true, role: 'admin' },
      { passwordHash: 'x' },
      { email: 'new@example.test' },
      { teamIds: [] },
    ]) {
      const res = await app().inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: me, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const self = (await app().inject({ url: `/api/v1/users/${agent.id}`, headers: me })).json();
    expect(self.role).toBe('agent');
    for (const payload of [
      { passwordHash: 'x' },
      { email: 'x@example.test' },
      { failedLogins: 0 },
      { lockedUntil: null },
    ]) {
      const res = await app().inject({
        method: 'PATCH',
        url: `/api/v1/users/${agent.id}`,
        headers: admin.auth,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});
