import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../../../shared/common.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { createTeam, createUser, findUserByEmail } from '../users/index.ts';
import { teams, users } from '../users/users.schema.ts';
import { DEMO_USER_DOMAIN, demoTeams, demoUsers } from './demo.data.ts';

const silent = {
  level: 'silent',
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  silent() {},
  child() {
    return silent;
  },
} as unknown as FastifyBaseLogger;

async function activeSalesUsers(database: Database, roles: Role[]) {
  return database.db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, roles), eq(users.active, 1)))
    .orderBy(users.createdAt, users.id);
}

async function ensureTeam(database: Database, config: Config, name: string): Promise<string> {
  const [found] = await database.db
    .select({ id: teams.id })
    .from(teams)
    .where(eq(sql`lower(${teams.name})`, name.toLowerCase()));
  if (found) return found.id;
  return (await createTeam(systemCtx(database, config, silent), { name, memberIds: [] })).id;
}

/**
 * The users that own demo records: the active managers and agents. When there are fewer than the demo
 * sales team, the missing demo users are created (in 2–3 teams) with random passwords that are never
 * shown: an admin sets a password for whoever should log in as one of them.
 */
export async function ensureOwners(
  database: Database,
  config: Config,
  log: (m: string) => void,
): Promise<string[]> {
  let owners = await activeSalesUsers(database, ['manager', 'agent']);
  if (owners.length < demoUsers.length) {
    const teamIds = [];
    for (const name of demoTeams) teamIds.push(await ensureTeam(database, config, name));
    let created = 0;
    for (const u of demoUsers) {
      const email = `${u.email}@${DEMO_USER_DOMAIN}`;
      if (await findUserByEmail(database.db, email)) continue;
      await createUser(systemCtx(database, config, silent), {
        email,
        name: u.name,
        role: u.role,
        language: u.language,
        password: randomBytes(24).toString('base64url'),
        teamIds: [teamIds[u.team]!],
      });
      created++;
    }
    if (created) {
      log(
        `Created ${created} demo users (@${DEMO_USER_DOMAIN}) in teams ${demoTeams.join(', ')}. ` +
          'Their passwords are random and not shown: an admin can set one with POST /api/v1/users/<id>/password.',
      );
    }
    owners = await activeSalesUsers(database, ['manager', 'agent']);
  }
  // A database whose sales users were all deactivated: hand the records to the admins instead.
  if (!owners.length) owners = await activeSalesUsers(database, ['admin']);
  return owners.map((o) => o.id);
}
