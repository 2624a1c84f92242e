import { and, eq, getTableColumns, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { ListQuery } from '../../../shared/filters.ts';
import type {
  CreateInteractionInput,
  InteractionDto,
  UpdateInteractionInput,
} from '../../../shared/interactions.ts';
import type { Executor } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { diff, eraseHistoryOf, recordHistoryEntry } from '../history/index.ts';
import {
  assertCanAssign,
  assertCanEdit,
  assertVersion,
  countList,
  pageOf,
  planList,
  RECYCLE_BIN_DAYS,
  resolveCustomer,
  sanitizeRichText,
} from '../records/index.ts';
import { audit } from '../system/index.ts';
import { interactionHistoryFields, interactionSpec, newestFirst } from './interactions.fields.ts';
import { interactions } from './interactions.schema.ts';

export type InteractionRow = typeof interactions.$inferSelect & {
  contactName: string | null;
  companyName: string | null;
};

const contactName = sql<
  string | null
>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`;
export const interactionSelection = {
  ...getTableColumns(interactions),
  contactName,
  companyName: companies.name,
};

export function toInteractionDto(r: InteractionRow): InteractionDto {
  return {
    id: r.id,
    channel: r.channel as InteractionDto['channel'],
    direction: r.direction as InteractionDto['direction'],
    touchpoint: r.touchpoint as InteractionDto['touchpoint'],
    occurredAt: r.occurredAt.toISOString(),
    subject: r.subject,
    body: r.body,
    outcome: r.outcome,
    durationSeconds: r.durationSeconds,
    userId: r.userId,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    links: r.links as InteractionDto['links'],
    source: r.source,
    externalId: r.externalId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

const withNames = (db: Executor) =>
  db
    .select(interactionSelection)
    .from(interactions)
    .leftJoin(contacts, eq(contacts.id, interactions.contactId))
    .leftJoin(companies, eq(companies.id, interactions.companyId));

const byId = prepared((db) =>
  withNames(db)
    .where(eq(interactions.id, sql.placeholder('id')))
    .prepare('interaction_by_id'),
);

async function loadRow(db: Executor, id: string): Promise<InteractionRow | undefined> {
  const [row] = await byId(db).execute({ id });
  return row as InteractionRow | undefined;
}

export async function getInteraction(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<InteractionDto> {
  const row = await loadRow(ctx.db, id);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('interaction');
  return toInteractionDto(row);
}

export async function listInteractions(ctx: Ctx, query: ListQuery) {
  const plan = await planList(ctx.db, interactionSpec, query, interactions, newestFirst);
  const rows = await ctx.db
    .select({ ...interactionSelection, ...plan.sortCols })
    .from(interactions)
    .leftJoin(contacts, eq(contacts.id, interactions.contactId))
    .leftJoin(companies, eq(companies.id, interactions.companyId))
    .where(plan.where)
    .orderBy(plan.order)
    .limit(plan.limit + 1);
  const { page, nextCursor } = pageOf(
    rows as (InteractionRow & Record<string, unknown>)[],
    plan,
    (r) => r.id,
  );
  return { data: page.map(toInteractionDto), nextCursor };
}

export function countInteractions(ctx: Ctx, query: ListQuery) {
  return countList(ctx.db, interactionSpec, query, interactions, newestFirst);
}

const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);

export async function createInteraction(ctx: Ctx, input: CreateInteractionInput): Promise<InteractionDto> {
  // Logged here, it is the logger's; from another system, nobody's unless the system says whose.
  const fromElsewhere = input.source !== undefined && input.source !== 'rapport';
  const userId = input.userId === undefined ? (fromElsewhere ? null : actorId(ctx)) : input.userId;
  if (userId !== actorId(ctx)) await assertCanAssign(ctx, userId);
  const customer = await resolveCustomer(ctx.db, input.contactId, input.companyId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(interactions)
      .values({
        channel: input.channel,
        direction: input.direction,
        touchpoint: input.touchpoint ?? null,
        occurredAt: input.occurredAt ? new Date(input.occurredAt) : ctx.now(),
        subject: input.subject ?? null,
        body: sanitizeRichText(input.body),
        outcome: input.outcome ?? null,
        durationSeconds: input.durationSeconds ?? null,
        userId,
        ...customer,
        links: input.links ?? [],
        source: input.source ?? 'rapport',
        externalId: input.externalId ?? null,
        createdById: actorId(ctx),
      })
      .onConflictDoNothing()
      .returning({ id: interactions.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: interactions.id })
        .from(interactions)
        .where(
          and(
            eq(interactions.source, input.source ?? 'rapport'),
            eq(interactions.externalId, input.externalId ?? ''),
          ),
        );
      throw new AppError('duplicate_interaction', {
        status: 409,
        detail: 'An interaction with this source and externalId exists already.',
        errors: [{ path: 'externalId', message: 'Already stored', code: 'duplicate' }],
        extra: { existingId: existing?.id ?? null },
      });
    }
    const created = (await loadRow(tx, row.id))!;
    const after = toInteractionDto(created) as unknown as Record<string, unknown>;
    await recordHistoryEntry(
      tx,
      ctx,
      'interaction',
      created.id,
      'create',
      diff({}, after, interactionHistoryFields),
    );
    return toInteractionDto(created);
  });
}

export async function updateInteraction(
  ctx: Ctx,
  id: string,
  input: UpdateInteractionInput,
  expectedVersion?: number,
): Promise<InteractionDto> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(interactions).where(eq(interactions.id, id)).for('update');
    if (!locked || locked.deletedAt) throw notFound('interaction');
    const txCtx = { ...ctx, db: tx };
    await assertCanEdit(txCtx, locked.userId);
    assertVersion(locked.version, expectedVersion);
    if (input.userId !== undefined && input.userId !== locked.userId)
      await assertCanAssign(txCtx, input.userId);
    const customerChanged = input.contactId !== undefined || input.companyId !== undefined;
    const customer = customerChanged
      ? await resolveCustomer(
          tx,
          input.contactId === undefined ? locked.contactId : input.contactId,
          input.companyId === undefined && input.contactId === undefined ? locked.companyId : input.companyId,
        )
      : { contactId: locked.contactId, companyId: locked.companyId };
    const current = (await loadRow(tx, id))!;
    const before = toInteractionDto(current) as unknown as Record<string, unknown>;
    const { occurredAt, body, ...rest } = input;
    const set = {
      ...rest,
      ...customer,
      ...(body !== undefined ? { body: sanitizeRichText(body) } : {}),
      ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
    };
    const proposed = { ...before, ...set, occurredAt: set.occurredAt?.toISOString() ?? before.occurredAt };
    if (diff(before, proposed as Record<string, unknown>, interactionHistoryFields).length === 0)
      return toInteractionDto(current);
    await tx
      .update(interactions)
      .set({ ...set, version: sql`${interactions.version} + 1`, updatedAt: ctx.now() })
      .where(eq(interactions.id, id));
    const updated = (await loadRow(tx, id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'interaction',
      id,
      'update',
      diff(before, toInteractionDto(updated) as unknown as Record<string, unknown>, interactionHistoryFields),
    );
    return toInteractionDto(updated);
  });
}

export async function deleteInteraction(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(interactions).where(eq(interactions.id, id)).for('update');
    if (!row || row.deletedAt) throw notFound('interaction');
    await assertCanEdit({ ...ctx, db: tx }, row.userId);
    assertVersion(row.version, expectedVersion);
    await tx
      .update(interactions)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${interactions.version} + 1` })
      .where(eq(interactions.id, id));
    await recordHistoryEntry(tx, ctx, 'interaction', id, 'delete', []);
  });
}

