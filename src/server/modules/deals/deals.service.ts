import { and, asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  CreateDealInput,
  DealDetailDto,
  DealDto,
  DealStatus,
  MoveDealInput,
  UpdateDealInput,
} from '../../../shared/deals.ts';
import { reasonsFor } from '../../../shared/deals.ts';
import { normalizeDecimal } from '../../../shared/money.ts';
import { type LineDto, type LineInput, priceLines } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { diff, eraseHistoryOf, recordHistoryEntry } from '../history/index.ts';
import { products } from '../products/products.schema.ts';
import {
  assertCanAssign,
  assertCanEdit,
  assertVersion,
  RECYCLE_BIN_DAYS,
  resolveCustomer,
} from '../records/index.ts';
import { getSalesSettings } from '../sales/index.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import { dealHistoryFields } from './deals.fields.ts';
import { rankBetween } from './deals.rank.ts';
import { dealLines, deals, pipelineStages } from './deals.schema.ts';
import { resolvePipeline, stageById } from './pipelines.service.ts';

export type DealRow = typeof deals.$inferSelect & {
  ownerName: string | null;
  contactName: string | null;
  companyName: string | null;
  lineCount: number;
};

const owner = alias(users, 'owner');
export const dealSelection = {
  ...getTableColumns(deals),
  ownerName: sql<string | null>`coalesce(nullif(${owner.name}, ''), ${owner.email})`,
  contactName: sql<
    string | null
  >`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
  companyName: companies.name,
  lineCount: sql<number>`(select count(*)::int from ${dealLines} where ${dealLines.dealId} = ${deals.id})`,
};

/** Deals with the names of their owner, contact and company: one query, whatever the page size. */
export const withNames = (db: Executor, extra: Record<string, SQL<string | null>> = {}) =>
  db
    .select({ ...dealSelection, ...extra })
    .from(deals)
    .leftJoin(owner, eq(owner.id, deals.ownerId))
    .leftJoin(contacts, eq(contacts.id, deals.contactId))
    .leftJoin(companies, eq(companies.id, deals.companyId));

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toDealDto(r: DealRow): DealDto {
  return {
    id: r.id,
    title: r.title,
    pipelineId: r.pipelineId,
    stageId: r.stageId,
    status: r.status as DealStatus,
    amount: Number(r.amount),
    currency: r.currency,
    expectedCloseOn: r.expectedCloseOn,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    source: r.source,
    description: r.description,
    rank: r.rank,
    stageChangedAt: r.stageChangedAt.toISOString(),
    closedAt: iso(r.closedAt),
    closeReason: r.closeReason,
    closeNote: r.closeNote,
    lineCount: Number(r.lineCount),
    createdById: r.createdById,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}

export async function loadDeals(db: Executor, ids: string[]): Promise<DealRow[]> {
  if (!ids.length) return [];
  return (await withNames(db).where(inArray(deals.id, ids))) as DealRow[];
}

const loadRow = async (db: Executor, id: string) => (await loadDeals(db, [id]))[0];

/** A deal's line items in order, quantities and rates as normalised decimal strings. */
export async function dealLinesOf(db: Executor, dealId: string): Promise<LineDto[]> {
  const rows = await db
    .select({ line: dealLines, sku: products.sku })
    .from(dealLines)
    .leftJoin(products, eq(products.id, dealLines.productId))
    .where(eq(dealLines.dealId, dealId))
    .orderBy(asc(dealLines.position));
  return rows.map(({ line: l, sku }) => ({
    productId: l.productId,
    sku: sku ?? null,
    description: l.description,
    quantity: normalizeDecimal(l.quantity),
    unitPrice: Number(l.unitPrice),
    discountPercent: l.discountPercent === null ? null : normalizeDecimal(l.discountPercent),
    discountAmount: l.discountAmount === null ? null : Number(l.discountAmount),
    taxRate: normalizeDecimal(l.taxRate),
    net: Number(l.net),
  }));
}

async function detailOf(db: Executor, row: DealRow): Promise<DealDetailDto> {
  const lines = await dealLinesOf(db, row.id);
  const priced = priceLines(lines);
  return { ...toDealDto(row), lines, totals: priced.totals, taxBreakdown: priced.taxBreakdown };
}

export async function getDeal(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}) {
  const row = await loadRow(ctx.db, id);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('deal');
  return detailOf(ctx.db, row);
}

const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);
const historyOf = (row: DealRow) => toDealDto(row) as unknown as Record<string, unknown>;

/** Lines priced once, as the document totals compute them; the deal's amount is their net total. */
function priced(lines: LineInput[]) {
  const p = priceLines(lines);
  if (p.totals.net < 0) throw invalid([{ path: 'lines', message: 'The lines add up to less than zero' }]);
  return p;
}

async function writeLines(tx: Executor, dealId: string, lines: LineInput[]) {
  await tx.delete(dealLines).where(eq(dealLines.dealId, dealId));
  if (!lines.length) return;
  const p = priced(lines);
  await tx.insert(dealLines).values(
    lines.map((l, i) => ({
      dealId,
      position: i,
      productId: l.productId ?? null,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? null,
      discountAmount: l.discountAmount ?? null,
      taxRate: l.taxRate,
      net: p.lines[i]!.net,
    })),
  );
}

/** Products on lines must exist; archived ones may stay on a deal that has them but not be added anew. */
async function checkProducts(db: Executor, lines: LineInput[], dealId?: string) {
  const ids = [...new Set(lines.map((l) => l.productId).filter((x): x is string => Boolean(x)))];
  if (!ids.length) return;
  const found = await db
    .select({ id: products.id, archived: sql<boolean>`${products.archivedAt} is not null` })
    .from(products)
    .where(and(inArray(products.id, ids), sql`${products.deletedAt} is null`));
  const kept = dealId
    ? new Set(
        (
          await db
            .select({ id: dealLines.productId })
            .from(dealLines)
            .where(and(eq(dealLines.dealId, dealId), inArray(dealLines.productId, ids)))
        ).map((r) => r.id),
      )
    : new Set<string | null>();
  const ok = new Set(found.filter((r) => !r.archived || kept.has(r.id)).map((r) => r.id));
  const errors = lines.flatMap((l, i) =>
    l.productId && !ok.has(l.productId)
      ? [{ path: `lines.${i}.productId`, message: 'Unknown or archived product' }]
      : [],
  );
  if (errors.length) throw invalid(errors);
}

type Stage = NonNullable<Awaited<ReturnType<typeof stageById>>>;

/**
 * What entering a stage does to a deal: its status follows the stage's kind; closing (won or lost) needs a
 * reason from that kind's list and stamps `closedAt`; reopening clears the reason, note and time.
 */
function enterStage(
  from: { stageId: string; status: string; closedAt: Date | null } | null,
  stage: Stage,
  reason: string | null | undefined,
  note: string | null | undefined,
  now: Date,
) {
  const kind = stage.kind as DealStatus;
  const moved = from?.stageId !== stage.id;
  const base = moved ? { stageId: stage.id, pipelineId: stage.pipelineId, stageChangedAt: now } : {};
  if (kind === 'open') {
    if (reason)
      throw invalid([{ path: 'closeReason', message: 'Only a won or lost deal has a close reason' }]);
    return { ...base, status: kind, closedAt: null, closeReason: null, closeNote: null };
  }
  const closing = from?.status !== kind;
  if (closing || reason !== undefined) {
    if (!reason)
      throw invalid(
        [{ path: 'closeReason', message: kind === 'won' ? 'Why was it won?' : 'Why was it lost?' }],
        `A ${kind} deal needs a reason.`,
      );
    if (!reasonsFor(kind).includes(reason))
      throw invalid([{ path: 'closeReason', message: `Not a reason a deal is ${kind} for` }]);
  }
  return {
    ...base,
    status: kind,
    ...(closing ? { closedAt: now } : {}),
    ...(reason !== undefined ? { closeReason: reason } : {}),
    ...(note !== undefined ? { closeNote: note } : {}),
  };
}

/** The stage a deal goes into: in its pipeline, not archived (for a new placement). */
async function targetStage(db: Executor, pipelineId: string, stageId: string): Promise<Stage> {
  const stage = await stageById(db, stageId);
  if (!stage || stage.archivedAt || stage.pipelineId !== pipelineId)
    throw invalid([{ path: 'stageId', message: 'Not a stage of the pipeline' }]);
  return stage;
}

/** A rank after the last card of a stage. */
async function endOf(db: Executor, stageId: string, except?: string): Promise<string> {
  const [last] = await db
    .select({ rank: deals.rank })
    .from(deals)
    .where(
      and(
        eq(deals.stageId, stageId),
        sql`${deals.deletedAt} is null`,
        except ? sql`${deals.id} <> ${except}` : undefined,
      ),
    )
    .orderBy(sql`${deals.rank} desc`, sql`${deals.id} desc`)
    .limit(1);
  return rankBetween(last?.rank ?? '', null);
}

async function assertOwner(ctx: Ctx, ownerId: string | null) {
  if (ownerId !== actorId(ctx)) await assertCanAssign(ctx, ownerId);
}

export async function createDeal(ctx: Ctx, input: CreateDealInput): Promise<DealDetailDto> {
  const ownerId = input.ownerId === undefined ? actorId(ctx) : input.ownerId;
  await assertOwner(ctx, ownerId);
  const customer = await resolveCustomer(ctx.db, input.contactId, input.companyId);
  const pipeline = await resolvePipeline(ctx, input.pipelineId);
  const stageId = input.stageId ?? pipeline.stages.find((s) => s.kind === 'open')!.id;
  const stage = await targetStage(ctx.db, pipeline.id, stageId);
  const now = ctx.now();
  const closing = enterStage(null, stage, input.closeReason, input.closeNote, now);
  const lines = input.lines ?? [];
  await checkProducts(ctx.db, lines);
  const amount = lines.length ? priced(lines).totals.net : (input.amount ?? 0);
  const currency = input.currency ?? (await getSalesSettings(ctx.db)).defaultCurrency;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(deals)
      .values({
        title: input.title,
        pipelineId: pipeline.id,
        stageId: stage.id,
        status: closing.status,
        amount,
        currency,
        expectedCloseOn: input.expectedCloseOn ?? null,
        ownerId,
        ...customer,
        source: input.source ?? null,
        description: input.description ?? null,
        rank: await endOf(tx, stage.id),
        stageChangedAt: now,
        closedAt: closing.status === 'open' ? null : now,
        closeReason: closing.closeReason ?? null,
        closeNote: closing.closeNote ?? null,
        createdById: actorId(ctx),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: deals.id });
    await writeLines(tx, row!.id, lines);
    const created = (await loadRow(tx, row!.id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'deal',
      created.id,
      'create',
      diff({}, historyOf(created), dealHistoryFields),
    );
    return detailOf(tx, created);
  });
}

async function lockDeal(tx: Executor, ctx: Ctx, id: string, expectedVersion?: number) {
  const [locked] = await tx.select().from(deals).where(eq(deals.id, id)).for('update');
  if (!locked || locked.deletedAt) throw notFound('deal');
  await assertCanEdit({ ...ctx, db: tx }, locked.ownerId);
  assertVersion(locked.version, expectedVersion);
  return locked;
}

/** Saves a change and records it in the history (nothing, not even a new version, when nothing changed). */
async function apply(
  tx: Executor,
  ctx: Ctx,
  id: string,
  set: Partial<typeof deals.$inferInsert>,
  linesChanged: boolean,
) {
  const current = (await loadRow(tx, id))!;
  const before = historyOf(current);
  const proposed = { ...before, ...set };
  const rankMoved = set.rank !== undefined && set.rank !== current.rank;
  if (!linesChanged && !rankMoved && diff(before, proposed, dealHistoryFields).length === 0)
    return detailOf(tx, current);
  await tx
    .update(deals)
    .set({ ...set, version: sql`${deals.version} + 1`, updatedAt: ctx.now() })
    .where(eq(deals.id, id));
  const updated = (await loadRow(tx, id))!;
  await recordHistoryEntry(
    tx,
    ctx,
    'deal',
    id,
    'update',
    diff(before, historyOf(updated), dealHistoryFields),
  );
  return detailOf(tx, updated);
}

export async function updateDeal(
  ctx: Ctx,
  id: string,
  input: UpdateDealInput,
  expectedVersion?: number,
): Promise<DealDetailDto> {
  if (input.lines) await checkProducts(ctx.db, input.lines, id);
  return ctx.db.transaction(async (tx) => {
    const locked = await lockDeal(tx, ctx, id, expectedVersion);
    const txCtx = { ...ctx, db: tx };
    if (input.ownerId !== undefined && input.ownerId !== locked.ownerId)
      await assertOwner(txCtx, input.ownerId);
    const customer =
      input.contactId !== undefined || input.companyId !== undefined
        ? await resolveCustomer(
            tx,
            input.contactId === undefined ? locked.contactId : input.contactId,
            input.companyId !== undefined ? input.companyId : input.contactId ? undefined : locked.companyId,
          )
        : {};
    const pipelineId = input.pipelineId ?? locked.pipelineId;
    if (input.pipelineId && input.pipelineId !== locked.pipelineId && !input.stageId)
      throw invalid([{ path: 'stageId', message: 'Give the stage in the new pipeline' }]);
    const now = ctx.now();
    let stageSet = {};
    if (input.stageId && input.stageId !== locked.stageId) {
      const stage = await targetStage(tx, pipelineId, input.stageId);
      stageSet = {
        ...enterStage(locked, stage, input.closeReason, input.closeNote, now),
        rank: await endOf(tx, stage.id, id),
      };
    } else if (input.closeReason !== undefined || input.closeNote !== undefined) {
      const stage = (await stageById(tx, locked.stageId))!;
      stageSet = enterStage(locked, stage, input.closeReason, input.closeNote, now);
    }
    const [{ n: existingLines } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(dealLines)
      .where(eq(dealLines.dealId, id));
    const hasLines = input.lines ? input.lines.length > 0 : Number(existingLines) > 0;
    let amount = input.amount;
    if (input.lines?.length) amount = priced(input.lines).totals.net;
    else if (hasLines && input.amount !== undefined && !input.lines)
      throw invalid([
        { path: 'amount', message: 'The amount is the total of the line items: change the lines' },
      ]);
    if (input.lines) await writeLines(tx, id, input.lines);
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(amount !== undefined ? { amount } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.expectedCloseOn !== undefined ? { expectedCloseOn: input.expectedCloseOn } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...(input.source !== undefined ? { source: input.source } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...customer,
      ...stageSet,
    };
    return apply(tx, ctx, id, set, Boolean(input.lines));
  });
}

/** A card's place relative to a neighbour of the target stage (which must be there). */
async function neighbour(tx: Executor, stageId: string, id: string, path: string) {
  const [n] = await tx
    .select({ id: deals.id, rank: deals.rank })
    .from(deals)
    .where(and(eq(deals.id, id), eq(deals.stageId, stageId), sql`${deals.deletedAt} is null`));
  if (!n) throw invalid([{ path, message: 'Not a card of that stage' }]);
  return n;
}

async function rankFor(tx: Executor, input: MoveDealInput, movingId: string): Promise<string> {
  const others = and(
    eq(deals.stageId, input.stageId),
    sql`${deals.deletedAt} is null`,
    sql`${deals.id} <> ${movingId}`,
  );
  if (input.beforeId) {
    const b = await neighbour(tx, input.stageId, input.beforeId, 'beforeId');
    const [prev] = await tx
      .select({ rank: deals.rank })
      .from(deals)
      .where(and(others, sql`(${deals.rank}, ${deals.id}) < (${b.rank}, ${b.id})`))
      .orderBy(sql`${deals.rank} desc`, sql`${deals.id} desc`)
      .limit(1);
    const a = prev?.rank ?? '';
    return a < b.rank ? rankBetween(a, b.rank) : b.rank;
  }
  if (input.afterId) {
    const a = await neighbour(tx, input.stageId, input.afterId, 'afterId');
    const [next] = await tx
      .select({ rank: deals.rank })
      .from(deals)
      .where(and(others, sql`(${deals.rank}, ${deals.id}) > (${a.rank}, ${a.id})`))
      .orderBy(sql`${deals.rank}`, sql`${deals.id}`)
      .limit(1);
    if (!next) return rankBetween(a.rank, null);
    return a.rank < next.rank ? rankBetween(a.rank, next.rank) : a.rank;
  }
  return endOf(tx, input.stageId, movingId);
}

/** A move on the board: another stage and/or another place among the stage's cards; one row written. */
export async function moveDeal(
  ctx: Ctx,
  id: string,
  input: MoveDealInput,
  expectedVersion?: number,
): Promise<DealDetailDto> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockDeal(tx, ctx, id, expectedVersion);
    const stage = await targetStage(tx, locked.pipelineId, input.stageId);
    const entered =
      stage.id === locked.stageId && input.closeReason === undefined && input.closeNote === undefined
        ? {}
        : enterStage(locked, stage, input.closeReason, input.closeNote, ctx.now());
    const rank = await rankFor(tx, input, id);
    return apply(tx, ctx, id, { ...entered, rank }, false);
  });
}

export async function deleteDeal(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    await lockDeal(tx, ctx, id, expectedVersion);
    await tx
      .update(deals)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${deals.version} + 1` })
      .where(eq(deals.id, id));
    await recordHistoryEntry(tx, ctx, 'deal', id, 'delete', []);
  });
}

