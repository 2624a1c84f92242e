import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { normalizeDecimal } from '../../../shared/money.ts';
import type { CreateQuoteInput, QuoteDto, QuoteStatus, UpdateQuoteInput } from '../../../shared/quotes.ts';
import { type LineDto, type LineInput, priceLines } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { dealLines, deals } from '../deals/deals.schema.ts';
import { diff, recordHistory, recordHistoryEntry } from '../history/index.ts';
import { latestMailFor } from '../mail/index.ts';
import { documentNumberStatement } from '../numbering/index.ts';
import { orders } from '../orders/orders.schema.ts';
import { products } from '../products/products.schema.ts';
import { assertCanAssign, assertCanEdit, assertVersion, resolveCustomer } from '../records/index.ts';
import { getSalesSettings } from '../sales/index.ts';
import { users } from '../users/users.schema.ts';
import { quoteParties } from './quotes.parties.ts';
import { quotes, quoteTemplates, quoteVersions } from './quotes.schema.ts';

const owner = alias(users, 'quote_owner');
const contactName = sql<
  string | null
>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`;
export const quoteSelection = {
  ...getTableColumns(quotes),
  contactName,
  companyName: companies.name,
  ownerName: sql<string | null>`coalesce(nullif(${owner.name}, ''), ${owner.email})`,
  dealTitle: deals.title,
  orderNumber: orders.number,
  /** Where a mail goes by default: the contact's first address, else the company's. */
  recipient: sql<
    string | null
  >`coalesce(${contacts.emails}->0->>'address', ${companies.emails}->0->>'address')`,
};
export type QuoteRow = typeof quotes.$inferSelect & {
  contactName: string | null;
  companyName: string | null;
  ownerName: string | null;
  dealTitle: string | null;
  orderNumber: string | null;
  recipient: string | null;
};
export type VersionRow = typeof quoteVersions.$inferSelect;

/** Quotes with the names of their contact, company, owner, deal and order (one query, whatever the page size). */
export const withNames = (db: Executor, extra: Record<string, unknown> = {}) =>
  db
    .select({ ...quoteSelection, ...(extra as Record<string, never>) })
    .from(quotes)
    .leftJoin(contacts, eq(contacts.id, quotes.contactId))
    .leftJoin(companies, eq(companies.id, quotes.companyId))
    .leftJoin(owner, eq(owner.id, quotes.ownerId))
    .leftJoin(deals, eq(deals.id, quotes.dealId))
    .leftJoin(orders, eq(orders.id, quotes.orderId));

const iso = (d: Date | null) => d?.toISOString() ?? null;
export const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);
/** Today's date (UTC) by the app's clock, `YYYY-MM-DD`. */
export const today = (ctx: Pick<Ctx, 'now'>) => ctx.now().toISOString().slice(0, 10);
export const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A sent quote whose validity has passed is expired, whether or not the sweep has marked it yet. */
export function effectiveStatus(row: Pick<QuoteRow, 'status' | 'validUntil'>, on: string): QuoteStatus {
  if (row.status === 'sent' && row.validUntil && row.validUntil < on) return 'expired';
  return row.status as QuoteStatus;
}

export function toListItem(r: QuoteRow, on: string) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: effectiveStatus(r, on),
    dealId: r.dealId,
    dealTitle: r.dealTitle,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    currency: r.currency,
    language: r.language,
    currentVersion: r.currentVersion,
    validUntil: r.validUntil,
    totals: { net: r.net, tax: r.tax, gross: r.gross },
    sentAt: iso(r.sentAt),
    acceptedAt: iso(r.acceptedAt),
    acceptedName: r.acceptedName,
    declinedAt: iso(r.declinedAt),
    declineReason: r.declineReason,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    version: r.version,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}

export function toQuoteDto(
  r: QuoteRow,
  v: VersionRow,
  on: string,
  mail: Awaited<ReturnType<typeof latestMailFor>> = null,
): QuoteDto {
  return {
    ...toListItem(r, on),
    terms: v.terms,
    lines: v.lines as LineDto[],
    taxBreakdown: v.taxBreakdown as QuoteDto['taxBreakdown'],
    acceptedIp: r.acceptedIp,
    recipient: r.recipient,
    mail: mail ? { status: mail.status, sentAt: iso(mail.sentAt), lastError: mail.lastError } : null,
  };
}

export async function loadQuotes(db: Executor, ids: string[]): Promise<QuoteRow[]> {
  if (!ids.length) return [];
  return (await withNames(db).where(inArray(quotes.id, ids))) as QuoteRow[];
}

export async function loadVersion(db: Executor, quoteId: string, versionNo: number) {
  const [v] = await db
    .select()
    .from(quoteVersions)
    .where(and(eq(quoteVersions.quoteId, quoteId), eq(quoteVersions.versionNo, versionNo)));
  return v;
}

/** The quote as the API returns it: its current version's content and its latest mail. */
export async function loadQuoteDto(db: Executor, ctx: Pick<Ctx, 'now'>, id: string): Promise<QuoteDto> {
  const [row] = await loadQuotes(db, [id]);
  if (!row) throw notFound('quote');
  const v = await loadVersion(db, id, row.currentVersion);
  return toQuoteDto(row, v!, today(ctx), await latestMailFor(db, 'quote', id));
}

export async function getQuote(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}) {
  const [row] = await loadQuotes(ctx.db, [id]);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('quote');
  return loadQuoteDto(ctx.db, ctx, id);
}

/** A stored line (deal line, template line) as a line of a new document, decimals normalised. */
export function asLineInput(l: {
  productId?: string | null;
  sku?: string | null;
  description: string;
  quantity: string;
  unitPrice: number;
  discountPercent?: string | null;
  discountAmount?: number | null;
  taxRate: string;
}): LineInput {
  return {
    productId: l.productId ?? null,
    sku: l.sku ?? null,
    description: l.description,
    quantity: normalizeDecimal(String(l.quantity)),
    unitPrice: Number(l.unitPrice),
    discountPercent:
      l.discountPercent === null || l.discountPercent === undefined
        ? null
        : normalizeDecimal(String(l.discountPercent)),
    discountAmount:
      l.discountAmount === null || l.discountAmount === undefined ? null : Number(l.discountAmount),
    taxRate: normalizeDecimal(String(l.taxRate)),
  };
}

/** Lines may name only live, unarchived products; negative quantities belong on credit notes. */
export async function checkLines(db: Executor, lines: LineInput[], path = 'lines') {
  lines.forEach((l, i) => {
    if (l.quantity.startsWith('-'))
      throw invalid([{ path: `${path}.${i}.quantity`, message: 'Quantity must not be negative on a quote' }]);
  });
  const ids = [...new Set(lines.map((l) => l.productId).filter((id): id is string => Boolean(id)))];
  if (!ids.length) return;
  const found = await db
    .select({ id: products.id, archivedAt: products.archivedAt })
    .from(products)
    .where(and(inArray(products.id, ids), isNull(products.deletedAt)));
  const live = new Set(found.filter((p) => !p.archivedAt).map((p) => p.id));
  lines.forEach((l, i) => {
    if (l.productId && !live.has(l.productId))
      throw invalid([
        {
          path: `${path}.${i}.productId`,
          message: found.some((p) => p.id === l.productId) ? 'The product is archived' : 'Unknown product',
        },
      ]);
  });
}

/**
 * Lines copied from a deal or a template into a quote in the customer's language: a product line whose text
 * is still one of the product's names (nobody rewrote it) takes the name in that language, so a Danish
 * customer's quote does not list what an English-speaking seller picked as "E-bike Fjord".
 */
async function inLanguage(db: Executor, lines: LineInput[], language: string): Promise<LineInput[]> {
  const ids = [...new Set(lines.map((l) => l.productId).filter((id): id is string => Boolean(id)))];
  if (!ids.length) return lines;
  const rows = await db
    .select({ id: products.id, names: products.names })
    .from(products)
    .where(inArray(products.id, ids));
  const names = new Map(rows.map((r) => [r.id, r.names as Record<string, string>]));
  return lines.map((l) => {
    const n = l.productId ? names.get(l.productId) : undefined;
    const wanted = n?.[language];
    if (!n || !wanted || !Object.values(n).includes(l.description)) return l;
    return { ...l, description: wanted };
  });
}

/** What a new quote starts from: a deal, a template, or nothing. */
async function startingPoint(ctx: Ctx, input: CreateQuoteInput) {
  if (input.dealId && input.templateId)
    throw invalid([{ path: 'templateId', message: 'Start from a deal or from a template, not both' }]);
  if (input.dealId) {
    const [deal] = await ctx.db
      .select()
      .from(deals)
      .where(and(eq(deals.id, input.dealId), isNull(deals.deletedAt)));
    if (!deal) throw invalid([{ path: 'dealId', message: 'Unknown deal' }]);
    const lines = await ctx.db
      .select()
      .from(dealLines)
      .where(eq(dealLines.dealId, deal.id))
      .orderBy(asc(dealLines.position));
    return {
      dealId: deal.id,
      title: deal.title,
      contactId: deal.contactId,
      companyId: deal.companyId,
      ownerId: deal.ownerId,
      currency: deal.currency,
      lines: lines.map(asLineInput),
      terms: undefined as string | null | undefined,
      validDays: undefined as number | undefined,
    };
  }
  if (input.templateId) {
    const [tpl] = await ctx.db
      .select()
      .from(quoteTemplates)
      .where(and(eq(quoteTemplates.id, input.templateId), isNull(quoteTemplates.deletedAt)));
    if (!tpl) throw invalid([{ path: 'templateId', message: 'Unknown template' }]);
    return {
      dealId: null,
      title: tpl.name,
      contactId: undefined,
      companyId: undefined,
      ownerId: undefined,
      currency: tpl.currency,
      lines: (tpl.lines as LineDto[]).map(asLineInput),
      terms: tpl.terms,
      validDays: tpl.validDays,
    };
  }
  return null;
}

export async function createQuote(ctx: Ctx, input: CreateQuoteInput): Promise<QuoteDto> {
  const readSettings = getSalesSettings(ctx.db);
  // Reading a deal or a template first when the quote starts from one (they say who it is for)…
  const base = await startingPoint(ctx, input).catch(async (err) => {
    await readSettings.catch(() => undefined);
    throw err;
  });
  const ownerId = input.ownerId !== undefined ? input.ownerId : (base?.ownerId ?? actorId(ctx));
  // …then the other reads go out together: the defaults, who the quote is for (with their language and
  // names), the owner's right to be assigned, the given lines' products.
  const [settings, parties] = await inOrder([
    readSettings,
    quoteParties(
      ctx.db,
      input.contactId !== undefined ? input.contactId : (base?.contactId ?? undefined),
      input.companyId !== undefined ? input.companyId : (base?.companyId ?? undefined),
      ownerId,
    ),
    input.ownerId !== undefined && input.ownerId !== actorId(ctx)
      ? assertCanAssign(ctx, input.ownerId)
      : undefined,
    input.lines ? checkLines(ctx.db, input.lines) : undefined,
  ]);
  const language = input.language ?? parties.language;
  const lines = input.lines ?? (await inLanguage(ctx.db, base?.lines ?? [], language));
  if (!input.lines) await checkLines(ctx.db, lines);
  const priced = priceLines(lines);
  const on = today(ctx);
  const validUntil =
    input.validUntil !== undefined
      ? input.validUntil
      : addDays(on, base?.validDays ?? settings.quoteValidityDays);
  const terms = input.terms !== undefined ? input.terms : (base?.terms ?? (settings.quoteTerms || null));
  const now = ctx.now();
  const id = randomUUID();
  const row: QuoteRow = {
    id,
    number: '',
    title: input.title !== undefined ? input.title : (base?.title ?? null),
    status: 'draft',
    dealId: base?.dealId ?? null,
    contactId: parties.contactId,
    companyId: parties.companyId,
    ownerId,
    currency: input.currency ?? base?.currency ?? settings.defaultCurrency,
    language,
    currentVersion: 1,
    validUntil,
    ...priced.totals,
    acceptTokenHash: null,
    sentAt: null,
    acceptedAt: null,
    acceptedName: null,
    acceptedIp: null,
    acceptedById: null,
    declinedAt: null,
    declineReason: null,
    orderId: null,
    version: 1,
    createdById: actorId(ctx),
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    deletedById: null,
    contactName: parties.contactName,
    companyName: parties.companyName,
    ownerName: parties.ownerName,
    dealTitle: base?.dealId ? base.title : null,
    orderNumber: null,
    recipient: parties.recipient,
  };
  const version: VersionRow = {
    id: randomUUID(),
    quoteId: id,
    versionNo: 1,
    lines: priced.lines,
    ...priced.totals,
    taxBreakdown: priced.taxBreakdown,
    validUntil,
    terms,
    note: null,
    createdById: actorId(ctx),
    createdAt: now,
  };
  // One statement, so one round trip and its own transaction: the year's next number (the counter row
  // stays locked until it commits, so numbers stay gapless), the quote, its first version and the history
  // entry, whose number change is filled in from the counter.
  const numbering = documentNumberStatement('quote', now);
  const {
    number: _n,
    contactName,
    companyName,
    ownerName,
    dealTitle,
    orderNumber,
    recipient,
    ...stored
  } = row;
  const changes = diff({}, historyOf(toQuoteDto(row, version, on)), historyFields).filter(
    (c) => c.field !== 'number',
  );
  const insertQuote = ctx.db.insert(quotes).values({ ...stored, number: numbering.expr });
  const insertVersion = ctx.db.insert(quoteVersions).values(version);
  const insertHistory = ctx.db.insert(recordHistory).values({
    entity: 'quote',
    recordId: id,
    actorId: actorId(ctx),
    action: 'create',
    changes: sql`jsonb_build_array(jsonb_build_object('field', 'number', 'old', null, 'new', ${numbering.expr})) || ${JSON.stringify(changes)}::jsonb`,
  });
  const result = await ctx.db.execute<{ last: number }>(sql`
    with ${numbering.cte},
      q as (${sqlOf(insertQuote)}),
      v as (${sqlOf(insertVersion)}),
      h as (${sqlOf(insertHistory)})
    select last from document_number`);
  row.number = numbering.format(Number(result.rows[0]!.last));
  return toQuoteDto(row, version, on, null);
}

/**
 * Awaits reads that run at the same time and, when several fail, throws the first one's error in the
 * order given (not in the order they failed), so the same bad input always gets the same answer.
 */
async function inOrder<T extends readonly unknown[]>(
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(reads);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as never;
}

/** The SQL of a query builder, to run as a clause of a bigger statement. */
const sqlOf = (q: unknown) => (q as { getSQL(): SQL }).getSQL();

/** Fields whose changes the history records (totals as the gross amount). */
const historyFields = [
  'number',
  'title',
  'status',
  'contactId',
  'companyId',
  'ownerId',
  'currency',
  'language',
  'validUntil',
  'terms',
  'gross',
  'lines',
  'currentVersion',
  'acceptedName',
  'declineReason',
  'orderId',
] as const;
const historyOf = (q: Record<string, unknown>) => ({
  ...q,
  gross: (q.totals as { gross: number } | undefined)?.gross,
});

/** Locks a live quote for a change by someone allowed to change it. */
async function lockQuote(tx: Executor, ctx: Ctx, id: string, expectedVersion?: number) {
  const [locked] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
  if (!locked || locked.deletedAt) throw notFound('quote');
  await assertCanEdit({ ...ctx, db: tx }, locked.ownerId);
  assertVersion(locked.version, expectedVersion);
  return locked;
}

export const conflict = (code: string, detail: string) => new AppError(code, { status: 409, detail });
const notDraft = () =>
  conflict('quote_not_draft', 'Only a draft can be changed; revise a sent quote to change it.');

export async function updateQuote(
  ctx: Ctx,
  id: string,
  input: UpdateQuoteInput,
  expectedVersion?: number,
): Promise<QuoteDto> {
  await ctx.db.transaction(async (tx) => {
    const locked = await lockQuote(tx, ctx, id, expectedVersion);
    if (locked.status !== 'draft') throw notDraft();
    if (input.ownerId !== undefined && input.ownerId !== locked.ownerId && input.ownerId !== actorId(ctx))
      await assertCanAssign({ ...ctx, db: tx }, input.ownerId);
    const customer =
      input.contactId !== undefined || input.companyId !== undefined
        ? await resolveCustomer(
            tx,
            input.contactId === undefined ? locked.contactId : input.contactId,
            input.companyId !== undefined ? input.companyId : input.contactId ? undefined : locked.companyId,
          )
        : { contactId: locked.contactId, companyId: locked.companyId };
    const before = historyOf((await loadQuoteDto(tx, ctx, id)) as unknown as Record<string, unknown>);
    const current = (await loadVersion(tx, id, locked.currentVersion))!;
    const versionSet: Partial<VersionRow> = {};
    let totals = { net: locked.net, tax: locked.tax, gross: locked.gross };
    if (input.lines !== undefined) {
      await checkLines(tx, input.lines);
      const priced = priceLines(input.lines);
      totals = priced.totals;
      Object.assign(versionSet, {
        lines: priced.lines,
        ...priced.totals,
        taxBreakdown: priced.taxBreakdown,
      });
    }
    if (input.terms !== undefined) versionSet.terms = input.terms;
    if (input.validUntil !== undefined) versionSet.validUntil = input.validUntil;
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.validUntil !== undefined ? { validUntil: input.validUntil } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...customer,
      ...totals,
    };
    if (Object.keys(versionSet).length)
      await tx.update(quoteVersions).set(versionSet).where(eq(quoteVersions.id, current.id));
    await tx
      .update(quotes)
      .set({ ...set, version: sql`${quotes.version} + 1`, updatedAt: ctx.now() })
      .where(eq(quotes.id, id));
    const after = historyOf((await loadQuoteDto(tx, ctx, id)) as unknown as Record<string, unknown>);
    const changes = diff(before, after, historyFields);
    if (!changes.length) {
      // Nothing changed: the version stays as it was.
      await tx
        .update(quotes)
        .set({ version: locked.version, updatedAt: locked.updatedAt })
        .where(eq(quotes.id, id));
      return;
    }
    await recordHistoryEntry(tx, ctx, 'quote', id, 'update', changes);
  });
  return loadQuoteDto(ctx.db, ctx, id);
}

/**
 * A new version of a sent (or declined, or expired) quote: a copy of the current one, editable, the quote a
 * draft again. The earlier versions stay readable and never change; the old accept link stops working.
 */
export async function reviseQuote(ctx: Ctx, id: string, expectedVersion?: number): Promise<QuoteDto> {
  await ctx.db.transaction(async (tx) => {
    const locked = await lockQuote(tx, ctx, id, expectedVersion);
    if (locked.status === 'draft')
      throw conflict('quote_is_draft', 'The quote is a draft: change it directly, no revision needed.');
    if (locked.status === 'accepted')
      throw conflict('quote_accepted', 'An accepted quote is final; its order is where changes go now.');
    const current = (await loadVersion(tx, id, locked.currentVersion))!;
    const next = locked.currentVersion + 1;
    const settings = await getSalesSettings(tx);
    const on = today(ctx);
    // A revision of a lapsed quote gets a fresh validity.
    const validUntil =
      current.validUntil && current.validUntil >= on
        ? current.validUntil
        : addDays(on, settings.quoteValidityDays);
    await tx.insert(quoteVersions).values({
      quoteId: id,
      versionNo: next,
      lines: current.lines,
      net: current.net,
      tax: current.tax,
      gross: current.gross,
      taxBreakdown: current.taxBreakdown,
      validUntil,
      terms: current.terms,
      createdById: actorId(ctx),
      createdAt: ctx.now(),
    });
    await tx
      .update(quotes)
      .set({
        status: 'draft',
        currentVersion: next,
        validUntil,
        acceptTokenHash: null,
        declinedAt: null,
        declineReason: null,
        version: sql`${quotes.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(quotes.id, id));
    await recordHistoryEntry(tx, ctx, 'quote', id, 'update', [
      { field: 'status', old: locked.status, new: 'draft' },
      { field: 'currentVersion', old: locked.currentVersion, new: next },
    ]);
  });
  return loadQuoteDto(ctx.db, ctx, id);
}

