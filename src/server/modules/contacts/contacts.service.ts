import { and, eq, getTableColumns, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { ContactDto, CreateContactInput, UpdateContactInput } from '../../../shared/contacts.ts';
import type { ListQuery } from '../../../shared/filters.ts';
import type { Executor } from '../../db/client.ts';
import type { SortKey } from '../../db/list-query.ts';
import { prepared } from '../../db/prepared.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { contactScores } from '../analytics/analytics.schema.ts';
import { companies } from '../companies/companies.schema.ts';
import { checkUniqueCustom, customFieldDefs, validateCustom } from '../custom-fields/index.ts';
import { eraseEventsOf } from '../events/index.ts';
import { diff, eraseHistory, recordHistoryEntry } from '../history/index.ts';
import { eraseInteractionsOf } from '../interactions/index.ts';
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
import { contactHistoryFields, contactSpec } from './contacts.fields.ts';
import { contacts } from './contacts.schema.ts';

type Row = typeof contacts.$inferSelect & { companyName: string | null };

const {
  searchText: _st,
  searchNames: _sn,
  searchVector: _sv,
  emailKeys: _ek,
  ...publicColumns
} = getTableColumns(contacts);
const selection = { ...publicColumns, companyName: companies.name };

export function toContactDto(r: Row): ContactDto {
  return {
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    emails: r.emails as ContactDto['emails'],
    phones: r.phones as ContactDto['phones'],
    addresses: r.addresses as ContactDto['addresses'],
    companyId: r.companyId,
    companyName: r.companyName,
    jobTitle: r.jobTitle,
    ownerId: r.ownerId,
    tags: r.tags,
    lifecycleStage: r.lifecycleStage as ContactDto['lifecycleStage'],
    relationshipType: r.relationshipType as ContactDto['relationshipType'],
    relationshipStage: r.relationshipStage as ContactDto['relationshipStage'],
    birthday: r.birthday,
    customerSince: r.customerSince,
    language: r.language,
    preferredChannel: r.preferredChannel as ContactDto['preferredChannel'],
    source: r.source,
    customerGroup: r.customerGroup,
    stayInTouchDays: r.stayInTouchDays,
    touchDueAt: r.touchDueAt?.toISOString() ?? null,
    description: r.description,
    custom: r.custom as Record<string, unknown>,
    externalId: r.externalId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

const byIdQuery = (db: Executor) =>
  db
    .select(selection)
    .from(contacts)
    .leftJoin(companies, eq(companies.id, contacts.companyId))
    .where(eq(contacts.id, sql.placeholder('id')));
const byId = prepared((db) => byIdQuery(db).prepare('contact_by_id'));
const byIdForUpdate = prepared((db) =>
  byIdQuery(db).for('update', { of: contacts }).prepare('contact_by_id_for_update'),
);

async function loadRow(
  db: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Row | undefined> {
  const [row] = await (opts.forUpdate ? byIdForUpdate : byId)(db).execute({ id });
  return row as Row | undefined;
}

export async function getContact(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<ContactDto> {
  const row = await loadRow(ctx.db, id);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('contact');
  return toContactDto(row);
}

const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${contacts.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

export async function listContacts(ctx: Ctx, query: ListQuery) {
  const spec = contactSpec(await customFieldDefs(ctx.db, 'contact', ctx.database.db));
  const plan = await planList(ctx.db, spec, query, contacts, newestFirst);
  const rows = await ctx.db
    .select({ ...selection, ...plan.sortCols })
    .from(contacts)
    .leftJoin(companies, eq(companies.id, contacts.companyId))
    // The latest scores, for sorting by `score.*` (one row per contact at most).
    .leftJoin(contactScores, eq(contactScores.contactId, contacts.id))
    .where(plan.where)
    .orderBy(plan.order)
    .limit(plan.limit + 1);
  const { page, nextCursor } = pageOf(rows as (Row & Record<string, unknown>)[], plan, (r) => r.id);
  return { data: page.map(toContactDto), nextCursor };
}

/** How many contacts a list request matches (exact up to 10,000, then estimated). */
export async function countContacts(ctx: Ctx, query: ListQuery) {
  const spec = contactSpec(await customFieldDefs(ctx.db, 'contact', ctx.database.db));
  return countList(ctx.db, spec, query, contacts, newestFirst);
}

/**
 * Live contacts that share one of these e-mail addresses (case-insensitive), at most 10. No SQL LIMIT:
 * PostgreSQL has no statistics for unique array elements, guesses 0.5 % of the table matches, and with a
 * LIMIT it would rather scan the whole table than the GIN index (1 s at a million contacts).
 */
export async function findDuplicates(db: Executor, emails: { address: string }[], excludeId?: string) {
  const keys = [...new Set(emails.map((e) => e.address.toLowerCase()))];
  if (!keys.length) return [];
  const rows = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      emails: contacts.emails,
    })
    .from(contacts)
    .where(
      and(
        sql`${contacts.emailKeys} && ${sql.param(keys)}::text[]`,
        isNull(contacts.deletedAt),
        excludeId ? ne(contacts.id, excludeId) : undefined,
      ),
    );
  return rows.slice(0, 10);
}

async function assertCompany(db: Executor, companyId: string | null | undefined) {
  if (!companyId) return;
  const [co] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.id, companyId), isNull(companies.deletedAt)));
  if (!co) throw invalid([{ path: 'companyId', message: 'Unknown company' }]);
}

export async function createContact(
  ctx: Ctx,
  input: CreateContactInput,
  opts: { allowDuplicate?: boolean } = {},
): Promise<ContactDto> {
  const defs = await customFieldDefs(ctx.db, 'contact', ctx.database.db);
  const { custom, errors } = validateCustom(defs, input.custom, 'create');
  if (errors.length) throw invalid(errors);
  // A contact the system creates (a web-shop order, a CLI import) has no owner until someone takes it.
  const ownerId =
    input.ownerId === undefined ? (ctx.user.via === 'system' ? null : ctx.user.id) : input.ownerId;
  await assertCanAssign(ctx, ownerId);
  await assertCompany(ctx.db, input.companyId);
  if (!opts.allowDuplicate && input.emails?.length) {
    const dupes = await findDuplicates(ctx.db, input.emails);
    if (dupes.length) {
      throw new AppError('duplicate_contact', {
        status: 409,
        detail: 'A contact with this e-mail address exists. Send ?allowDuplicate=true to create it anyway.',
        errors: [{ path: 'emails', message: 'Already used by another contact', code: 'duplicate' }],
        extra: { duplicates: dupes },
      });
    }
  }
  return ctx.db.transaction(async (tx) => {
    const uniq = await checkUniqueCustom(tx, contacts, 'contact', defs, custom, Object.keys(custom));
    if (uniq.length) throw invalid(uniq);
    const [row] = await tx
      .insert(contacts)
      .values({
        ...input,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        custom,
        ownerId,
        createdById: ctx.user.via === 'system' ? null : ctx.user.id,
      })
      .returning({ id: contacts.id });
    const created = (await loadRow(tx, row!.id))!;
    const after = toContactDto(created) as unknown as Record<string, unknown>;
    await recordHistoryEntry(tx, ctx, 'contact', created.id, 'create', diff({}, after, contactHistoryFields));
    return toContactDto(created);
  });
}

export async function updateContact(
  ctx: Ctx,
  id: string,
  input: UpdateContactInput,
  expectedVersion?: number,
): Promise<ContactDto> {
  const defs = await customFieldDefs(ctx.db, 'contact', ctx.database.db);
  return ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, { forUpdate: true });
    if (!current || current.deletedAt) throw notFound('contact');
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
    if (input.companyId !== undefined && input.companyId !== current.companyId)
      await assertCompany(tx, input.companyId);
    const merged = { ...current, ...input, custom };
    if (!merged.firstName && !merged.lastName && !(merged.emails as unknown[]).length) {
      throw invalid([{ path: 'lastName', message: 'Give a first name, a last name or an e-mail address' }]);
    }
    const uniq = await checkUniqueCustom(
      tx,
      contacts,
      'contact',
      defs,
      custom,
      Object.keys(input.custom ?? {}),
      id,
    );
    if (uniq.length) throw invalid(uniq);
    const before = toContactDto(current) as unknown as Record<string, unknown>;
    const changes = diff(
      before,
      { ...before, ...input, custom } as Record<string, unknown>,
      contactHistoryFields,
    );
    if (changes.length === 0) return toContactDto(current);
    await tx
      .update(contacts)
      .set({ ...input, custom, version: sql`${contacts.version} + 1`, updatedAt: ctx.now() })
      .where(eq(contacts.id, id));
    const updated = (await loadRow(tx, id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'contact',
      id,
      'update',
      diff(before, toContactDto(updated) as unknown as Record<string, unknown>, contactHistoryFields),
    );
    return toContactDto(updated);
  });
}