export async function restoreInteraction(ctx: Ctx, id: string): Promise<InteractionDto> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(interactions).where(eq(interactions.id, id)).for('update');
    if (!row?.deletedAt) throw notFound('interaction');
    await assertCanEdit({ ...ctx, db: tx }, row.userId);
    await tx
      .update(interactions)
      .set({
        deletedAt: null,
        deletedById: null,
        version: sql`${interactions.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(interactions.id, id));
    await recordHistoryEntry(tx, ctx, 'interaction', id, 'restore', []);
    return toInteractionDto((await loadRow(tx, id))!);
  });
}

/** Interactions in the recycle bin longer than the retention period are erased for good. */
export async function purgeInteractionRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(isNotNull(interactions.deletedAt), lt(interactions.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(interactions).where(inArray(interactions.id, ids));
    await audit({ db: tx, user: ctx.user }, 'interaction.purge', 'interaction', null, { count: ids.length });
  });
  return ids.length;
}

/**
 * For a hard erase of a contact or company (GDPR): the history of its interactions goes, and so do the
 * interactions that would be left about nobody (a contact's go by the foreign key; a company's own ones,
 * without a contact, here).
 */
export async function eraseInteractionsOf(
  tx: Executor,
  of: { contactIds: string[] } | { companyId: string },
) {
  const mine =
    'contactIds' in of
      ? inArray(interactions.contactId, of.contactIds)
      : and(eq(interactions.companyId, of.companyId), isNull(interactions.contactId));
  const ids = tx.select({ id: interactions.id }).from(interactions).where(mine);
  await eraseHistoryOf(tx, 'interaction', ids);
  if ('companyId' in of) await tx.delete(interactions).where(mine);
}