export async function listVersions(ctx: Ctx, id: string) {
  const dto = await getQuote(ctx, id, { includeDeleted: true });
  const rows = await ctx.db
    .select()
    .from(quoteVersions)
    .where(eq(quoteVersions.quoteId, id))
    .orderBy(asc(quoteVersions.versionNo));
  return {
    data: rows.map((v) => ({
      versionNo: v.versionNo,
      current: v.versionNo === dto.currentVersion,
      validUntil: v.validUntil,
      totals: { net: v.net, tax: v.tax, gross: v.gross },
      createdById: v.createdById,
      createdAt: v.createdAt.toISOString(),
    })),
  };
}

/** One version; `n` as the path has it (a number that is no version is simply not found). */
export async function getVersion(ctx: Ctx, id: string, n: string | number) {
  const dto = await getQuote(ctx, id, { includeDeleted: true });
  const versionNo = Number(n);
  if (!Number.isInteger(versionNo) || versionNo < 1 || versionNo > 100_000) throw notFound('quote_version');
  const v = await loadVersion(ctx.db, id, versionNo);
  if (!v) throw notFound('quote_version');
  return {
    versionNo: v.versionNo,
    current: v.versionNo === dto.currentVersion,
    validUntil: v.validUntil,
    terms: v.terms,
    lines: v.lines as LineDto[],
    totals: { net: v.net, tax: v.tax, gross: v.gross },
    taxBreakdown: v.taxBreakdown as QuoteDto['taxBreakdown'],
    createdById: v.createdById,
    createdAt: v.createdAt.toISOString(),
  };
}

