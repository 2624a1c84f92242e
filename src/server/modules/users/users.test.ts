import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { errorPaths, expectProblem, PASSWORD, randomUuid } from '../../../../tests/helpers/http.ts';

let seq = 0;
const uniqueEmail = (stem = 'user') =>
  `${stem}${++seq}-${Math.random().toString(36).slice(2, 7)}@example.test`;

describeEachDb('users, teams and API keys', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent');
  });

  const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app().inject({ method, url, headers: admin.auth, payload });
  const userEmails = async () =>
    (await asAdmin('GET', '/api/v1/users')).json().data.map((u: { email: string }) => u.email.toLowerCase());

  describe('users', () => {
    it('creates a user who can then log in, with defaults filled in', async () => {
      const email = uniqueEmail();
      const res = await asAdmin('POST', '/api/v1/users', { email, password: PASSWORD, role: 'manager' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        email,
        role: 'manager',
        language: 'en',
        active: true,
        teamIds: [],
        name: '',
        lockedUntil: null,
        lastLoginAt: null,
      });
      const login = await app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
        remoteAddress: '10.9.0.1',
      });
      expect(login.statusCode).toBe(200);
    });

    it('answers 409 on path email for an e-mail already in use, in any case', async () => {
      const email = uniqueEmail('dup');
      expect(
        (await asAdmin('POST', '/api/v1/users', { email, password: PASSWORD, role: 'agent' })).statusCode,
      ).toBe(201);
      for (const again of [email, email.toUpperCase(), `  ${email}  `]) {
        const res = await asAdmin('POST', '/api/v1/users', {
          email: again,
          password: PASSWORD,
          role: 'viewer',
        });
        const body = expectProblem(res, 409, 'email_taken');
        expect(body.errors?.map((e) => e.path)).toEqual(['email']);
      }
      expect((await userEmails()).filter((e: string) => e === email)).toHaveLength(1);
    });

    it('creates one user when the same e-mail is sent twice at once', async () => {
      const email = uniqueEmail('race');
      const both = await Promise.all(
        [email, email.toUpperCase()].map((e) =>
          asAdmin('POST', '/api/v1/users', { email: e, password: PASSWORD, role: 'agent' }),
        ),
      );
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect((await userEmails()).filter((e: string) => e === email)).toHaveLength(1);
    });

    it('answers 422 on path teamIds for an unknown team and creates nobody', async () => {
      const email = uniqueEmail('noteam');
      const res = await asAdmin('POST', '/api/v1/users', {
        email,
        password: PASSWORD,
        role: 'agent',
        teamIds: [randomUuid()],
      });
      const body = expectProblem(res, 422, 'team_not_found');
      expect(body.errors?.map((e) => e.path)).toEqual(['teamIds']);
      expect(await userEmails()).not.toContain(email);
    });

    it('refuses bad input with a field path for each problem', async () => {
      const cases: [object, string][] = [
        [{ email: 'not-an-email', password: PASSWORD, role: 'agent' }, 'email'],
        [{ email: uniqueEmail(), password: 'short', role: 'agent' }, 'password'],
        [{ email: uniqueEmail(), password: PASSWORD, role: 'superuser' }, 'role'],
        [{ email: uniqueEmail(), password: PASSWORD, role: 'agent', language: 'xx' }, 'language'],
        [{ email: uniqueEmail(), password: PASSWORD, role: 'agent', teamIds: ['not-a-uuid'] }, 'teamIds.0'],
        [
          { email: uniqueEmail(), password: PASSWORD, role: 'agent', passwordHash: '$argon2id$' },
          'passwordHash',
        ],
        [{ email: uniqueEmail(), role: 'agent' }, 'password'],
        [{ email: uniqueEmail(), password: 'x'.repeat(201), role: 'agent' }, 'password'],
      ];
      for (const [payload, path] of cases) {
        const res = await asAdmin('POST', '/api/v1/users', payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(errorPaths(res), JSON.stringify(payload)).toContain(path);
      }
    });

    it('changes name, role, language and teams, and rolls everything back when a team is unknown', async () => {
      const team = (await asAdmin('POST', '/api/v1/teams', { name: `Team ${++seq}` })).json();
      const u = (
        await asAdmin('POST', '/api/v1/users', { email: uniqueEmail(), password: PASSWORD, role: 'agent' })
      ).json();
      const ok = await asAdmin('PATCH', `/api/v1/users/${u.id}`, {
        name: 'Lise',
        role: 'manager',
        language: 'da',
        teamIds: [team.id],
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ name: 'Lise', role: 'manager', language: 'da', teamIds: [team.id] });

      const bad = await asAdmin('PATCH', `/api/v1/users/${u.id}`, {
        name: 'Changed',
        teamIds: [team.id, randomUuid()],
      });
      expectProblem(bad, 422, 'team_not_found');
      expect(errorPaths(bad)).toEqual(['teamIds']);
      expect((await asAdmin('GET', `/api/v1/users/${u.id}`)).json()).toMatchObject({
        name: 'Lise',
        teamIds: [team.id],
      });
      expectProblem(
        await asAdmin('PATCH', `/api/v1/users/${randomUuid()}`, { name: 'Ghost' }),
        404,
        'user_not_found',
      );
      expectProblem(await asAdmin('PATCH', `/api/v1/users/${u.id}`, { role: 'owner' }), 400);
    });

    it('refuses a reset password that is too short, for an unknown user too', async () => {
      const res = await asAdmin('POST', `/api/v1/users/${agent.id}/password`, { password: 'short' });
      expect(res.statusCode).toBe(400);
      expect(errorPaths(res)).toEqual(['password']);
      expectProblem(
        await asAdmin('POST', `/api/v1/users/${randomUuid()}/password`, { password: 'long enough password' }),
        404,
        'user_not_found',
      );
    });

    it('lets users change their own name and language only', async () => {
      const ok = await app().inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers: agent.auth,
        payload: { name: 'Agent Smith', language: 'fr' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ id: agent.id, name: 'Agent Smith', language: 'fr', role: 'agent' });
      const bad = await app().inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers: agent.auth,
        payload: { language: 'klingon' },
      });
      expect(errorPaths(bad)).toEqual(['language']);
    });
  });

  describe('teams', () => {
    it('creates, renames, re-staffs and deletes a team', async () => {
      const created = await asAdmin('POST', '/api/v1/teams', {
        name: 'Nordic sales',
        memberIds: [agent.id, agent.id],
      });
      expect(created.statusCode).toBe(201);
      const team = created.json();
      expect(team).toMatchObject({ name: 'Nordic sales', memberIds: [agent.id] });
      const renamed = await asAdmin('PATCH', `/api/v1/teams/${team.id}`, {
        name: 'Nordics',
        memberIds: [admin.id],
      });
      expect(renamed.json()).toMatchObject({ name: 'Nordics', memberIds: [admin.id] });
      expect((await asAdmin('GET', `/api/v1/users/${admin.id}`)).json().teamIds).toContain(team.id);
      expect((await asAdmin('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
      expect((await asAdmin('GET', `/api/v1/users/${admin.id}`)).json().teamIds).not.toContain(team.id);
      expectProblem(await asAdmin('DELETE', `/api/v1/teams/${team.id}`), 404, 'team_not_found');
    });

    it('answers 409 on path name for a duplicate team name, in any case, on create and on rename', async () => {
      const name = `Support ${++seq}`;
      expect((await asAdmin('POST', '/api/v1/teams', { name })).statusCode).toBe(201);
      const dup = expectProblem(
        await asAdmin('POST', '/api/v1/teams', { name: name.toUpperCase() }),
        409,
        'team_name_taken',
      );
      expect(dup.errors?.map((e) => e.path)).toEqual(['name']);
      const other = (await asAdmin('POST', '/api/v1/teams', { name: `Other ${seq}` })).json();
      const rename = expectProblem(
        await asAdmin('PATCH', `/api/v1/teams/${other.id}`, { name }),
        409,
        'team_name_taken',
      );
      expect(rename.errors?.map((e) => e.path)).toEqual(['name']);
      const teams = (await asAdmin('GET', '/api/v1/teams')).json().data.map((t: { name: string }) => t.name);
      expect(teams).toContain(`Other ${seq}`);
    });

    it('answers 422 on path memberIds for an unknown member and creates no team', async () => {
      const name = `Ghosts ${++seq}`;
      const res = await asAdmin('POST', '/api/v1/teams', { name, memberIds: [randomUuid()] });
      expectProblem(res, 422, 'user_not_found');
      expect(errorPaths(res)).toEqual(['memberIds']);
      expect(
        (await asAdmin('GET', '/api/v1/teams')).json().data.map((t: { name: string }) => t.name),
      ).not.toContain(name);
    });

    it('refuses an empty or over-long name', async () => {
      for (const name of ['', '   ', 'x'.repeat(101)]) {
        const res = await asAdmin('POST', '/api/v1/teams', { name });
        expect(res.statusCode, JSON.stringify(name)).toBe(400);
        expect(errorPaths(res)).toEqual(['name']);
      }
    });
  });

  describe('API keys', () => {
    it('refuses a key without a name and lets viewers create none', async () => {
      for (const payload of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', userId: admin.id }]) {
        expect(
          (await app().inject({ method: 'POST', url: '/api/v1/api-keys', headers: agent.auth, payload }))
            .statusCode,
          JSON.stringify(payload),
        ).toBe(400);
      }
      const viewer = await makeUser(getDb(), 'viewer');
      expectProblem(
        await app().inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: viewer.auth,
          payload: { name: 'mine' },
        }),
        403,
        'forbidden',
      );
    });

    it('shows people their own keys; admins everyone’s with ?all=true and may revoke any', async () => {
      const other = await makeUser(getDb(), 'agent');
      const mine = (await app().inject({ url: '/api/v1/api-keys?all=true', headers: other.auth })).json()
        .data;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((k: { userId: string }) => k.userId === other.id)).toBe(true);
      const all = (await asAdmin('GET', '/api/v1/api-keys?all=true')).json().data;
      expect(new Set(all.map((k: { userId: string }) => k.userId)).size).toBeGreaterThan(1);
      const own = (await asAdmin('GET', '/api/v1/api-keys')).json().data;
      expect(own.every((k: { userId: string }) => k.userId === admin.id)).toBe(true);

      expectProblem(
        await app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${mine[0].id}`, headers: agent.auth }),
        404,
        'api_key_not_found',
      );
      expect((await asAdmin('DELETE', `/api/v1/api-keys/${mine[0].id}`)).statusCode).toBe(200);
      expectProblem(
        await app().inject({ url: '/api/v1/contacts', headers: other.auth }),
        401,
        'invalid_api_key',
      );
      expectProblem(await asAdmin('DELETE', '/api/v1/api-keys/not-a-uuid'), 400);
    });
  });
});
