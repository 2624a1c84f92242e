import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  AssignmentRuleDto,
  CreateAssignmentRuleInput,
  UpdateAssignmentRuleInput,
} from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { users } from '../users/users.schema.ts';
import { leadAssignmentRules } from './leads.schema.ts';

type Row = typeof leadAssignmentRules.$inferSelect;

async function toDtos(db: Executor, rows: Row[]): Promise<AssignmentRuleDto[]> {
  const ids = [...new Set(rows.flatMap((r) => r.userIds))];
  const names = new Map(
    ids.length
      ? (
          await db
            .select({ id: users.id, name: sql<string>`coalesce(nullif(${users.name}, ''), ${users.email})` })
            .from(users)
            .where(inArray(users.id, ids))
        ).map((u) => [u.id, u.name])
      : [],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as AssignmentRuleDto['kind'],
    countries: r.countries,
    userIds: r.userIds,
    userNames: r.userIds.map((id) => names.get(id) ?? '—'),
    position: r.position,
    active: r.active,
    version: r.version,
  }));
}

export async function listAssignmentRules(db: Executor) {
  const rows = await db
    .select()
    .from(leadAssignmentRules)
    .orderBy(asc(leadAssignmentRules.position), asc(leadAssignmentRules.createdAt));
  return toDtos(db, rows);
}

/** Every user named must exist and be active. */
async function assertUsers(db: Executor, ids: string[]) {
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, 1)));
  const known = new Set(found.map((u) => u.id));
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !known.has(id))
    .map(({ i }) => ({ path: `userIds.${i}`, message: 'Unknown or inactive user' }));
  if (errors.length) throw invalid(errors);
}

export async function createAssignmentRule(ctx: Ctx, input: CreateAssignmentRuleInput) {
  await assertUsers(ctx.db, input.userIds);
  const [row] = await ctx.db
    .insert(leadAssignmentRules)
    .values({ ...input, createdAt: ctx.now(), updatedAt: ctx.now() })
    .returning();
  return (await toDtos(ctx.db, [row!]))[0]!;
}

export async function updateAssignmentRule(
  ctx: Ctx,
  id: string,
  input: UpdateAssignmentRuleInput,
  expectedVersion?: number,
) {
  if (input.userIds) await assertUsers(ctx.db, input.userIds);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(leadAssignmentRules)
      .where(eq(leadAssignmentRules.id, id))
      .for('update');
    if (!current) throw notFound('assignment_rule');
    assertVersion(current.version, expectedVersion);
    const merged = { ...current, ...input };
    if (merged.kind === 'territory' && !merged.countries.length)
      throw invalid([{ path: 'countries', message: 'A territory needs at least one country' }]);
    const [row] = await tx
      .update(leadAssignmentRules)
      .set({ ...input, version: sql`${leadAssignmentRules.version} + 1`, updatedAt: ctx.now() })
      .where(eq(leadAssignmentRules.id, id))
      .returning();
    return (await toDtos(tx, [row!]))[0]!;
  });
}

export async function deleteAssignmentRule(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .delete(leadAssignmentRules)
    .where(eq(leadAssignmentRules.id, id))
    .returning({ id: leadAssignmentRules.id });
  if (!row) throw notFound('assignment_rule');
}

/**
 * The owner for a new lead from this country: the first active rule that matches (a territory lists the
 * country; a round robin without countries takes everyone) gives it to its next user in turn. The turn is
 * taken by one `UPDATE … RETURNING` — its row lock makes concurrent leads queue for it, so two never get the
 * same turn. Call inside the transaction that creates the lead. Null when no rule matches.
 */
export async function chooseOwner(db: Executor, country: string | null): Promise<string | null> {
  const rules = await db
    .select({
      id: leadAssignmentRules.id,
      kind: leadAssignmentRules.kind,
      countries: leadAssignmentRules.countries,
    })
    .from(leadAssignmentRules)
    .where(eq(leadAssignmentRules.active, true))
    .orderBy(asc(leadAssignmentRules.position), asc(leadAssignmentRules.createdAt));
  const rule = rules.find((r) =>
    r.countries.length ? Boolean(country) && r.countries.includes(country!) : r.kind === 'round_robin',
  );
  if (!rule) return null;
  const res = await db.execute(sql`
    update lead_assignment_rules set pointer = pointer + 1
    where id = ${rule.id}
    returning user_ids[((pointer - 1) % cardinality(user_ids)) + 1] as user_id`);
  return ((res.rows[0] as { user_id: string | null } | undefined)?.user_id ?? null) as string | null;
}
