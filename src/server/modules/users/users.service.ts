import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/common.ts';
import type { CreateUserInput, UpdateUserInput, UserDto } from '../../../shared/users.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx, Principal } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { forgetPrincipals } from './principal-cache.ts';
import { sessions, teamMembers, teams, users } from './users.schema.ts';

type UserRow = typeof users.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUserDto(row: UserRow, teamIds: string[]): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    active: row.active === 1,
    teamIds,
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    lastLoginAt: iso(row.lastLoginAt),
    createdAt: row.createdAt.toISOString(),
  };
}

async function teamIdsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return map;
  const rows = await db.select().from(teamMembers).where(inArray(teamMembers.userId, userIds));
  for (const r of rows) map.get(r.userId)?.push(r.teamId);
  return map;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return row;
}

async function insertUser(db: Executor, input: CreateUserInput) {
  if (await findUserByEmail(db, input.email)) {
    throw new AppError('email_taken', {
      status: 409,
      detail: 'A user with this e-mail already exists.',
      errors: [{ path: 'email', message: 'Already in use' }],
    });
  }
  const [row] = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      language: input.language,
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  if (input.teamIds.length) await setTeams(db, row!.id, input.teamIds);
  return toUserDto(row!, input.teamIds);
}

async function setTeams(db: Executor, userId: string, teamIds: string[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length) {
    const found = await db.select({ id: teams.id }).from(teams).where(inArray(teams.id, unique));
    if (found.length !== unique.length)
      throw new AppError('team_not_found', {
        status: 422,
        errors: [{ path: 'teamIds', message: 'Unknown team' }],
      });
  }
  await db.delete(teamMembers).where(eq(teamMembers.userId, userId));
  if (unique.length) await db.insert(teamMembers).values(unique.map((teamId) => ({ teamId, userId })));
}

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserDto> {
  return ctx.db.transaction(async (tx) => {
    const user = await insertUser(tx, input);
    await audit({ db: tx, user: ctx.user }, 'user.create', 'user', user.id, {
      email: user.email,
      role: user.role,
    });
    return user;
  });
}

/** Creates the first admin; refused once any user exists (the set-up page is a one-time door). */
export async function setupFirstAdmin(
  db: Executor,
  input: { email: string; name: string; password: string; language: 'en' | 'fr' | 'de' | 'da' },
) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table users in exclusive mode`);
    if ((await countUsers(tx)) > 0)
      throw new AppError('setup_done', { status: 409, detail: 'Rapport is already set up. Log in instead.' });
    return insertUser(tx, { ...input, role: 'admin', teamIds: [] });
  });
}

export async function listUsers(ctx: Ctx): Promise<UserDto[]> {
  const rows = await ctx.db.select().from(users).orderBy(asc(users.name), asc(users.email));
  const teamMap = await teamIdsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUserDto(r, teamMap.get(r.id) ?? []));
}

export async function getUser(ctx: Pick<Ctx, 'db'>, id: string): Promise<UserDto> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('user');
  return toUserDto(row, (await teamIdsOf(ctx.db, [id])).get(id) ?? []);
}

async function assertNotLastAdmin(db: Executor, userId: string) {
  // Serialise demotions: two admins demoting each other at once would each still see the other as an admin.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('rapport:last_admin'))`);
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, 1), ne(users.id, userId)));
  if ((row?.n ?? 0) === 0)
    throw new AppError('last_admin', { status: 409, detail: 'Rapport needs at least one active admin.' });
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<UserDto> {
  return ctx.db
    .transaction(async (tx) => {
      const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!current) throw notFound('user');
      const demoting =
        current.role === 'admin' && ((input.role && input.role !== 'admin') || input.active === false);
      if (demoting) await assertNotLastAdmin(tx, id);
      const patch: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.role !== undefined) patch.role = input.role;
      if (input.language !== undefined) patch.language = input.language;
      if (input.active !== undefined) patch.active = input.active ? 1 : 0;
      const [row] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
      if (input.teamIds) await setTeams(tx, id, input.teamIds);
      if (input.active === false) await tx.delete(sessions).where(eq(sessions.userId, id));
      if (input.role !== undefined || input.active !== undefined) {
        await audit({ db: tx, user: ctx.user }, 'user.update', 'user', id, {
          role: input.role,
          active: input.active,
        });
      }
      return toUserDto(row!, (await teamIdsOf(tx, [id])).get(id) ?? []);
    })
    .finally(forgetPrincipals);
}

export async function updateMe(ctx: Ctx, input: { name?: string; language?: string }): Promise<UserDto> {
  forgetPrincipals();
  const [row] = await ctx.db
    .update(users)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(users.id, ctx.user.id))
    .returning();
  if (!row) throw notFound('user');
  return toUserDto(row, ctx.user.teamIds);
}

/** Admin sets a new password: unlocks the account and ends every session of that user. */
export async function resetPassword(ctx: Ctx, id: string, password: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(password),
        passwordChangedAt: new Date(),
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (!row) throw notFound('user');
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await audit({ db: tx, user: ctx.user }, 'user.password_reset', 'user', id);
  });
}

/** The columns of an acting user, with team ids, in one query (it runs on every request). */
export const principalColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  language: users.language,
  teamIds: sql<
    string[]
  >`array(select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.userId} = ${users.id})`,
};

export async function loadPrincipal(
  db: Executor,
  userId: string,
  via: Principal['via'],
): Promise<Principal | null> {
  const [row] = await db
    .select(principalColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, 1)));
  return row ? { ...row, role: row.role as Role, teamIds: row.teamIds ?? [], via } : null;
}

/**
 * Checks a password, counting failures: after `maxFailures` in a row the account is locked for `lockMs`.
 * Unknown e-mails cost the same time as known ones.
 */
export async function authenticate(
  db: Executor,
  config: Config,
  email: string,
  password: string,
  now = new Date(),
) {
  const row = await findUserByEmail(db, email);
  if (!row) {
    await verifyPassword(await dummyHash(), password);
    throw new AppError('invalid_credentials', { status: 401, detail: 'E-mail or password is wrong.' });
  }
  if (row.lockedUntil && row.lockedUntil > now) {
    throw new AppError('account_locked', {
      status: 429,
      detail: 'Too many failed log-ins. Try again later or ask an admin to reset your password.',
      extra: { retryAfter: row.lockedUntil.toISOString() },
    });
  }
  const ok = await verifyPassword(row.passwordHash, password);
  if (!ok || row.active !== 1) {
    if (ok)
      throw new AppError('invalid_credentials', { status: 401, detail: 'E-mail or password is wrong.' });
    // Count in the database, not from the row read above: failures sent in parallel must each be counted.
    const [counted] = await db
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, row.id))
      .returning({ failures: users.failedLogins });
    const lock = (counted?.failures ?? 0) >= config.login.maxFailures;
    if (lock)
      await db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + config.login.lockMs) })
        .where(eq(users.id, row.id));
    if (lock)
      await audit({ db, user: { id: row.id, via: 'session' } as Principal }, 'user.locked', 'user', row.id);
    throw new AppError('invalid_credentials', { status: 401, detail: 'E-mail or password is wrong.' });
  }
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
    .where(eq(users.id, row.id));
  return row.id;
}
