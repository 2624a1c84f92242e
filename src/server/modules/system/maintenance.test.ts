import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { orderLines, orders } from '../orders/orders.schema.ts';
import { sessions } from '../users/users.schema.ts';
import { runMaintenance } from './maintenance.ts';
import { auditLog, idempotencyKeys } from './system.schema.ts';

describeEachDb('maintenance', (getDb) => {
  const app = useApp(getDb);
  let agent: TestUser;
  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent');
  });

  it('erases recycle-bin records past 30 days, expired sessions and old idempotency keys, and keeps the rest', async () => {
    const db = getDb().db;
    const create = async (firstName: string) =>
      (
        await app().inject({
          method: 'POST',
          url: '/api/v1/contacts',
          headers: agent.auth,
          payload: { firstName },
        })
      ).json().id as string;
    const old = await create('Expired');
    const recent = await create('Recent');
    await db
      .update(contacts)
      .set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(contacts.id, old));
    await db
      .update(contacts)
      .set({ deletedAt: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(contacts.id, recent));
    await db
      .insert(sessions)
      .values({ id: 'expired-session', data: {}, expiresAt: new Date(Date.now() - 1000) });
    await db
      .insert(sessions)
      .values({ id: 'live-session', data: {}, expiresAt: new Date(Date.now() + 3_600_000) });
    await db.insert(idempotencyKeys).values({
      principal: agent.id,
      key: 'old-key',
      method: 'POST',
      path: '/x',
      requestHash: 'h',
      createdAt: new Date(Date.now() - 25 * 3_600_000),
    });

    await runMaintenance(getDb(), testConfig(), silentLog);

    const left = (await db.select({ id: contacts.id }).from(contacts)).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).toContain(recent);
    expect((await db.select({ id: sessions.id }).from(sessions)).map((r) => r.id)).toEqual(['live-session']);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'old-key'))).toEqual([]);
    const purge = await db.select().from(auditLog).where(eq(auditLog.action, 'contact.purge'));
    expect(purge[0]?.details).toEqual({ count: 1 });
  });

  it('erases binned orders past 30 days with their lines, and keeps recent ones', async () => {
    const db = getDb().db;
    const order = async () => {
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: agent.auth,
        payload: {
          contactId: await contactId(),
          channel: 'phone',
          currency: 'EUR',
          lines: [{ description: 'Kaffebønner 1 kg', quantity: '2', unitPrice: 1950, taxRate: '25' }],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const contactId = async () =>
      (
        await app().inject({
          method: 'POST',
          url: '/api/v1/contacts',
          headers: agent.auth,
          payload: { firstName: 'Ida' },
        })
      ).json().id as string;
    const old = await order();
    const recent = await order();
    await db
      .update(orders)
      .set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(orders.id, old));
    await db
      .update(orders)
      .set({ deletedAt: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(orders.id, recent));

    await runMaintenance(getDb(), testConfig(), silentLog);

    const left = (await db.select({ id: orders.id }).from(orders)).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).toContain(recent);
    expect(await db.select().from(orderLines).where(eq(orderLines.orderId, old))).toEqual([]);
  });
});
