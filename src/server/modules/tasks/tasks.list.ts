import { inArray, type SQL, sql } from 'drizzle-orm';
import type { ListQuery } from '../../../shared/filters.ts';
import type { TaskListQuery, TaskScope, TaskSummary, TaskView } from '../../../shared/tasks.ts';
import { rowsOf } from '../../db/client.ts';
import type { SortKey } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { countList, pageOf, planList } from '../records/index.ts';
import { teamMembers } from '../users/users.schema.ts';
import { latestCompleted, newestFirst, soonestDue, taskSpec } from './tasks.fields.ts';
import { tasks as t } from './tasks.schema.ts';
import { type TaskRow, toTaskDto, withNames } from './tasks.service.ts';

type State = 'open' | 'overdue' | 'today' | 'done';
const views: Record<TaskView, { state: State; scope: TaskScope }> = {
  mine: { state: 'open', scope: 'mine' },
  team: { state: 'open', scope: 'team' },
  overdue: { state: 'open', scope: 'mine' },
  today: { state: 'open', scope: 'mine' },
  open: { state: 'open', scope: 'all' },
  done: { state: 'done', scope: 'mine' },
};

// Written out, not bound: the partial indexes on open tasks are used only when the planner can see that
// the query asks for a subset of their predicate.
const isOpen = sql`${t.status} in ('open', 'in_progress')`;

/** The caller and everyone who shares a team with them. */
async function teamOf(ctx: Ctx): Promise<string[]> {
  const ids = new Set([ctx.user.id]);
  if (ctx.user.teamIds.length) {
    const rows = await ctx.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(inArray(teamMembers.teamId, ctx.user.teamIds));
    for (const r of rows) ids.add(r.userId);
  }
  return [...ids];
}

async function scopeSql(ctx: Ctx, scope: TaskScope): Promise<SQL | null> {
  if (scope === 'all') return null;
  if (scope === 'mine') return sql`${t.assigneeId} = ${ctx.user.id}`;
  return sql`${t.assigneeId} = any(${sql.param(await teamOf(ctx))}::uuid[])`;
}

/**
 * A named view as a condition and its natural order. Overdue is judged by the server's clock; "today" by
 * the bounds the caller sends, since only the browser knows its time zone.
 */
async function viewPlan(
  ctx: Ctx,
  q: Pick<TaskListQuery, 'view' | 'scope' | 'from' | 'to'>,
): Promise<{ where: SQL | undefined; sort: SortKey[] }> {
  if (!q.view) return { where: undefined, sort: newestFirst };
  const v = views[q.view];
  const parts: SQL[] = [];
  const scope = await scopeSql(ctx, q.scope ?? v.scope);
  if (scope) parts.push(scope);
  if (v.state === 'done') parts.push(sql`${t.status} = 'done'`);
  else parts.push(isOpen);
  if (q.view === 'overdue') parts.push(sql`${t.dueAt} < ${ctx.now().toISOString()}::timestamptz`);
  if (q.view === 'today' && q.from && q.to)
    parts.push(sql`${t.dueAt} >= ${q.from}::timestamptz and ${t.dueAt} < ${q.to}::timestamptz`);
  return { where: sql.join(parts, sql` and `), sort: v.state === 'done' ? latestCompleted : soonestDue };
}

const listPart = (q: TaskListQuery): ListQuery => {
  const { view: _v, scope: _s, from: _f, to: _t, ...rest } = q;
  return rest as ListQuery;
};

/** The SELECT of one page (exported for the plan checks in the tests). */
export async function taskListStatement(ctx: Ctx, query: TaskListQuery) {
  const view = await viewPlan(ctx, query);
  const plan = await planList(ctx.db, taskSpec, listPart(query), t, view.sort);
  const where = view.where ? sql`${plan.where} and ${view.where}` : plan.where;
  return {
    plan,
    statement: withNames(ctx.db, plan.sortCols)
      .where(where)
      .orderBy(plan.order)
      .limit(plan.limit + 1),
  };
}

export async function listTasks(ctx: Ctx, query: TaskListQuery) {
  const { plan, statement } = await taskListStatement(ctx, query);
  const rows = (await statement) as (TaskRow & Record<string, unknown>)[];
  const { page, nextCursor } = pageOf(rows, plan, (r) => r.id);
  return { data: page.map(toTaskDto), nextCursor };
}

export async function countTasks(ctx: Ctx, query: TaskListQuery) {
  const view = await viewPlan(ctx, query);
  return countList(ctx.db, taskSpec, listPart(query), t, view.sort, view.where);
}

/** Badges count to here and show "999+" beyond: a number nobody reads exactly, at a bounded cost. */
export const SUMMARY_CAP = 999;

export async function summarizeTasks(ctx: Ctx, bounds: { from: string; to: string }): Promise<TaskSummary> {
  const count = async (view: TaskView) => {
    const { where } = await viewPlan(ctx, { view, ...bounds });
    const [row] = rowsOf<{ n: number }>(
      await ctx.db.execute(
        sql`select count(*)::int as n from (select 1 from ${t} where ${t.deletedAt} is null and ${where} limit ${SUMMARY_CAP + 1}) x`,
      ),
    );
    return Math.min(Number(row?.n ?? 0), SUMMARY_CAP + 1);
  };
  return {
    mine: await count('mine'),
    team: await count('team'),
    overdue: await count('overdue'),
    today: await count('today'),
    cap: SUMMARY_CAP,
  };
}
