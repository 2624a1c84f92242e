import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type BatchItem, type BatchResult, batchItem } from '../../../shared/interactions.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { sanitizeRichText } from '../records/index.ts';
import { users } from '../users/users.schema.ts';
import { interactions } from './interactions.schema.ts';

type ItemResult = BatchResult['results'][number];
type FieldError = { path: string; message: string };

const digits = (phone: string) => phone.replace(/[^0-9]/g, '');
const fieldErrors = (err: z.ZodError): FieldError[] =>
  err.issues.map((i) => ({ path: i.path.join('.') || '(item)', message: i.message }));

/**
 * Stores interactions from another system, each exactly once: items are validated one by one, matched to
 * their customer in three set-wise look-ups (ids, e-mails, phones — never a query per item), and inserted
 * in one statement that skips (`source`, `externalId`) pairs already stored. Answers per item, in order:
 * `created`, `duplicate` (stored before, or earlier in this batch) or `error` with field paths.
 */
export async function ingestBatch(ctx: Ctx, raw: unknown[]): Promise<BatchResult> {
  const results: ItemResult[] = raw.map((_, index) => ({ index, status: 'error', id: null, errors: [] }));
  const valid: { index: number; item: BatchItem }[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const parsed = batchItem.safeParse(value);
    if (!parsed.success) {
      results[index]!.errors = fieldErrors(parsed.error);
      return;
    }
    const key = `${parsed.data.source}\u0000${parsed.data.externalId}`;
    if (seen.has(key)) {
      results[index]!.status = 'duplicate';
      return;
    }
    seen.add(key);
    valid.push({ index, item: parsed.data });
  });

  const customers = await matchCustomers(
    ctx,
    valid.map((v) => v.item),
  );
  const knownUsers = await activeUsers(
    ctx,
    valid.flatMap((v) => (v.item.userId ? [v.item.userId] : [])),
  );
  const rows: (typeof interactions.$inferInsert & { index: number })[] = [];
  for (const { index, item } of valid) {
    const match = customers(item);
    if ('error' in match) {
      results[index]!.errors = [match.error];
      continue;
    }
    if (item.userId && !knownUsers.has(item.userId)) {
      results[index]!.errors = [{ path: 'userId', message: 'Unknown or inactive user' }];
      continue;
    }
    rows.push({
      index,
      channel: item.channel,
      direction: item.direction,
      touchpoint: item.touchpoint ?? null,
      occurredAt: new Date(item.occurredAt),
      subject: item.subject ?? null,
      body: sanitizeRichText(item.body),
      outcome: item.outcome ?? null,
      durationSeconds: item.durationSeconds ?? null,
      userId: item.userId ?? null,
      contactId: match.contactId,
      companyId: match.companyId,
      links: item.links ?? [],
      source: item.source,
      externalId: item.externalId,
      createdById: ctx.user.via === 'system' ? null : ctx.user.id,
    });
  }

  if (rows.length) {
    const inserted = await insertRows(ctx, rows);
    const ids = new Map(inserted.map((r) => [`${r.source}\u0000${r.externalId}`, r.id]));
    for (const row of rows) {
      const id = ids.get(`${row.source}\u0000${row.externalId}`);
      const result = results[row.index]!;
      result.status = id ? 'created' : 'duplicate';
      result.id = id ?? null;
    }
    const duplicates = rows.filter((r) => !ids.has(`${r.source}\u0000${r.externalId}`));
    if (duplicates.length) await fillExistingIds(ctx, duplicates, results);
  }
  return {
    results,
    created: results.filter((r) => r.status === 'created').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    failed: results.filter((r) => r.status === 'error').length,
  };
}

/**
 * One INSERT … SELECT FROM unnest(column arrays): 15 parameters whatever the batch size, where a VALUES list
 * would bind 15 per row (and cost more to build than to run). Pairs already stored are skipped.
 */
async function insertRows(ctx: Ctx, rows: (typeof interactions.$inferInsert)[]) {
  const col = <T>(pick: (r: typeof interactions.$inferInsert) => T) => sql.param(rows.map(pick));
  return rowsOf<{ id: string; source: string; externalId: string }>(
    await ctx.db.execute(sql`
      insert into ${interactions} (channel, direction, touchpoint, occurred_at, subject, body, outcome,
        duration_seconds, user_id, contact_id, company_id, links, source, external_id, created_by_id)
      select * from unnest(
        ${col((r) => r.channel)}::text[], ${col((r) => r.direction)}::text[], ${col((r) => r.touchpoint ?? null)}::text[],
        ${col((r) => (r.occurredAt as Date).toISOString())}::timestamptz[], ${col((r) => r.subject ?? null)}::text[],
        ${col((r) => r.body ?? null)}::text[], ${col((r) => r.outcome ?? null)}::text[],
        ${col((r) => r.durationSeconds ?? null)}::int[], ${col((r) => r.userId ?? null)}::uuid[],
        ${col((r) => r.contactId ?? null)}::uuid[], ${col((r) => r.companyId ?? null)}::uuid[],
        ${col((r) => JSON.stringify(r.links ?? []))}::jsonb[], ${col((r) => r.source)}::text[],
        ${col((r) => r.externalId ?? null)}::text[], ${col((r) => r.createdById ?? null)}::uuid[])
      on conflict do nothing
      returning id, source, external_id as "externalId"`),
  );
}

