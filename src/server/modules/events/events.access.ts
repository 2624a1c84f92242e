import { inArray, type SQL, sql } from 'drizzle-orm';
import { atLeast, type Ctx } from '../../http/context.ts';
import { AppError, invalid } from '../../http/errors.ts';
import { assertCanAssign } from '../records/index.ts';
import { teamMembers } from '../users/users.schema.ts';
import { eventAttendees, events } from './events.schema.ts';

/**
 * Who sees which events. A calendar is more private than a contact: everyone sees the events they organise
 * or attend and the events their teammates organise; admins see all. Who may change an event follows the
 * records rule (records/access.ts) with the organiser as owner: the organiser, their teammates, admins;
 * viewers nothing. Events a caller may not see answer 404 like missing ones.
 */
export type Viewer = {
  id: string;
  admin: boolean;
  writer: boolean;
  /** The caller and everyone who shares a team with them: the organisers whose events the caller sees. */
  organizers: string[];
};

export async function viewerOf(ctx: Ctx): Promise<Viewer> {
  const admin = atLeast(ctx.user, 'admin');
  const mates = ctx.user.teamIds.length
    ? await ctx.db
        .selectDistinct({ userId: teamMembers.userId })
        .from(teamMembers)
        .where(inArray(teamMembers.teamId, ctx.user.teamIds))
    : [];
  return {
    id: ctx.user.id,
    admin,
    writer: atLeast(ctx.user, 'agent'),
    organizers: [...new Set([ctx.user.id, ...mates.map((m) => m.userId)])],
  };
}

export const uuidArray = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`;

/** The events a viewer may see, as a condition on `events` (none for admins). */
export function visibleTo(v: Viewer): SQL | undefined {
  if (v.admin) return undefined;
  return sql`(${events.organizerId} = any(${uuidArray(v.organizers)}) or exists (select 1 from ${eventAttendees} a
    where a.event_id = ${events.id} and a.user_id = ${v.id}))`;
}

export function canSeeEvent(v: Viewer, organizerId: string | null, attendeeUserIds: (string | null)[]) {
  return (
    v.admin || (organizerId !== null && v.organizers.includes(organizerId)) || attendeeUserIds.includes(v.id)
  );
}

export function canEditEvent(v: Viewer, organizerId: string | null): boolean {
  if (v.admin) return true;
  if (!v.writer) return false;
  return organizerId === null || v.organizers.includes(organizerId);
}

export function assertCanEditEvent(v: Viewer, organizerId: string | null) {
  if (!canEditEvent(v, organizerId))
    throw new AppError('forbidden', {
      status: 403,
      detail: 'Only the organiser, their teammates and admins can change this event.',
    });
}

/** Another organiser must be an active user the caller may hand records to; errors name `organizerId`. */
export async function assertCanOrganizeFor(ctx: Ctx, organizerId: string | null) {
  // An event in nobody's calendar is seen by admins and attendees only: only admins (and the system) may make one.
  if (organizerId === null && ctx.user.via !== 'system' && !atLeast(ctx.user, 'admin'))
    throw invalid([{ path: 'organizerId', message: 'Give the event an organiser' }]);
  try {
    await assertCanAssign(ctx, organizerId);
  } catch (err) {
    if (err instanceof AppError && err.errors)
      throw new AppError(err.code, {
        status: err.status,
        detail:
          err.status === 403
            ? 'You can put events only in your own or your teammates’ calendars.'
            : undefined,
        errors: err.errors.map((e) => ({ ...e, path: 'organizerId' })),
      });
    throw err;
  }
}
