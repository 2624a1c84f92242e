import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { MovableClock } from '../../clock.ts';

describeEachDb('test clock route', (getDb) => {
  describe('with a movable clock (NODE_ENV=test, RAPPORT_TEST_CLOCK=true)', () => {
    const clock = new MovableClock();
    const app = useApp(getDb, { clock });
    let admin: TestUser;
    let agent: TestUser;
    beforeAll(async () => {
      admin = await makeUser(getDb(), 'admin');
      agent = await makeUser(getDb(), 'agent');
    });

    it('lets an admin move the app’s clock, which services then read', async () => {
      const put = (user: TestUser, now: string) =>
        app().inject({ method: 'PUT', url: '/api/v1/test/clock', headers: user.auth, payload: { now } });
      expect((await put(agent, '2030-01-01T00:00:00Z')).statusCode).toBe(403);
      expect((await put(admin, 'tomorrow')).statusCode).toBe(400);
      const res = await put(admin, '2030-01-01T00:00:00Z');
      expect(res.statusCode, res.body).toBe(200);
      expect(Math.abs(clock.now().getTime() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(5_000);
      // A service reading ctx.now(): an interaction logged without a time gets the moved clock's.
      const contact = await app().inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers: admin.auth,
        payload: { firstName: 'Clock' },
      });
      const logged = await app().inject({
        method: 'POST',
        url: '/api/v1/interactions',
        headers: admin.auth,
        payload: { channel: 'phone', contactId: contact.json().id },
      });
      expect(logged.json().occurredAt.slice(0, 10)).toBe('2030-01-01');
    });
  });

  describe('with the system clock (every other configuration)', () => {
    const app = useApp(getDb);
    it('has no such route', async () => {
      const admin = await makeUser(getDb(), 'admin');
      const res = await app().inject({
        method: 'PUT',
        url: '/api/v1/test/clock',
        headers: admin.auth,
        payload: { now: '2030-01-01T00:00:00Z' },
      });
      expect(res.statusCode).toBe(404);
    });
  });
});
