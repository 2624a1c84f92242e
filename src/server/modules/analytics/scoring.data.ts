import { type SQL, sql } from 'drizzle-orm';
import type { ScoreSubject } from '../../../shared/analytics.ts';
import { localized } from '../../../shared/products.ts';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * What scoring reads from the orders, in SQL. Counted orders: not deleted, not cancelled or returned, in the
 * scoring currency, with a contact (or company). Identifiers come from this file only.
 */
const key: Record<ScoreSubject, SQL> = { contact: sql.raw('o.contact_id'), company: sql.raw('o.company_id') };
const counted = (subject: ScoreSubject, currency: string, until: Date) =>
  sql`o.deleted_at is null and o.status not in ('cancelled', 'returned') and ${key[subject]} is not null
    and o.currency = ${currency} and o.ordered_at < ${until.toISOString()}`;

export type PurchaseSummary = {
  id: string;
  /** Purchase days (UTC calendar days with a counted order). */
  purchases: number;
  /** Days since 1970-01-01 of the first and last purchase. */
  firstDay: number;
  lastDay: number;
  /** Σ net of all purchases and of the repeat ones (all but the first day), minor units. */
  total: number;
  repeatTotal: number;
};

type SummaryRow = {
  id: string;
  purchases: number;
  first_day: number;
  last_day: number;
  total: string | number;
  repeat_total: string | number;
};

/** One row per customer: purchase days, first and last, totals (same-day orders are one purchase). */
export async function loadSummaries(
  db: Executor,
  subject: ScoreSubject,
  currency: string,
  until: Date,
): Promise<PurchaseSummary[]> {
  const rows = rowsOf<SummaryRow>(
    await db.execute(sql`
      with d as (
        select ${key[subject]} as id, (o.ordered_at at time zone 'UTC')::date - date '1970-01-01' as day,
               sum(o.net) as v
          from orders o where ${counted(subject, currency, until)}
         group by 1, 2
      ), n as (
        select id, day, v, row_number() over (partition by id order by day) as k from d
      )
      select id::text as id, count(*)::int as purchases, min(day)::int as first_day, max(day)::int as last_day,
             sum(v)::text as total, coalesce(sum(v) filter (where k > 1), 0)::text as repeat_total
        from n group by id order by id`),
  );
  return rows.map((r) => ({
    id: r.id,
    purchases: Number(r.purchases),
    firstDay: Number(r.first_day),
    lastDay: Number(r.last_day),
    total: Number(r.total),
    repeatTotal: Number(r.repeat_total),
  }));
}

