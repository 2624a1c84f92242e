import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, silentLog, type TestUser, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { expectProblem } from '../../../../tests/helpers/http.ts';
import type { TaskDto, TaskListQuery } from '../../../shared/tasks.ts';
import { rowsOf } from '../../db/client.ts';
import { type Ctx, systemCtx } from '../../http/context.ts';
import { listTasks, taskListStatement } from './tasks.list.ts';
import { purgeTaskRecycleBin } from './tasks.service.ts';

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describeEachDb('tasks API', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let teammate: TestUser;
  let outsider: TestUser;
  let viewer: TestUser;
  let companyId: string;
  let contactId: string;

  const req = (user: TestUser, method: string, url: string, payload?: unknown, headers = {}) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...user.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (user: TestUser, payload: Record<string, unknown>): Promise<TaskDto> => {
    const res = await req(user, 'POST', '/tasks', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const titles = (res: { json: () => { data: TaskDto[] } }) => res.json().data.map((t) => t.title);

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    const team = await req(admin, 'POST', '/teams', { name: 'Sales Aarhus' });
    const teamIds = [team.json().id as string];
    agent = await makeUser(getDb(), 'agent', { teamIds, name: 'Astrid Agent' });
    teammate = await makeUser(getDb(), 'agent', { teamIds, name: 'Tobias Teammate' });
    outsider = await makeUser(getDb(), 'agent', { name: 'Olga Outsider' });
    viewer = await makeUser(getDb(), 'viewer');
    companyId = (await req(admin, 'POST', '/companies', { name: 'Nørre Cykler ApS' })).json().id;
    contactId = (
      await req(admin, 'POST', '/contacts', { firstName: 'Mette', lastName: 'Kjær', companyId })
    ).json().id;
  });

  it('creates a task on a contact: the company is filled in, the creator is the assignee, history is kept', async () => {
    const res = await req(agent, 'POST', '/tasks', {
      title: '  Send the spring price list  ',
      description: 'Prices for 20 bikes',
      dueAt: '2026-12-01T09:00:00+01:00',
      remindBefore: 60,
      priority: 'high',
      contactId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json() as TaskDto;
    expect(task).toMatchObject({
      title: 'Send the spring price list',
      description: 'Prices for 20 bikes',
      dueAt: '2026-12-01T08:00:00.000Z',
      remindAt: '2026-12-01T07:00:00.000Z',
      remindedAt: null,
      priority: 'high',
      status: 'open',
      assigneeId: agent.id,
      assigneeName: 'Astrid Agent',
      contactId,
      contactName: 'Mette Kjær',
      companyId,
      companyName: 'Nørre Cykler ApS',
      createdById: agent.id,
      completedAt: null,
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/tasks/${task.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await req(viewer, 'GET', `/tasks/${task.id}`)).json()).toEqual(task);
    const history = (await req(viewer, 'GET', `/tasks/${task.id}/history`)).json();
    expect(history.data[0]).toMatchObject({ action: 'create', actorId: agent.id });
    expect(history.data[0].changes).toContainEqual({ field: 'title', old: null, new: task.title });
  });

  it('creates a task about nobody in particular, and one that takes its customer from a linked interaction', async () => {
    const alone = await create(agent, { title: 'Renew the trade-fair booth' });
    expect(alone).toMatchObject({ contactId: null, companyId: null, dueAt: null, priority: 'normal' });
    const call = (await req(agent, 'POST', '/interactions', { channel: 'phone', contactId })).json();
    const followUp = await create(agent, {
      title: 'Follow up on the call',
      linkType: 'interaction',
      linkId: call.id,
    });
    expect(followUp).toMatchObject({ linkType: 'interaction', linkId: call.id, contactId, companyId });
  });

  describe('bad input', () => {
    it('answers problem+json with field paths and writes nothing', async () => {
      const before = await countAll();
      const nobody = '00000000-0000-4000-8000-000000000000';
      const cases: [unknown, string][] = [
        [{}, 'title'],
        [{ title: '   ' }, 'title'],
        [{ title: 'x'.repeat(301) }, 'title'],
        [{ title: 'x', priority: 'asap' }, 'priority'],
        [{ title: 'x', status: 'finished' }, 'status'],
        [{ title: 'x', dueAt: 'tomorrow' }, 'dueAt'],
        [{ title: 'x', remindAt: '2026-13-01T00:00:00Z' }, 'remindAt'],
        [{ title: 'x', remindBefore: 15 }, 'remindBefore'],
        [{ title: 'x', dueAt: at(HOUR), remindBefore: -5 }, 'remindBefore'],
        [{ title: 'x', dueAt: at(HOUR), remindBefore: 15, remindAt: at(0) }, 'remindBefore'],
        [{ title: 'x', linkType: 'interaction' }, 'linkId'],
        [{ title: 'x', linkType: 'deal', linkId: nobody }, 'linkType'],
        [{ title: 'x', linkType: 'interaction', linkId: nobody }, 'linkId'],
        [{ title: 'x', linkType: 'event', linkId: nobody }, 'linkId'],
        [{ title: 'x', contactId: nobody }, 'contactId'],
        [{ title: 'x', companyId: nobody }, 'companyId'],
        [{ title: 'x', assigneeId: nobody }, 'assigneeId'],
        [{ title: 'x', completedAt: at(0) }, 'completedAt'],
        [{ title: 'x', version: 7 }, 'version'],
      ];
      for (const [payload, path] of cases) {
        const res = await req(agent, 'POST', '/tasks', payload);
        expect([400, 422], `${JSON.stringify(payload)} → ${res.body}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(
          res.json().errors.map((e: { path: string }) => e.path),
          JSON.stringify(payload),
        ).toContain(path);
      }
      expect(await countAll()).toBe(before);
    });

    it('refuses a view of today without the bounds of the day, and unknown views and fields', async () => {
      expect((await req(agent, 'GET', '/tasks?view=today')).statusCode).toBe(400);
      expect((await req(agent, 'GET', `/tasks?view=today&from=${at(HOUR)}&to=${at(0)}`)).statusCode).toBe(
        400,
      );
      expect((await req(agent, 'GET', '/tasks?view=someday')).statusCode).toBe(400);
      expect((await req(agent, 'GET', '/tasks?password=x')).statusCode).toBe(400);
      expect((await req(agent, 'GET', '/tasks?sort=description')).statusCode).toBe(400);
    });
  });

  describe('views', () => {
    // A user of their own, so other tests' tasks do not show up in "my tasks".
    let me: TestUser;
    let mate: TestUser;
    beforeAll(async () => {
      const team = (await req(admin, 'POST', '/teams', { name: 'Views team' })).json().id as string;
      me = await makeUser(getDb(), 'agent', { teamIds: [team] });
      mate = await makeUser(getDb(), 'agent', { teamIds: [team] });
      const mk = (user: TestUser, title: string, extra: Record<string, unknown> = {}) =>
        create(user, { title, ...extra });
      await mk(me, 'Overdue since yesterday', { dueAt: at(-24 * HOUR) });
      await mk(me, 'Overdue an hour', { dueAt: at(-HOUR), status: 'in_progress' });
      await mk(me, 'Later today', { dueAt: at(HOUR / 2) });
      await mk(me, 'Next week', { dueAt: at(7 * 24 * HOUR) });
      await mk(me, 'Some day');
      await mk(me, 'Already done', { dueAt: at(-2 * HOUR), status: 'done' });
      await mk(me, 'Given up', { dueAt: at(-2 * HOUR), status: 'cancelled' });
      await mk(mate, 'Mate’s call', { dueAt: at(2 * HOUR) });
      await mk(outsider, 'Outsider’s call', { dueAt: at(3 * HOUR) });
    });

    it('my tasks: open ones, soonest due first, those without a due time last; paged by cursor', async () => {
      const all = await req(me, 'GET', '/tasks?view=mine');
      expect(titles(all)).toEqual([
        'Overdue since yesterday',
        'Overdue an hour',
        'Later today',
        'Next week',
        'Some day',
      ]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await req(me, 'GET', `/tasks?view=mine&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.statusCode, page.body).toBe(200);
        seen.push(...titles(page));
        cursor = page.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(titles(all));
    });

    it('overdue, today (in the caller’s own day), team, all open and done', async () => {
      expect(titles(await req(me, 'GET', '/tasks?view=overdue'))).toEqual([
        'Overdue since yesterday',
        'Overdue an hour',
      ]);
      const dayStart = at(-1.5 * HOUR);
      const dayEnd = at(HOUR);
      expect(titles(await req(me, 'GET', `/tasks?view=today&from=${dayStart}&to=${dayEnd}`))).toEqual([
        'Overdue an hour',
        'Later today',
      ]);
      const team = titles(await req(me, 'GET', '/tasks?view=team'));
      expect(team).toContain('Mate’s call');
      expect(team).not.toContain('Outsider’s call');
      expect(team.indexOf('Later today')).toBeLessThan(team.indexOf('Mate’s call'));
      const open = titles(await req(me, 'GET', '/tasks?view=open&limit=200'));
      expect(open).toEqual(expect.arrayContaining(['Outsider’s call', 'Mate’s call', 'Some day']));
      expect(open).not.toContain('Already done');
      expect(titles(await req(me, 'GET', '/tasks?view=done'))).toEqual(['Already done']);
      expect(titles(await req(me, 'GET', '/tasks?view=overdue&scope=team&priority=urgent'))).toEqual([]);
      expect((await req(me, 'GET', `/tasks/summary?from=${dayStart}&to=${dayEnd}`)).json()).toMatchObject({
        mine: 5,
        team: 6,
        overdue: 2,
        today: 2,
      });
      expect((await req(me, 'GET', '/tasks/count?view=mine')).json()).toEqual({ count: 5, exact: true });
    });

    it('completes a task with one call: it leaves my open tasks and shows under done; reopening undoes it', async () => {
      const task = await create(me, { title: 'Call back Mette', dueAt: at(HOUR) });
      const done = await req(me, 'PATCH', `/tasks/${task.id}`, { status: 'done' }, { 'if-match': '"1"' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', completedById: me.id, version: 2 });
      expect(Date.now() - Date.parse(done.json().completedAt)).toBeLessThan(60_000);
      expect(titles(await req(me, 'GET', '/tasks?view=mine'))).not.toContain('Call back Mette');
      expect(titles(await req(me, 'GET', '/tasks?view=done'))[0]).toBe('Call back Mette');
      const again = await req(me, 'PATCH', `/tasks/${task.id}`, { status: 'open' }, { 'if-match': '"2"' });
      expect(again.json()).toMatchObject({ status: 'open', completedAt: null, completedById: null });
      await req(me, 'DELETE', `/tasks/${task.id}`);
    });
  });

  describe('access', () => {
    it('lets the assignee, their team and admins change a task; not another team’s agent, nor a viewer', async () => {
      const task = await create(agent, { title: 'Quote for 20 bikes', contactId });
      expectProblem(await req(viewer, 'POST', '/tasks', { title: 'x' }), 403);
      expectProblem(await req(viewer, 'PATCH', `/tasks/${task.id}`, { status: 'done' }), 403);
      expectProblem(await req(outsider, 'PATCH', `/tasks/${task.id}`, { status: 'done' }), 403, 'forbidden');
      expectProblem(await req(outsider, 'DELETE', `/tasks/${task.id}`), 403);
      const byMate = await req(teammate, 'PATCH', `/tasks/${task.id}`, { priority: 'urgent' });
      expect(byMate.statusCode, byMate.body).toBe(200);
      expect((await req(admin, 'PATCH', `/tasks/${task.id}`, { priority: 'low' })).statusCode).toBe(200);
      expect((await req(viewer, 'GET', `/tasks/${task.id}`)).json()).toMatchObject({
        priority: 'low',
        version: 3,
      });
    });

    it('assigns only to oneself or a teammate (anyone for admins); unassigned tasks are everyone’s', async () => {
      const res = await req(agent, 'POST', '/tasks', { title: 'x', assigneeId: outsider.id });
      expect(expectProblem(res, 403, 'invalid_assignee').errors?.[0]?.path).toBe('assigneeId');
      const task = await create(agent, { title: 'Shared', assigneeId: null });
      expect(task.assigneeId).toBeNull();
      expect((await req(outsider, 'PATCH', `/tasks/${task.id}`, { priority: 'high' })).statusCode).toBe(200);
      const mine = await req(outsider, 'PATCH', `/tasks/${task.id}`, { assigneeId: outsider.id });
      expect(mine.json().assigneeId).toBe(outsider.id);
      expect((await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'Taken' })).statusCode).toBe(403);
      expect((await req(admin, 'PATCH', `/tasks/${task.id}`, { assigneeId: agent.id })).statusCode).toBe(200);
    });

    it('answers 412 to a stale version and 400 to a malformed one', async () => {
      const task = await create(agent, { title: 'Versioned' });
      const ok = await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'v2' }, { 'if-match': '"1"' });
      expect(ok.json().version).toBe(2);
      expect(ok.headers.etag).toBe('"2"');
      expectProblem(
        await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'v3' }, { 'if-match': '"1"' }),
        412,
        'version_conflict',
      );
      expectProblem(await req(agent, 'DELETE', `/tasks/${task.id}`, undefined, { 'if-match': '"1"' }), 412);
      expectProblem(
        await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'v3' }, { 'if-match': 'yesterday' }),
        400,
      );
      // A change that changes nothing keeps the version.
      const same = await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'v2' }, { 'if-match': '"2"' });
      expect(same.json().version).toBe(2);
    });
  });

  it('notifies the assignee when someone else assigns a task to them, not when they take it themselves', async () => {
    const unread = async (user: TestUser) =>
      (await req(user, 'GET', '/notifications'))
        .json()
        .data.filter((n: { kind: string }) => n.kind === 'assignment');
    const before = (await unread(teammate)).length;
    const given = await create(agent, { title: 'Visit Nørre Cykler', assigneeId: teammate.id, contactId });
    const notes = await unread(teammate);
    expect(notes.length).toBe(before + 1);
    expect(notes[0]).toMatchObject({
      title: 'Visit Nørre Cykler',
      body: 'Mette Kjær',
      linkType: 'task',
      linkId: given.id,
      actorId: agent.id,
      actorName: 'Astrid Agent',
    });
    await create(teammate, { title: 'My own idea' });
    const mine = await create(agent, { title: 'Handed over later' });
    await req(agent, 'PATCH', `/tasks/${mine.id}`, { assigneeId: teammate.id });
    const after = await unread(teammate);
    expect(after.map((n: { title: string }) => n.title).slice(0, 2)).toEqual([
      'Handed over later',
      'Visit Nørre Cykler',
    ]);
    expect((await unread(agent)).map((n: { title: string }) => n.title)).not.toContain('Handed over later');
  });

  it('moves to the recycle bin and back; the history records both', async () => {
    const task = await create(agent, { title: 'Binned task', contactId });
    expect(
      (await req(agent, 'DELETE', `/tasks/${task.id}`, undefined, { 'if-match': '"1"' })).statusCode,
    ).toBe(204);
    expectProblem(await req(viewer, 'GET', `/tasks/${task.id}`), 404, 'task_not_found');
    expectProblem(await req(agent, 'PATCH', `/tasks/${task.id}`, { title: 'x' }), 404);
    expect(titles(await req(viewer, 'GET', `/tasks?contactId=${contactId}`))).not.toContain('Binned task');
    expect(titles(await req(viewer, 'GET', '/tasks?deleted=only&limit=200'))).toContain('Binned task');
    const restored = await req(agent, 'POST', `/tasks/${task.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ deletedAt: null, version: 3 });
    const history = (await req(viewer, 'GET', `/tasks/${task.id}/history`)).json();
    expect(history.data.map((h: { action: string }) => h.action)).toEqual(['restore', 'delete', 'create']);
  });

  it('is erased for good, with its history, after 30 days in the recycle bin', async () => {
    const task = await create(agent, { title: 'Long forgotten', contactId });
    await req(agent, 'DELETE', `/tasks/${task.id}`);
    const fresh = await create(agent, { title: 'Binned yesterday' });
    await req(agent, 'DELETE', `/tasks/${fresh.id}`);
    await getDb().db.execute(
      sql`update tasks set deleted_at = now() - interval '31 days' where id = ${task.id}`,
    );
    expect(await purgeTaskRecycleBin(systemCtx(getDb(), testConfig(), silentLog))).toBe(1);
    expectProblem(await req(admin, 'GET', `/tasks/${task.id}?includeDeleted=true`), 404);
    const [left] = rowsOf<{ n: number }>(
      await getDb().db.execute(
        sql`select count(*)::int as n from record_history where entity = 'task' and record_id = ${task.id}`,
      ),
    );
    expect(left!.n).toBe(0);
    expect((await req(admin, 'GET', `/tasks/${fresh.id}?includeDeleted=true`)).statusCode).toBe(200);
  });

  it('creates one task for a retried POST with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `task-${Date.now()}` };
    const payload = { title: 'Exactly once', contactId };
    const first = await req(agent, 'POST', '/tasks', payload, headers);
    const again = await req(agent, 'POST', '/tasks', payload, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(
      titles(await req(viewer, 'GET', `/tasks?contactId=${contactId}&limit=200`)).filter(
        (t) => t === 'Exactly once',
      ),
    ).toHaveLength(1);
  });

  it('shows on the contact’s and the company’s timeline at its creation', async () => {
    const task = await create(agent, { title: 'Timeline task', contactId });
    const contactLine = (await req(viewer, 'GET', `/contacts/${contactId}/timeline?types=task`)).json();
    expect(contactLine.data[0]).toMatchObject({ type: 'task', id: task.id, at: task.createdAt });
    expect(contactLine.data[0].task).toMatchObject({ title: 'Timeline task', status: 'open' });
    const companyLine = (await req(viewer, 'GET', `/companies/${companyId}/timeline?limit=100`)).json();
    expect(companyLine.data.map((i: { id: string }) => i.id)).toContain(task.id);
    // Interactions-only filters leave tasks out.
    const calls = (await req(viewer, 'GET', `/contacts/${contactId}/timeline?channel=phone`)).json();
    expect(calls.data.every((i: { type: string }) => i.type === 'interaction')).toBe(true);
  });

  it('goes with its contact on a hard erase, with its history and the notifications about it', async () => {
    const person = (await req(admin, 'POST', '/contacts', { firstName: 'Erase', lastName: 'Me' })).json().id;
    const task = await create(agent, {
      title: 'Call Erase Me about her divorce',
      contactId: person,
      assigneeId: teammate.id,
    });
    await req(agent, 'PATCH', `/tasks/${task.id}`, { priority: 'urgent' });
    const traces = async () =>
      Number(
        rowsOf<{ n: number }>(
          await getDb().db.execute(sql`select
            (select count(*) from record_history where entity = 'task' and record_id = ${task.id})
            + (select count(*) from notifications where link_type = 'task' and link_id = ${task.id})
            + (select count(*) from tasks where id = ${task.id}) as n`),
        )[0]!.n,
      );
    expect(await traces()).toBe(4);
    expect(
      (await req(admin, 'POST', `/contacts/${person}/erase`, { reason: 'subject request' })).statusCode,
    ).toBe(204);
    expect(await traces()).toBe(0);
  });

  it('erases a company’s own tasks with it and keeps its people’s tasks (unlinked from the company)', async () => {
    const co = (await req(admin, 'POST', '/companies', { name: 'Gone ApS' })).json().id;
    const person = (await req(admin, 'POST', '/contacts', { firstName: 'Stays', companyId: co })).json().id;
    const own = await create(agent, { title: 'Company task', companyId: co });
    const theirs = await create(agent, { title: 'Person task', contactId: person });
    expect(theirs.companyId).toBe(co);
    expect((await req(admin, 'POST', `/companies/${co}/erase`, { reason: 'closed' })).statusCode).toBe(204);
    expectProblem(await req(admin, 'GET', `/tasks/${own.id}?includeDeleted=true`), 404);
    expect((await req(admin, 'GET', `/tasks/${theirs.id}`)).json()).toMatchObject({
      contactId: person,
      companyId: null,
    });
  });

  async function countAll() {
    return rowsOf<{ n: number }>(await getDb().db.execute(sql`select count(*)::int as n from tasks`))[0]!.n;
  }
});

/** The views read the indexes built for them (CODE_STYLE: check the plan of every new list query). */
describeEachDb('task list plans', (getDb) => {
  let ctx: Ctx;
  const USERS = 200;
  const PER_USER = 200;

  beforeAll(async () => {
    const db = getDb().db;
    await db.execute(sql`insert into users (email, name, role, password_hash)
      select 'plan' || g || '@example.test', 'Plan ' || g, 'agent', 'x' from generate_series(1, ${USERS}) g`);
    // 40,000 tasks: most open, due within a month either way, one in ten without a due time.
    await db.execute(sql`insert into tasks (title, assignee_id, due_at, status, created_at)
      select 'Task ' || g, u.id,
        case when g % 10 = 0 then null else now() + ((g % 61) - 30) * interval '1 day' + (g % 97) * interval '1 minute' end,
        case when g % 4 = 0 then 'done' else 'open' end,
        now() - (g % 365) * interval '1 day'
      from generate_series(1, ${USERS * PER_USER}) g
      join (select id, row_number() over (order by id) as n from users where email like 'plan%') u
        on u.n = 1 + g % ${USERS}`);
    // One busy person with thousands of open tasks: the case where reading in index order matters.
    await db.execute(sql`insert into tasks (title, assignee_id, due_at, created_at)
      select 'Busy ' || g, (select id from users where email = 'plan7@example.test'),
        now() + ((g % 61) - 30) * interval '1 day' + (g % 97) * interval '1 minute', now()
      from generate_series(1, 6000) g`);
    await db.execute(sql`analyze tasks`);
    await db.execute(sql`analyze users`);
    const [me] = rowsOf<{ id: string }>(
      await db.execute(sql`select id from users where email = 'plan7@example.test'`),
    );
    ctx = {
      ...systemCtx(getDb(), testConfig(), silentLog),
      user: {
        id: me!.id,
        email: 'plan7@example.test',
        name: 'Plan 7',
        role: 'agent',
        language: 'en',
        teamIds: [],
        via: 'api_key',
      },
    };
  });

  /** Every index the plan reads, and whether it sorts. */
  async function planOf(query: Record<string, unknown>) {
    const { statement } = await taskListStatement(ctx, { limit: 50, ...query } as TaskListQuery);
    const [row] = rowsOf<Record<string, unknown>>(
      await getDb().db.execute(sql`explain (format json) ${statement.getSQL()}`),
    );
    const raw = Object.values(row!)[0];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const indexes = new Set<string>();
    let sorts = false;
    const walk = (n: PlanNode) => {
      if (n['Index Name']?.startsWith('tasks_')) indexes.add(n['Index Name']);
      if (n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort') sorts = true;
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan[0].Plan);
    return { indexes: [...indexes], sorts };
  }

  it('my tasks, overdue and today read (assignee_id, due_at, id); the long lists in order, without sorting', async () => {
    const day = { from: new Date().toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
    expect(await planOf({ view: 'mine' })).toEqual({ indexes: ['tasks_assignee_due_idx'], sorts: false });
    expect(await planOf({ view: 'overdue' })).toEqual({ indexes: ['tasks_assignee_due_idx'], sorts: false });
    // A day holds a few hundred at most: reading that range and sorting it is the planner's call.
    expect((await planOf({ view: 'today', ...day })).indexes).toEqual(['tasks_assignee_due_idx']);
    // The next page too: the keyset condition is served by the same index.
    const first = await listTasks(ctx, { view: 'mine', limit: 50 } as TaskListQuery);
    expect(first.nextCursor).not.toBeNull();
    expect((await planOf({ view: 'mine', cursor: first.nextCursor })).indexes).toEqual([
      'tasks_assignee_due_idx',
    ]);
  });

  it('team, done and a customer’s open tasks read an index of tasks too', async () => {
    const [team] = rowsOf<{ id: string }>(
      await getDb().db.execute(sql`insert into teams (name) values ('Plan team') returning id`),
    );
    await getDb().db.execute(sql`insert into team_members (team_id, user_id)
      select ${team!.id}, id from users where email like 'plan1_@example.test' or email = 'plan7@example.test'`);
    const inTeam = { ...ctx, user: { ...ctx.user, teamIds: [team!.id] } };
    const original = ctx;
    ctx = inTeam;
    try {
      // The open tasks in due order, filtered to the team, or each member's range: the planner's choice.
      const teamPlan = await planOf({ view: 'team' });
      expect(teamPlan.indexes.length).toBe(1);
      expect(['tasks_due_idx', 'tasks_assignee_due_idx']).toContain(teamPlan.indexes[0]);
    } finally {
      ctx = original;
    }
    // Done: one person's tasks, sorted by completion (bounded by what that person has).
    expect((await planOf({ view: 'done' })).indexes).toEqual(['tasks_assignee_created_idx']);
    const contactId = '00000000-0000-4000-8000-000000000000';
    expect((await planOf({ view: 'open', contactId })).indexes).toEqual(['tasks_contact_idx']);
  });

  it('all open tasks read (due_at, id) in order', async () => {
    expect(await planOf({ view: 'open' })).toEqual({ indexes: ['tasks_due_idx'], sorts: false });
  });
});

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