export async function restoreDeal(ctx: Ctx, id: string): Promise<DealDetailDto> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(deals).where(eq(deals.id, id)).for('update');
    if (!row?.deletedAt) throw notFound('deal');
    await assertCanEdit({ ...ctx, db: tx }, row.ownerId);
    // Back at the end of its stage; an archived stage sends it to its pipeline's first open stage.
    const stage = await stageById(tx, row.stageId);
    let place: Partial<typeof deals.$inferInsert> = { rank: await endOf(tx, row.stageId, id) };
    if (!stage || stage.archivedAt) {
      const [first] = await tx
        .select()
        .from(pipelineStages)
        .where(
          and(
            eq(pipelineStages.pipelineId, row.pipelineId),
            eq(pipelineStages.kind, 'open'),
            sql`${pipelineStages.archivedAt} is null`,
          ),
        )
        .orderBy(asc(pipelineStages.position))
        .limit(1);
      if (!first)
        throw new AppError('pipeline_archived', { status: 409, detail: 'The deal’s pipeline is archived.' });
      place = { stageId: first.id, status: 'open', rank: await endOf(tx, first.id, id) };
    }
    await tx
      .update(deals)
      .set({
        ...place,
        deletedAt: null,
        deletedById: null,
        version: sql`${deals.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(deals.id, id));
    await recordHistoryEntry(tx, ctx, 'deal', id, 'restore', []);
    return detailOf(tx, (await loadRow(tx, id))!);
  });
}

/** Deals in the recycle bin longer than the retention period are erased for good, with their history. */
export async function purgeDealRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: deals.id })
    .from(deals)
    .where(sql`${deals.deletedAt} is not null and ${deals.deletedAt} < ${cutoff.toISOString()}::timestamptz`)
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await eraseHistoryOf(tx, 'deal', tx.select({ id: deals.id }).from(deals).where(inArray(deals.id, ids)));
    await tx.delete(deals).where(inArray(deals.id, ids));
    await audit({ db: tx, user: ctx.user }, 'deal.purge', 'deal', null, { count: ids.length });
  });
  return ids.length;
}

/**
 * A quote of the deal was accepted (in the caller's transaction): an open deal moves to its pipeline's won
 * stage, reason `other` with the quote in the note, which the salesperson may refine. A deal already
 * closed, binned or in a pipeline without a won stage is left as it is.
 */
export async function winDealForQuote(ctx: Ctx, dealId: string, quoteNumber: string): Promise<void> {
  const [locked] = await ctx.db.select().from(deals).where(eq(deals.id, dealId)).for('update');
  if (!locked || locked.deletedAt || locked.status !== 'open') return;
  const [won] = await ctx.db
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.pipelineId, locked.pipelineId),
        eq(pipelineStages.kind, 'won'),
        sql`${pipelineStages.archivedAt} is null`,
      ),
    )
    .orderBy(asc(pipelineStages.position))
    .limit(1);
  if (!won) return;
  const stage = await targetStage(ctx.db, locked.pipelineId, won.id);
  const entered = enterStage(locked, stage, 'other', `Quote ${quoteNumber} accepted`, ctx.now());
  await apply(ctx.db, ctx, dealId, { ...entered, rank: await endOf(ctx.db, stage.id, dealId) }, false);
}
