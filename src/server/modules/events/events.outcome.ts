import { eq, sql } from 'drizzle-orm';
import type { EventDto, EventOutcomeInput } from '../../../shared/events.ts';
import type { InteractionDto } from '../../../shared/interactions.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid } from '../../http/errors.ts';
import { diff, recordHistoryEntry } from '../history/index.ts';
import { createInteraction } from '../interactions/index.ts';
import { assertCanEditEvent, viewerOf } from './events.access.ts';
import { events } from './events.schema.ts';
import { loadEvent, loadRows, lockVisible, toDtos } from './events.service.ts';

const MAX_INTERACTION_SECONDS = 7 * 86_400;

/**
 * The caller's meetings and calls that are over and still wait for their outcome, newest first: those about
 * a customer (a contact, a company or a contact among the attendees), not cancelled. Read through
 * `events_outcome_due_idx` (organiser, end) backwards from now.
 */
export async function awaitingOutcome(ctx: Ctx, limit = 50): Promise<EventDto[]> {
  const v = await viewerOf(ctx);
  const ids = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`select e.id from events e
      where e.organizer_id = ${ctx.user.id} and e.ends_at <= ${ctx.now().toISOString()}::timestamptz
        and e.deleted_at is null and e.interaction_id is null and e.status <> 'cancelled'
        and e.outcome is null and e.kind in ('meeting', 'call')
        and (e.contact_id is not null or e.company_id is not null
          or exists (select 1 from event_attendees a where a.event_id = e.id and a.contact_id is not null))
      order by e.ends_at desc, e.id desc limit ${limit}`),
  ).map((r) => r.id);
  const rows = new Map((await loadRows(ctx.db, ids)).map((r) => [r.id, r]));
  return toDtos(
    ctx.db,
    ids.map((id) => rows.get(id)!),
    v,
  );
}

/**
 * A past meeting's or call's outcome becomes an interaction on the customer's timeline (channel `meeting`,
 * or `phone` for a call; at the start, for the event's length), linked to the event; the event keeps the
 * outcome and the interaction's id. All in one transaction, once: a second outcome answers 409.
 */
export async function giveOutcome(
  ctx: Ctx,
  id: string,
  input: EventOutcomeInput,
): Promise<{ event: EventDto; interaction: InteractionDto }> {
  const v = await viewerOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row, attendees } = await lockVisible(tx, v, id);
    assertCanEditEvent(v, row.organizerId);
    if (row.interactionId)
      throw new AppError('outcome_given', {
        status: 409,
        detail: 'This event’s outcome was given already; change the interaction on the timeline instead.',
        extra: { interactionId: row.interactionId },
      });
    if (row.startsAt > ctx.now())
      throw invalid([{ path: 'outcome', message: 'The event has not started yet' }]);
    const contactId = row.contactId ?? attendees.find((a) => a.contactId)?.contactId ?? null;
    if (!contactId && !row.companyId)
      throw invalid([{ path: 'contactId', message: 'Link the event to a contact or a company first' }]);
    const before = await loadEvent(tx, id, v);
    const planned = Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 1000);
    const durationSeconds =
      input.durationMinutes != null
        ? input.durationMinutes * 60
        : row.allDay
          ? null
          : Math.min(planned, MAX_INTERACTION_SECONDS);
    const interaction = await createInteraction(txCtx, {
      channel: row.kind === 'call' ? 'phone' : 'meeting',
      direction: 'out',
      touchpoint: input.touchpoint ?? null,
      occurredAt: row.startsAt.toISOString(),
      subject: row.title.slice(0, 300),
      body: input.notes ?? null,
      outcome: input.outcome,
      durationSeconds,
      ...(row.organizerId ? { userId: row.organizerId } : {}),
      contactId,
      companyId: row.companyId ?? undefined,
      links: [...(row.links as { type: 'event'; id: string }[]).slice(0, 19), { type: 'event', id }],
    });
    await tx
      .update(events)
      .set({
        outcome: input.outcome,
        interactionId: interaction.id,
        version: sql`${events.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(events.id, id));
    const after = await loadEvent(tx, id, v);
    await recordHistoryEntry(
      tx,
      ctx,
      'event',
      id,
      'update',
      diff(before, after, ['outcome', 'interactionId']),
    );
    return { event: after, interaction };
  });
}
