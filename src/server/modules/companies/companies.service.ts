import { and, count, eq, getTableColumns, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { CompanyDto, CreateCompanyInput, UpdateCompanyInput } from '../../../shared/companies.ts';
import type { ListQuery } from '../../../shared/filters.ts';
import type { Executor } from '../../db/client.ts';
import type { SortKey } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companyScores } from '../analytics/analytics.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { checkUniqueCustom, customFieldDefs, validateCustom } from '../custom-fields/index.ts';
import { eraseEventsOf } from '../events/index.ts';
import { diff, eraseHistory, recordHistoryEntry } from '../history/index.ts';
import { eraseInteractionsOf } from '../interactions/index.ts';
import { eraseNotesOf } from '../notes/index.ts';
import { forgetNotificationsAbout } from '../notifications/index.ts';
import {
  assertCanAssign,
  assertCanEdit,
  assertVersion,
  countList,
  pageOf,
  planList,
  RECYCLE_BIN_DAYS,
} from '../records/index.ts';
import { audit } from '../system/index.ts';
import { eraseTasksOf } from '../tasks/index.ts';
import { companyHistoryFields, companySpec } from './companies.fields.ts';
import { companies } from './companies.schema.ts';

type Row = typeof companies.$inferSelect;
const { searchText: _st, searchNames: _sn, searchVector: _sv, ...selection } = getTableColumns(companies);

export function toCompanyDto(
  r: Omit<Row, 'searchText' | 'searchNames' | 'searchVector'>,
  contactCount?: number,
): CompanyDto {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    website: r.website,
    industry: r.industry,
    employees: r.employees,
    customerGroup: r.customerGroup,
    vatId: r.vatId,
    emails: r.emails as CompanyDto['emails'],
    phones: r.phones as CompanyDto['phones'],
    addresses: r.addresses as CompanyDto['addresses'],
    ownerId: r.ownerId,
    tags: r.tags,
    lifecycleStage: r.lifecycleStage as CompanyDto['lifecycleStage'],
    relationshipType: r.relationshipType as CompanyDto['relationshipType'],
    relationshipStage: r.relationshipStage as CompanyDto['relationshipStage'],
    customerSince: r.customerSince,
    description: r.description,
    custom: r.custom as Record<string, unknown>,
    externalId: r.externalId,
    ...(contactCount === undefined ? {} : { contactCount }),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

async function loadRow(db: Executor, id: string, forUpdate = false) {
  const q = db.select(selection).from(companies).where(eq(companies.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function getCompany(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<CompanyDto> {
  const row = await loadRow(ctx.db, id);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('company');
  const [n] = await ctx.db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.companyId, id), isNull(contacts.deletedAt)));
  return toCompanyDto(row, n?.n ?? 0);
}

const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${companies.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

export async function listCompanies(ctx: Ctx, query: ListQuery) {
  const spec = companySpec(await customFieldDefs(ctx.db, 'company', ctx.database.db));
  const plan = await planList(ctx.db, spec, query, companies, newestFirst);
  const rows = await ctx.db
    .select({ ...selection, ...plan.sortCols })
    .from(companies)
    // The latest scores, for sorting by `score.*` (one row per company at most).
    .leftJoin(companyScores, eq(companyScores.companyId, companies.id))
    .where(plan.where)
    .orderBy(plan.order)
    .limit(plan.limit + 1);
  const { page, nextCursor } = pageOf(rows as (Row & Record<string, unknown>)[], plan, (r) => r.id);
  return { data: page.map((r) => toCompanyDto(r)), nextCursor };
}

/** How many companies a list request matches (exact up to 10,000, then estimated). */
export async function countCompanies(ctx: Ctx, query: ListQuery) {
  const spec = companySpec(await customFieldDefs(ctx.db, 'company', ctx.database.db));
  return countList(ctx.db, spec, query, companies, newestFirst);
}

export async function createCompany(ctx: Ctx, input: CreateCompanyInput): Promise<CompanyDto> {
  const defs = await customFieldDefs(ctx.db, 'company', ctx.database.db);
  const { custom, errors } = validateCustom(defs, input.custom, 'create');
  if (errors.length) throw invalid(errors);
  const ownerId =
    input.ownerId === undefined ? (ctx.user.via === 'system' ? null : ctx.user.id) : input.ownerId;
  await assertCanAssign(ctx, ownerId);
  return ctx.db.transaction(async (tx) => {
    const uniq = await checkUniqueCustom(tx, companies, 'company', defs, custom, Object.keys(custom));
    if (uniq.length) throw invalid(uniq);
    const [row] = await tx
      .insert(companies)
      .values({ ...input, custom, ownerId, createdById: ctx.user.via === 'system' ? null : ctx.user.id })
      .returning(selection);
    const dto = toCompanyDto(row!, 0);
    await recordHistoryEntry(
      tx,
      ctx,
      'company',
      row!.id,
      'create',
      diff({}, dto as unknown as Record<string, unknown>, companyHistoryFields),
    );
    return dto;
  });
}

export async function updateCompany(
  ctx: Ctx,
  id: string,
  input: UpdateCompanyInput,
  expectedVersion?: number,
): Promise<CompanyDto> {
  const defs = await customFieldDefs(ctx.db, 'company', ctx.database.db);
  return ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, true);
    if (!current || current.deletedAt) throw notFound('company');
    await assertCanEdit({ ...ctx, db: tx }, current.ownerId);
    assertVersion(current.version, expectedVersion);
    const { custom, errors } = validateCustom(
      defs,
      input.custom,
      'update',
      current.custom as Record<string, unknown>,
    );
    if (errors.length) throw invalid(errors);
    if (input.ownerId !== undefined && input.ownerId !== current.ownerId)
      await assertCanAssign({ ...ctx, db: tx }, input.ownerId);
    const uniq = await checkUniqueCustom(
      tx,
      companies,
      'company',
      defs,
      custom,
      Object.keys(input.custom ?? {}),
      id,
    );
    if (uniq.length) throw invalid(uniq);
    const before = toCompanyDto(current) as unknown as Record<string, unknown>;
    const changes = diff(before, { ...before, ...input, custom }, companyHistoryFields);
    if (!changes.length) return toCompanyDto(current);
    const [row] = await tx
      .update(companies)
      .set({ ...input, custom, version: sql`${companies.version} + 1`, updatedAt: ctx.now() })
      .where(eq(companies.id, id))
      .returning(selection);
    const after = toCompanyDto(row!);
    await recordHistoryEntry(
      tx,
      ctx,
      'company',
      id,
      'update',
      diff(before, after as unknown as Record<string, unknown>, companyHistoryFields),
    );
    return after;
  });
}

