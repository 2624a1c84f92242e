import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { atLeast, type Ctx } from '../../http/context.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import { teamMembers, users } from '../users/users.schema.ts';

/**
 * Who may change a record (everyone signed in may read):
 * admins everything; managers and agents records they own, records owned by someone in one of their
 * teams, and unowned records; viewers nothing.
 */
export async function canEdit(ctx: Ctx, ownerId: string | null): Promise<boolean> {
  if (atLeast(ctx.user, 'admin')) return true;
  if (!atLeast(ctx.user, 'agent')) return false;
  if (ownerId === null || ownerId === ctx.user.id) return true;
  if (!ctx.user.teamIds.length) return false;
  const [hit] = await ctx.db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, ownerId), inArray(teamMembers.teamId, ctx.user.teamIds)))
    .limit(1);
  return Boolean(hit);
}

export async function assertCanEdit(ctx: Ctx, ownerId: string | null) {
  if (!(await canEdit(ctx, ownerId)))
    throw forbidden('You can change only your own records and your teams’ records.');
}

/** A new owner must be an active user; non-admins may hand records only to themselves or teammates. */
export async function assertCanAssign(ctx: Ctx, ownerId: string | null) {
  if (ownerId === null) return;
  const [owner] = await ctx.db
    .select({ id: users.id, active: users.active })
    .from(users)
    .where(eq(users.id, ownerId));
  if (owner?.active !== 1)
    throw new AppError('invalid_owner', {
      status: 422,
      errors: [{ path: 'ownerId', message: 'Unknown or inactive user' }],
    });
  if (!(await canEdit(ctx, ownerId)))
    throw new AppError('invalid_owner', {
      status: 403,
      detail: 'You can assign records only to yourself or your teammates.',
      errors: [{ path: 'ownerId', message: 'Not in your teams' }],
    });
}

/** The `If-Match` request header as routes declare it; `parseIfMatch` reads the version out of it. */
export const ifMatchHeader = z.object({ 'if-match': z.string().max(50).optional() });

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m)
    throw new AppError('invalid_if_match', {
      status: 400,
      errors: [{ path: 'headers.if-match', message: 'Send the record version as "<number>"' }],
    });
  return Number(m[1]);
}

export function assertVersion(current: number, expected: number | undefined) {
  if (expected !== undefined && expected !== current) {
    throw new AppError('version_conflict', {
      status: 412,
      detail: 'The record was changed by someone else. Reload it and apply your change again.',
      extra: { currentVersion: current },
    });
  }
}

export const RECYCLE_BIN_DAYS = 30;