/** Orders in another currency than the scoring one (left out; the run reports how many). */
export async function countOtherCurrencyOrders(db: Executor, currency: string, until: Date): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from orders o
      where o.deleted_at is null and o.status not in ('cancelled', 'returned') and o.currency <> ${currency}
        and (o.contact_id is not null or o.company_id is not null) and o.ordered_at < ${until.toISOString()}`),
  );
  return Number(row?.n ?? 0);
}

/**
 * The margin rate of the costed order lines: Σ (net − quantity × unit cost) / Σ net over counted lines with a
 * known cost; null when no line has one.
 */
export async function costedMarginRate(db: Executor, currency: string, until: Date): Promise<number | null> {
  const [row] = rowsOf<{ net: string | null; cost: string | null }>(
    await db.execute(sql`select sum(l.net)::text as net, sum(round(l.quantity * l.unit_cost))::text as cost
      from orders o join order_lines l on l.order_id = o.id
     where o.deleted_at is null and o.status not in ('cancelled', 'returned') and o.currency = ${currency}
       and o.ordered_at < ${until.toISOString()} and l.unit_cost is not null and l.net > 0`),
  );
  const net = Number(row?.net ?? 0);
  if (!(net > 0)) return null;
  const rate = (net - Number(row?.cost ?? 0)) / net;
  return Math.min(1, Math.max(0, rate));
}

/** The most recent order baskets (distinct products per order), the data of the association rules. */
export async function loadBaskets(
  db: Executor,
  currency: string,
  until: Date,
  limit: number,
): Promise<string[][]> {
  const rows = rowsOf<{ items: string[] | string }>(
    await db.execute(sql`
      select array_agg(distinct l.product_id::text) as items
        from (select o.id from orders o
               where o.deleted_at is null and o.status not in ('cancelled', 'returned') and o.currency = ${currency}
                 and o.ordered_at < ${until.toISOString()}
               order by o.ordered_at desc, o.id desc limit ${limit}) o
        join order_lines l on l.order_id = o.id
       where l.product_id is not null
       group by o.id`),
  );
  return rows.map((r) => parseArray(r.items));
}

/** PGlite and node-postgres both return text[] as arrays; a string form is parsed just in case. */
function parseArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

export type CustomerFacts = {
  owned: string[];
  listRevenue: number;
  discounts: number;
  revenue: number;
  costOfGoods: number;
  interactions: number;
  ownerId: string | null;
  name: string;
  previousPAlive: number | null;
};

type FactRow = {
  id: string;
  owned: string[] | string | null;
  list_revenue: string | null;
  discounts: string | null;
  revenue: string | null;
  cogs: string | null;
  interactions: number | null;
  owner_id: string | null;
  name: string | null;
  previous: number | null;
};

const subjectTable: Record<
  ScoreSubject,
  { table: SQL; name: SQL; scores: SQL; scoreKey: SQL; interactionKey: SQL }
> = {
  contact: {
    table: sql.raw('contacts'),
    name: sql.raw(`coalesce(nullif(trim(x.first_name || ' ' || x.last_name), ''), x.email_keys[1], '')`),
    scores: sql.raw('contact_scores'),
    scoreKey: sql.raw('contact_id'),
    interactionKey: sql.raw('contact_id'),
  },
  company: {
    table: sql.raw('companies'),
    name: sql.raw('x.name'),
    scores: sql.raw('company_scores'),
    scoreKey: sql.raw('company_id'),
    interactionKey: sql.raw('company_id'),
  },
};

/**
 * Stages every customer's facts for this run in one set-based statement (a scan of the counted orders and
 * their lines, and of the interactions): the products they bought, list revenue, discounts, revenue, cost of
 * goods, interactions. `loadFacts` then reads them a batch at a time through the primary key.
 */
export async function stageFacts(
  db: Executor,
  runId: string,
  subject: ScoreSubject,
  currency: string,
  until: Date,
): Promise<void> {
  const s = subjectTable[subject];
  await db.execute(sql`delete from scoring_facts where run_id <> ${runId}`);
  await db.execute(sql`
    insert into scoring_facts (run_id, subject_type, subject_id, owned, list_revenue, discounts, revenue,
                               cost_of_goods, interactions)
    select ${runId}, ${subject}, nets.id, coalesce(lines.owned, '{}'), coalesce(lines.list_revenue, 0),
           coalesce(lines.discounts, 0), nets.revenue, coalesce(lines.cogs, 0), coalesce(touches.n, 0)
      from (select ${key[subject]} as id, sum(o.net) as revenue
              from orders o where ${counted(subject, currency, until)} group by 1) nets
      left join (
        select ${key[subject]} as id,
               coalesce(array_agg(distinct l.product_id::text) filter (where l.product_id is not null), '{}') as owned,
               sum(round(l.quantity * l.unit_price)) as list_revenue,
               sum(round(l.quantity * l.unit_price) - l.net) as discounts,
               sum(round(l.quantity * coalesce(l.unit_cost, 0))) as cogs
          from orders o join order_lines l on l.order_id = o.id
         where ${counted(subject, currency, until)}
         group by 1) lines on lines.id = nets.id
      left join (
        select i.${s.interactionKey} as id, count(*)::int as n from interactions i
         where i.${s.interactionKey} is not null and i.deleted_at is null
         group by 1) touches on touches.id = nets.id`);
  await db.execute(sql`analyze scoring_facts`);
}

/** Drops a subject's staged facts once it is scored. */
export async function clearFacts(db: Executor, runId: string, subject: ScoreSubject): Promise<void> {
  await db.execute(sql`delete from scoring_facts where run_id = ${runId} and subject_type = ${subject}`);
}

/**
 * For a batch of customers, in one query over the staged facts: the products they bought, revenue before and
 * after discounts, cost of goods, interactions (cost to serve), owner, name and previous P(alive). A customer
 * erased since the run began is missing.
 */
export async function loadFacts(
  db: Executor,
  runId: string,
  subject: ScoreSubject,
  ids: string[],
): Promise<Map<string, CustomerFacts>> {
  const s = subjectTable[subject];
  const rows = rowsOf<FactRow>(
    await db.execute(sql`
      select f.subject_id::text as id, f.owned, f.list_revenue::text as list_revenue,
             f.discounts::text as discounts, f.revenue::text as revenue, f.cost_of_goods::text as cogs,
             f.interactions, x.owner_id::text as owner_id, ${s.name} as name, sc.p_alive as previous
        from unnest(${sql.param(ids)}::uuid[]) as ids(id)
        -- One primary-key probe per id (as a filter over the run's rows it read them all).
        join scoring_facts f on f.run_id = ${runId} and f.subject_type = ${subject} and f.subject_id = ids.id
        join ${s.table} x on x.id = f.subject_id
        left join ${s.scores} sc on sc.${s.scoreKey} = f.subject_id`),
  );
  const out = new Map<string, CustomerFacts>();
  for (const r of rows) {
    out.set(r.id, {
      owned: r.owned ? parseArray(r.owned) : [],
      listRevenue: Number(r.list_revenue ?? 0),
      discounts: Number(r.discounts ?? 0),
      revenue: Number(r.revenue ?? 0),
      costOfGoods: Number(r.cogs ?? 0),
      interactions: Number(r.interactions ?? 0),
      ownerId: r.owner_id,
      name: r.name ?? '',
      previousPAlive: r.previous === null ? null : Number(r.previous),
    });
  }
  return out;
}

/** Names (in the reader's language, else English, else any) and SKUs of live products; archived ones are not offered. */
export async function loadProductNames(
  db: Executor,
  ids: string[],
  language: string,
): Promise<Map<string, { name: string; sku: string | null; offerable: boolean }>> {
  if (!ids.length) return new Map();
  const rows = rowsOf<{ id: string; names: unknown; sku: string | null; offerable: boolean }>(
    await db.execute(sql`select id::text as id, names, sku, archived_at is null as offerable from products
      where id = any(${sql.param(ids)}::uuid[]) and deleted_at is null`),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { name: productName(r.names, language), sku: r.sku, offerable: r.offerable === true },
    ]),
  );
}

/** Product names are per language, English required (jsonb; a string if a driver returns it unparsed). */
const productName = (v: unknown, language: string) =>
  localized((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, string>, language);
