import { asc, eq, inArray } from 'drizzle-orm';
import type { TeamDto } from '../../../shared/users.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { forgetPrincipals } from './principal-cache.ts';
import { teamMembers, teams, users } from './users.schema.ts';

async function membersOf(db: Executor, teamIds: string[]) {
  const map = new Map<string, string[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return map;
  for (const r of await db.select().from(teamMembers).where(inArray(teamMembers.teamId, teamIds)))
    map.get(r.teamId)?.push(r.userId);
  return map;
}

const toDto = (row: typeof teams.$inferSelect, memberIds: string[]): TeamDto => ({
  id: row.id,
  name: row.name,
  memberIds,
  createdAt: row.createdAt.toISOString(),
});

export async function listTeams(ctx: Ctx): Promise<TeamDto[]> {
  const rows = await ctx.db.select().from(teams).orderBy(asc(teams.name));
  const members = await membersOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDto(r, members.get(r.id) ?? []));
}

async function setMembers(db: Executor, teamId: string, memberIds: string[]) {
  const unique = [...new Set(memberIds)];
  if (unique.length) {
    const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, unique));
    if (found.length !== unique.length)
      throw new AppError('user_not_found', {
        status: 422,
        errors: [{ path: 'memberIds', message: 'Unknown user' }],
      });
  }
  await db.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  if (unique.length) await db.insert(teamMembers).values(unique.map((userId) => ({ teamId, userId })));
}

const nameTaken = () =>
  new AppError('team_name_taken', {
    status: 409,
    detail: 'A team with this name already exists.',
    errors: [{ path: 'name', message: 'A team with this name exists' }],
  });

export async function createTeam(ctx: Ctx, input: { name: string; memberIds: string[] }): Promise<TeamDto> {
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx.insert(teams).values({ name: input.name }).onConflictDoNothing().returning();
      if (!row) throw nameTaken();
      await setMembers(tx, row.id, input.memberIds);
      await audit({ db: tx, user: ctx.user }, 'team.create', 'team', row.id, { name: row.name });
      return toDto(row, [...new Set(input.memberIds)]);
    })
    .finally(forgetPrincipals);
}

export async function updateTeam(
  ctx: Ctx,
  id: string,
  input: { name?: string; memberIds?: string[] },
): Promise<TeamDto> {
  return ctx.db
    .transaction(async (tx) => {
      const [existing] = await tx.select().from(teams).where(eq(teams.id, id));
      if (!existing) throw notFound('team');
      let row = existing;
      if (input.name !== undefined && input.name !== existing.name) {
        try {
          [row] = (await tx.update(teams).set({ name: input.name }).where(eq(teams.id, id)).returning()) as [
            typeof row,
          ];
        } catch (err) {
          if (
            (err as { code?: string; cause?: { code?: string } }).code === '23505' ||
            (err as { cause?: { code?: string } }).cause?.code === '23505'
          )
            throw nameTaken();
          throw err;
        }
      }
      if (input.memberIds) await setMembers(tx, id, input.memberIds);
      await audit({ db: tx, user: ctx.user }, 'team.update', 'team', id, {
        name: input.name,
        memberIds: input.memberIds,
      });
      return toDto(row, (await membersOf(tx, [id])).get(id) ?? []);
    })
    .finally(forgetPrincipals);
}

export async function deleteTeam(ctx: Ctx, id: string) {
  await ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .delete(teams)
        .where(eq(teams.id, id))
        .returning({ id: teams.id, name: teams.name });
      if (!row) throw notFound('team');
      await audit({ db: tx, user: ctx.user }, 'team.delete', 'team', id, { name: row.name });
    })
    .finally(forgetPrincipals);
}