/** Drafts go to the recycle bin; a quote the customer has seen stays (409). */
export async function deleteQuote(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const locked = await lockQuote(tx, ctx, id, expectedVersion);
    if (locked.status !== 'draft' || locked.sentAt)
      throw conflict(
        'quote_not_deletable',
        'A quote that was sent cannot be deleted; decline it or let it expire.',
      );
    await tx
      .update(quotes)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${quotes.version} + 1` })
      .where(eq(quotes.id, id));
    await recordHistoryEntry(tx, ctx, 'quote', id, 'delete', []);
  });
}

export async function restoreQuote(ctx: Ctx, id: string): Promise<QuoteDto> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    if (!row?.deletedAt) throw notFound('quote');
    await assertCanEdit({ ...ctx, db: tx }, row.ownerId);
    await tx
      .update(quotes)
      .set({ deletedAt: null, deletedById: null, version: sql`${quotes.version} + 1`, updatedAt: ctx.now() })
      .where(eq(quotes.id, id));
    await recordHistoryEntry(tx, ctx, 'quote', id, 'restore', []);
  });
  return loadQuoteDto(ctx.db, ctx, id);
}

/** Marks sent quotes whose validity has passed as expired (the mail sweep's neighbour). */
export async function expireQuotes(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .update(quotes)
    .set({ status: 'expired', version: sql`${quotes.version} + 1`, updatedAt: ctx.now() })
    .where(
      and(
        eq(quotes.status, 'sent'),
        isNull(quotes.deletedAt),
        sql`${quotes.validUntil} < ${today(ctx)}::date`,
      ),
    )
    .returning({ id: quotes.id });
  return rows.length;
}
