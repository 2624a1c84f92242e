import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../../shared/common.ts';
import type { Config } from '../config.ts';
import type { Database, Executor } from '../db/client.ts';

export type Principal = {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: string;
  teamIds: string[];
  /** How the caller came in; `job` is a background job acting for the user who started it. */
  via: 'session' | 'api_key' | 'system' | 'job';
};

/** What every service receives: the database (or a transaction), the acting user, a clock and a logger. */
export type Ctx = {
  db: Executor;
  database: Database;
  config: Config;
  user: Principal;
  log: FastifyBaseLogger;
  now: () => Date;
};

export const roleRank: Record<Role, number> = { viewer: 0, agent: 1, manager: 2, admin: 3 };
export const atLeast = (user: Pick<Principal, 'role'>, role: Role) => roleRank[user.role] >= roleRank[role];

/** The id the system acts as (CLI, maintenance, sweeps). */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

/** A context for the CLI and maintenance jobs, acting as the system. */
export function systemCtx(database: Database, config: Config, log: FastifyBaseLogger): Ctx {
  return {
    db: database.db,
    database,
    config,
    log,
    now: () => config.clock.now(),
    user: {
      id: SYSTEM_USER_ID,
      email: 'system',
      name: 'System',
      role: 'admin',
      language: 'en',
      teamIds: [],
      via: 'system',
    },
  };
}