/** Moves to the recycle bin; restorable for 30 days. */
export async function deleteContact(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, { forUpdate: true });
    if (!current || current.deletedAt) throw notFound('contact');
    await assertCanEdit({ ...ctx, db: tx }, current.ownerId);
    assertVersion(current.version, expectedVersion);
    await tx
      .update(contacts)
      .set({
        deletedAt: ctx.now(),
        deletedById: ctx.user.via === 'system' ? null : ctx.user.id,
        version: sql`${contacts.version} + 1`,
      })
      .where(eq(contacts.id, id));
    await recordHistoryEntry(tx, ctx, 'contact', id, 'delete', []);
  });
}

export async function restoreContact(ctx: Ctx, id: string): Promise<ContactDto> {
  const defs = await customFieldDefs(ctx.db, 'contact', ctx.database.db);
  return ctx.db.transaction(async (tx) => {
    const current = await loadRow(tx, id, { forUpdate: true });
    if (!current?.deletedAt) throw notFound('contact');
    await assertCanEdit({ ...ctx, db: tx }, current.ownerId);
    if (current.deletedAt.getTime() < ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000) {
      throw new AppError('restore_expired', {
        status: 410,
        detail: `Records can be restored for ${RECYCLE_BIN_DAYS} days.`,
      });
    }
    // A unique value may have been taken by a live record while this one was in the recycle bin.
    const custom = current.custom as Record<string, unknown>;
    const uniq = await checkUniqueCustom(tx, contacts, 'contact', defs, custom, Object.keys(custom), id);
    if (uniq.length)
      throw new AppError('restore_conflict', {
        status: 409,
        detail: 'Another live record has a value that must be unique.',
        errors: uniq,
      });
    await tx
      .update(contacts)
      .set({
        deletedAt: null,
        deletedById: null,
        version: sql`${contacts.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(contacts.id, id));
    await recordHistoryEntry(tx, ctx, 'contact', id, 'restore', []);
    return toContactDto((await loadRow(tx, id))!);
  });
}

/**
 * Hard erase (GDPR): the row, its history, its interactions, notes, tasks and events (and their history) and the
 * notifications about it go; an audit entry without personal data stays.
 */
export async function eraseContact(ctx: Ctx, id: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    await eraseInteractionsOf(tx, { contactIds: [id] });
    await eraseTasksOf(tx, { contactIds: [id] });
    await eraseEventsOf(tx, { contactIds: [id] });
    await forgetNotificationsAbout(tx, 'contact', [id]);
    const [row] = await tx.delete(contacts).where(eq(contacts.id, id)).returning({ id: contacts.id });
    if (!row) throw notFound('contact');
    await eraseHistory(tx, 'contact', id);
    await audit({ db: tx, user: ctx.user }, 'contact.erase', 'contact', id, { reason });
  });
}

/** Contacts in the recycle bin longer than the retention period are erased for good. */
export async function purgeContactRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(isNotNull(contacts.deletedAt), lt(contacts.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await eraseInteractionsOf(tx, { contactIds: ids });
    await eraseTasksOf(tx, { contactIds: ids });
    await eraseEventsOf(tx, { contactIds: ids });
    await forgetNotificationsAbout(tx, 'contact', ids);
    await tx.delete(contacts).where(inArray(contacts.id, ids));
    for (const id of ids) await eraseHistory(tx, 'contact', id);
    await audit({ db: tx, user: ctx.user }, 'contact.purge', 'contact', null, { count: ids.length });
  });
  return ids.length;
}
