import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type IngestOrder, type IngestResult, ingestOrder } from '../../../shared/orders.ts';
import type { LineInput } from '../../../shared/sales.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { createContact } from '../contacts/index.ts';
import { products } from '../products/products.schema.ts';
import { createOrderCore } from './orders.create.ts';
import { orders } from './orders.schema.ts';

type ItemResult = IngestResult['results'][number];
type FieldError = { path: string; message: string };

const digits = (phone: string) => phone.replace(/[^0-9]/g, '');
const keyOf = (o: { source: string; externalId: string }) => `${o.source}\u0000${o.externalId}`;
const fieldErrors = (err: z.ZodError): FieldError[] =>
  err.issues.map((i) => ({ path: i.path.join('.') || '(item)', message: i.message }));
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/**
 * Stores web-shop orders, each exactly once by (`source`, `externalId`): items are validated one by one;
 * stored pairs, customers (by contact id, e-mail or phone) and SKUs are looked up set-wise for the whole
 * batch; then each order is written in its own transaction (with its customer, created when unknown), so
 * one bad item never keeps the others out and a retry of the whole batch stores nothing twice.
 */
export async function ingestOrders(ctx: Ctx, raw: unknown[]): Promise<IngestResult> {
  const results: ItemResult[] = raw.map((_, index) => ({
    index,
    status: 'error',
    id: null,
    number: null,
    contactCreated: false,
    errors: [],
  }));
  const valid: { index: number; item: IngestOrder }[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const parsed = ingestOrder.safeParse(value);
    if (!parsed.success) {
      results[index]!.errors = fieldErrors(parsed.error);
      return;
    }
    if (seen.has(keyOf(parsed.data))) {
      results[index]!.status = 'duplicate';
      return;
    }
    seen.add(keyOf(parsed.data));
    valid.push({ index, item: parsed.data });
  });

  const stored = await storedOrders(
    ctx,
    valid.map((v) => v.item),
  );
  const fresh = valid.filter(({ index, item }) => {
    const hit = stored.get(keyOf(item));
    if (!hit) return true;
    Object.assign(results[index]!, { status: 'duplicate', id: hit.id, number: hit.number });
    return false;
  });
  const customers = await matchCustomers(
    ctx,
    fresh.map((v) => v.item),
  );
  const catalogue = await resolveProducts(
    ctx,
    fresh.map((v) => v.item),
  );

  // One transaction for the batch (one commit, not one per order), each order in a savepoint of its own, so a
  // bad order rolls back alone. In batch order, so a later duplicate within the batch was answered above.
  await ctx.db.transaction(async (batch) => {
    for (const { index, item } of fresh) {
      const result = results[index]!;
      const lines = catalogue(item);
      if ('errors' in lines) {
        result.errors = lines.errors;
        continue;
      }
      const match = customers.find(item.customer);
      if ('error' in match) {
        result.errors = [match.error];
        continue;
      }
      try {
        const created = await batch.transaction(async (tx) => {
          const txCtx = { ...ctx, db: tx };
          let contactId = match.contactId;
          if (!contactId) {
            const c = item.customer;
            const contact = await createContact(
              txCtx,
              {
                firstName: c.firstName ?? '',
                lastName: c.lastName ?? '',
                emails: c.email ? [{ address: c.email, label: 'work' }] : [],
                phones: c.phone ? [{ number: c.phone, label: 'mobile' }] : [],
                lifecycleStage: 'customer',
                source: item.source,
              },
              { allowDuplicate: true },
            );
            contactId = contact.id;
          }
          const order = await createOrderCore(txCtx, {
            contactId,
            channel: item.channel,
            status: item.status,
            currency: item.currency,
            orderedAt: new Date(item.orderedAt),
            lines: lines.lines,
            note: item.note ?? null,
            shippingAddress: item.shippingAddress ?? null,
            source: item.source,
            externalId: item.externalId,
          });
          return { ...order, contactId };
        });
        if (!match.contactId) customers.remember(item.customer, created.contactId);
        Object.assign(result, {
          status: 'created',
          id: created.id,
          number: created.number,
          contactCreated: !match.contactId,
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          // Stored meanwhile by a concurrent request with the same pair.
          const hit = (await storedOrders({ ...ctx, db: batch }, [item])).get(keyOf(item));
          Object.assign(result, { status: 'duplicate', id: hit?.id ?? null, number: hit?.number ?? null });
        } else if (err instanceof AppError && err.errors?.length) result.errors = err.errors;
        else if (err instanceof AppError) result.errors = [{ path: '(item)', message: err.message }];
        else throw err;
      }
    }
  });
  return {
    results,
    created: results.filter((r) => r.status === 'created').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    failed: results.filter((r) => r.status === 'error').length,
  };
}

