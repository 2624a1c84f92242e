import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { buildApp } from '../../app.ts';
import { MovableClock } from '../../clock.ts';
import { type Database, openPostgres, rowsOf } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { taskReminderSweep } from './tasks.reminders.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDb('task reminders', (getDb, kind) => {
  // The app and the sweep read one clock, which the tests move ("tomorrow, 9:00").
  const clock = new MovableClock();
  const app = useApp(getDb, { clock });
  let agent: TestUser;
  let boss: TestUser;
  let contactId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await req(user, 'POST', '/tasks', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; remindAt: string | null; remindedAt: string | null };
  };
  const sweep = (database: Database = getDb()) =>
    taskReminderSweep.run(systemCtx(database, testConfig({ clock }), silentLog));
  const reminders = async (user: TestUser) =>
    (await req(user, 'GET', '/notifications?limit=100'))
      .json()
      .data.filter((n: { kind: string }) => n.kind === 'reminder') as {
      title: string;
      body: string | null;
      linkType: string;
      linkId: string;
    }[];
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  beforeAll(async () => {
    agent = await makeUser(getDb(), 'agent', { name: 'Astrid Agent' });
    boss = await makeUser(getDb(), 'admin', { name: 'Bo Boss' });
    contactId = (await req(boss, 'POST', '/contacts', { firstName: 'Mette', lastName: 'Kjær' })).json().id;
  });

  it('reminds the assignee once, when the reminder falls due and not before', async () => {
    const task = await create(agent, {
      title: 'Send the quote',
      dueAt: later(24 * HOUR),
      remindBefore: 15,
      contactId,
    });
    await sweep();
    expect((await reminders(agent)).map((n) => n.title)).not.toContain('Send the quote');
    clock.advance(24 * HOUR - 14 * MINUTE);
    await sweep();
    await sweep();
    const mine = (await reminders(agent)).filter((n) => n.linkId === task.id);
    expect(mine).toEqual([
      expect.objectContaining({ title: 'Send the quote', body: 'Mette Kjær', linkType: 'task' }),
    ]);
    const after = (await req(agent, 'GET', `/tasks/${task.id}`)).json();
    expect(after.remindedAt).not.toBeNull();
    expect(after.version).toBe(task.version);
    const unread = (await req(agent, 'GET', '/notifications?unread=true')).json().unread;
    expect(unread).toBeGreaterThanOrEqual(1);
  });

  it('sends a reminder set in the past at the next sweep, once — not never', async () => {
    const task = await create(agent, { title: 'Overdue already', remindAt: later(-2 * HOUR) });
    expect(task.remindedAt).toBeNull();
    await sweep();
    await sweep();
    expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(1);
  });

  it('sends a changed reminder again, and moves a reminder with its due time', async () => {
    const task = await create(agent, { title: 'Call back', dueAt: later(HOUR), remindBefore: 60 });
    await sweep();
    expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(1);
    // Postponed by a day: "1 hour before" stays one hour before, and goes out again then.
    const dueAt = later(25 * HOUR);
    const moved = await req(agent, 'PATCH', `/tasks/${task.id}`, { dueAt });
    expect(moved.json()).toMatchObject({
      remindAt: new Date(Date.parse(dueAt) - HOUR).toISOString(),
      remindedAt: null,
    });
    await sweep();
    expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(1);
    clock.advance(24 * HOUR + MINUTE);
    await sweep();
    expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(2);
    // A new reminder time is a new reminder.
    await req(agent, 'PATCH', `/tasks/${task.id}`, { remindAt: later(-MINUTE) });
    await sweep();
    expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(3);
  });

  it('stays silent for done, cancelled and binned tasks, and reminds the creator of an unassigned one', async () => {
    const done = await create(agent, { title: 'Done before due', remindAt: later(-MINUTE), status: 'done' });
    const binned = await create(agent, { title: 'Binned', remindAt: later(-MINUTE) });
    await req(agent, 'DELETE', `/tasks/${binned.id}`);
    const nobodys = await create(agent, {
      title: 'Whoever is free',
      remindAt: later(-MINUTE),
      assigneeId: null,
    });
    await sweep();
    const ids = (await reminders(agent)).map((n) => n.linkId);
    expect(ids).not.toContain(done.id);
    expect(ids).not.toContain(binned.id);
    expect(ids).toContain(nobodys.id);
    expect((await req(agent, 'GET', `/tasks/${done.id}`)).json().remindedAt).not.toBeNull();
    // Restored from the bin, its reminder (due meanwhile) goes out at the next sweep.
    await req(agent, 'POST', `/tasks/${binned.id}/restore`);
    await sweep();
    expect((await reminders(agent)).map((n) => n.linkId)).toContain(binned.id);
  });

  it('survives a restart: a new instance on the same database sends what fell due while nothing ran', async () => {
    const task = await create(agent, { title: 'Due during the outage', remindAt: later(30 * MINUTE) });
    // "Stop" this instance (no sweeps run), let the time pass, start another one on the same database.
    clock.advance(2 * HOUR);
    const database = kind === 'postgres' ? openPostgres(connectionString(getDb()), 2) : getDb();
    const restarted = await buildApp({ config: testConfig({ clock }), database, logger: false });
    try {
      await restarted.ready();
      expect(await sweep(database)).toBeGreaterThanOrEqual(1);
      expect((await reminders(agent)).filter((n) => n.linkId === task.id)).toHaveLength(1);
    } finally {
      await restarted.close();
      if (database !== getDb()) await database.close();
    }
  });

  if (kind === 'postgres')
    describe('two instances sweeping at once', () => {
      let second: Database;
      beforeAll(() => {
        second = openPostgres(connectionString(getDb()), 4);
      });
      afterAll(async () => {
        await second.close();
      });

      it('send every reminder exactly once', async () => {
        const n = 1200; // more than one batch each, so the sweeps overlap on the queue
        const staff = await makeUser(getDb(), 'agent');
        await getDb().db.execute(sql`insert into tasks (title, assignee_id, created_by_id, remind_at)
        select 'Bulk reminder ' || g, ${staff.id}::uuid, ${staff.id}::uuid, ${later(-HOUR)}::timestamptz - g * interval '1 second'
        from generate_series(1, ${n}) g`);
        const done = await Promise.all([sweep(getDb()), sweep(second), sweep(getDb()), sweep(second)]);
        expect(done.reduce((a, b) => a + b, 0)).toBe(n);
        const [counts] = rowsOf<{ notes: number; distinct: number; pending: number }>(
          await getDb().db.execute(sql`select
          (select count(*)::int from notifications where user_id = ${staff.id}) as notes,
          (select count(distinct link_id)::int from notifications where user_id = ${staff.id}) as distinct,
          (select count(*)::int from tasks where assignee_id = ${staff.id} and reminded_at is null) as pending`),
        );
        expect(counts).toEqual({ notes: n, distinct: n, pending: 0 });
        expect(await sweep(second)).toBe(0);
      });
    });
});

/** The connection string of the suite's PostgreSQL database, for a second, independent pool. */
function connectionString(database: Database): string {
  const options = (database.pool as unknown as { options: { connectionString: string } }).options;
  return options.connectionString;
}