export async function deleteCompany(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, true);
    if (!current || current.deletedAt) throw notFound('company');
    await assertCanEdit({ ...ctx, db: tx }, current.ownerId);
    assertVersion(current.version, expectedVersion);
    await tx
      .update(companies)
      .set({
        deletedAt: ctx.now(),
        deletedById: ctx.user.via === 'system' ? null : ctx.user.id,
        version: sql`${companies.version} + 1`,
      })
      .where(eq(companies.id, id));
    await recordHistoryEntry(tx, ctx, 'company', id, 'delete', []);
  });
}

export async function restoreCompany(ctx: Ctx, id: string): Promise<CompanyDto> {
  const defs = await customFieldDefs(ctx.db, 'company', ctx.database.db);
  return ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, true);
    if (!current?.deletedAt) throw notFound('company');
    await assertCanEdit({ ...ctx, db: tx }, current.ownerId);
    if (current.deletedAt.getTime() < ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000) {
      throw new AppError('restore_expired', {
        status: 410,
        detail: `Records can be restored for ${RECYCLE_BIN_DAYS} days.`,
      });
    }
    // A unique value may have been taken by a live record while this one was in the recycle bin.
    const custom = current.custom as Record<string, unknown>;
    const uniq = await checkUniqueCustom(tx, companies, 'company', defs, custom, Object.keys(custom), id);
    if (uniq.length)
      throw new AppError('restore_conflict', {
        status: 409,
        detail: 'Another live record has a value that must be unique.',
        errors: uniq,
      });
    const [row] = await tx
      .update(companies)
      .set({
        deletedAt: null,
        deletedById: null,
        version: sql`${companies.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(companies.id, id))
      .returning(selection);
    await recordHistoryEntry(tx, ctx, 'company', id, 'restore', []);
    return toCompanyDto(row!);
  });
}

/**
 * Hard erase: contacts stay and lose the link (the foreign key sets it to null), as do their interactions,
 * notes, tasks and events; the company's own interactions, notes, tasks and events (without a contact) go, with the
 * notifications about it.
 */
export async function eraseCompany(ctx: Ctx, id: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    await eraseInteractionsOf(tx, { companyId: id });
    await eraseNotesOf(tx, id);
    await eraseTasksOf(tx, { companyId: id });
    await eraseEventsOf(tx, { companyId: id });
    await forgetNotificationsAbout(tx, 'company', [id]);
    const [row] = await tx.delete(companies).where(eq(companies.id, id)).returning({ id: companies.id });
    if (!row) throw notFound('company');
    await eraseHistory(tx, 'company', id);
    await audit({ db: tx, user: ctx.user }, 'company.erase', 'company', id, { reason });
  });
}

export async function purgeCompanyRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: companies.id })
    .from(companies)
    .where(and(isNotNull(companies.deletedAt), lt(companies.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    for (const id of ids) {
      await eraseInteractionsOf(tx, { companyId: id });
      await eraseNotesOf(tx, id);
      await eraseTasksOf(tx, { companyId: id });
      await eraseEventsOf(tx, { companyId: id });
    }
    await forgetNotificationsAbout(tx, 'company', ids);
    await tx.delete(companies).where(inArray(companies.id, ids));
    for (const id of ids) await eraseHistory(tx, 'company', id);
    await audit({ db: tx, user: ctx.user }, 'company.purge', 'company', null, { count: ids.length });
  });
  return ids.length;
}