type Match = { contactId: string | null; companyId: string | null } | { error: FieldError };

/**
 * Looks up every named customer at once and answers, per item, its contact (and the contact's company) or
 * company. Where an e-mail or phone is shared by several live contacts, the oldest one is taken.
 */
async function matchCustomers(ctx: Ctx, items: BatchItem[]): Promise<(item: BatchItem) => Match> {
  const ids = [...new Set(items.flatMap((i) => (i.contactId ? [i.contactId] : [])))];
  const emails = [...new Set(items.flatMap((i) => (!i.contactId && i.email ? [i.email.toLowerCase()] : [])))];
  const phones = [
    ...new Set(items.flatMap((i) => (!i.contactId && !i.email && i.phone ? [digits(i.phone)] : []))),
  ];
  const companyIds = [...new Set(items.flatMap((i) => (i.companyId ? [i.companyId] : [])))];
  type Found = { id: string; company_id: string | null; email_keys: string[]; phone_keys: string[] };
  // rapport_phone_keys(phones): the digits of each number, served by contacts_phone_keys_idx.
  const found = rowsOf<Found>(
    await ctx.db.execute(sql`
      select id, company_id, email_keys, rapport_phone_keys(phones) as phone_keys from ${contacts}
      where deleted_at is null and (
        id = any(${sql.param(ids)}::uuid[])
        or email_keys && ${sql.param(emails)}::text[]
        or rapport_phone_keys(phones) && ${sql.param(phones)}::text[])
      order by created_at, id`),
  );
  const byId = new Map<string, Found>();
  const byEmail = new Map<string, Found>();
  const byPhone = new Map<string, Found>();
  for (const c of found) {
    byId.set(c.id, c);
    for (const e of c.email_keys) if (!byEmail.has(e)) byEmail.set(e, c);
    for (const p of c.phone_keys) if (!byPhone.has(p)) byPhone.set(p, c);
  }
  const liveCompanies = new Set(
    companyIds.length
      ? (
          await ctx.db
            .select({ id: companies.id })
            .from(companies)
            .where(and(inArray(companies.id, companyIds), isNull(companies.deletedAt)))
        ).map((c) => c.id)
      : [],
  );
  return (item) => {
    if (item.companyId && !liveCompanies.has(item.companyId))
      return { error: { path: 'companyId', message: 'Unknown company' } };
    let contact: Found | undefined;
    if (item.contactId) {
      contact = byId.get(item.contactId);
      if (!contact) return { error: { path: 'contactId', message: 'Unknown contact' } };
    } else if (item.email) {
      contact = byEmail.get(item.email.toLowerCase());
      if (!contact) return { error: { path: 'email', message: 'No contact has this e-mail address' } };
    } else if (item.phone) {
      contact = byPhone.get(digits(item.phone));
      if (!contact) return { error: { path: 'phone', message: 'No contact has this phone number' } };
    }
    return { contactId: contact?.id ?? null, companyId: item.companyId ?? contact?.company_id ?? null };
  };
}

async function activeUsers(ctx: Ctx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await ctx.db
    .select({ id: users.id, active: users.active })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Set(rows.filter((u) => u.active === 1).map((u) => u.id));
}

/** Duplicates answer with the id stored earlier, so a sender can reconcile. */
async function fillExistingIds(
  ctx: Ctx,
  rows: { index: number; source?: string; externalId?: string | null }[],
  results: ItemResult[],
) {
  const existing = rowsOf<{ id: string; source: string; external_id: string }>(
    await ctx.db.execute(sql`
      select i.id, i.source, i.external_id from ${interactions} i
      join unnest(${sql.param(rows.map((r) => r.source ?? ''))}::text[], ${sql.param(rows.map((r) => r.externalId ?? ''))}::text[]) as k(source, external_id)
        on i.source = k.source and i.external_id = k.external_id`),
  );
  const ids = new Map(existing.map((e) => [`${e.source}\u0000${e.external_id}`, e.id]));
  for (const r of rows) results[r.index]!.id = ids.get(`${r.source}\u0000${r.externalId}`) ?? null;
}