/** Orders already stored under the items' (source, externalId) pairs, through `orders_external_idx`. */
async function storedOrders(ctx: Ctx, items: { source: string; externalId: string }[]) {
  if (!items.length) return new Map<string, { id: string; number: string }>();
  const rows = rowsOf<{ id: string; number: string; source: string; external_id: string }>(
    await ctx.db.execute(sql`
      select o.id, o.number, o.source, o.external_id from ${orders} o
      join unnest(${sql.param(items.map((i) => i.source))}::text[], ${sql.param(items.map((i) => i.externalId))}::text[])
        as k(source, external_id) on o.source = k.source and o.external_id = k.external_id
      where o.external_id is not null`),
  );
  return new Map(rows.map((r) => [keyOf({ source: r.source, externalId: r.external_id }), r]));
}

type Customer = IngestOrder['customer'];
type Match = { contactId: string | null } | { error: FieldError };

/**
 * Every named customer in one query (ids; e-mails through the `email_keys` GIN index; phones through the
 * phone-keys index). A customer named by e-mail or phone and not found is created (contactId null here);
 * `remember` makes the next order of the same new customer in this batch find the contact just created.
 */
async function matchCustomers(ctx: Ctx, items: IngestOrder[]) {
  const cs = items.map((i) => i.customer);
  const ids = [...new Set(cs.flatMap((c) => (c.contactId ? [c.contactId] : [])))];
  const emails = [...new Set(cs.flatMap((c) => (!c.contactId && c.email ? [c.email.toLowerCase()] : [])))];
  const phones = [
    ...new Set(cs.flatMap((c) => (!c.contactId && !c.email && c.phone ? [digits(c.phone)] : []))),
  ];
  type Found = { id: string; email_keys: string[]; phone_keys: string[] };
  const found = cs.length
    ? rowsOf<Found>(
        await ctx.db.execute(sql`
          select id, email_keys, rapport_phone_keys(phones) as phone_keys from ${contacts}
          where deleted_at is null and (
            id = any(${sql.param(ids)}::uuid[])
            or email_keys && ${sql.param(emails)}::text[]
            or rapport_phone_keys(phones) && ${sql.param(phones)}::text[])
          order by created_at, id`),
      )
    : [];
  const byId = new Set<string>();
  const byEmail = new Map<string, string>();
  const byPhone = new Map<string, string>();
  for (const c of found) {
    byId.add(c.id);
    for (const e of c.email_keys) if (!byEmail.has(e)) byEmail.set(e, c.id);
    for (const p of c.phone_keys) if (!byPhone.has(p)) byPhone.set(p, c.id);
  }
  return {
    find(c: Customer): Match {
      if (c.contactId)
        return byId.has(c.contactId)
          ? { contactId: c.contactId }
          : { error: { path: 'customer.contactId', message: 'Unknown contact' } };
      if (c.email) return { contactId: byEmail.get(c.email.toLowerCase()) ?? null };
      return { contactId: byPhone.get(digits(c.phone ?? '')) ?? null };
    },
    remember(c: Customer, contactId: string) {
      if (c.email) byEmail.set(c.email.toLowerCase(), contactId);
      if (c.phone && !byPhone.has(digits(c.phone))) byPhone.set(digits(c.phone), contactId);
    },
  };
}

/**
 * SKUs (case-insensitive, through `products_sku_idx`) and product ids of the whole batch in one query; a
 * line without a description takes the product's English name. Archived products are accepted here: the
 * shop has sold them already.
 */
async function resolveProducts(ctx: Ctx, items: IngestOrder[]) {
  const skus = [
    ...new Set(
      items.flatMap((i) => i.lines.flatMap((l) => (l.sku && !l.productId ? [l.sku.toLowerCase()] : []))),
    ),
  ];
  const ids = [...new Set(items.flatMap((i) => i.lines.flatMap((l) => (l.productId ? [l.productId] : []))))];
  type Found = { id: string; sku: string; names: Record<string, string> };
  const found =
    skus.length || ids.length
      ? rowsOf<Found>(
          await ctx.db.execute(sql`
            select id, sku, names from ${products}
            where deleted_at is null and (lower(sku) = any(${sql.param(skus)}::text[]) or id = any(${sql.param(ids)}::uuid[]))`),
        )
      : [];
  const bySku = new Map(found.map((p) => [p.sku.toLowerCase(), p]));
  const byId = new Map(found.map((p) => [p.id, p]));
  return (item: IngestOrder): { lines: LineInput[] } | { errors: FieldError[] } => {
    const errors: FieldError[] = [];
    const lines = item.lines.map((l, i): LineInput => {
      const p = l.productId ? byId.get(l.productId) : l.sku ? bySku.get(l.sku.toLowerCase()) : undefined;
      if (l.productId && !p) errors.push({ path: `lines.${i}.productId`, message: 'Unknown product' });
      else if (l.sku && !p) errors.push({ path: `lines.${i}.sku`, message: `Unknown SKU ${l.sku}` });
      const description = l.description ?? p?.names.en ?? p?.sku ?? '';
      return { ...l, productId: p?.id ?? null, sku: p?.sku ?? l.sku ?? null, description };
    });
    return errors.length ? { errors } : { lines };
  };
}
