import { sql } from 'drizzle-orm';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client.ts';
import { benchConfig, type DbKind } from './generate.ts';

/**
 * The sales chain for the benchmark, generated inside the database (INSERT … SELECT over generate_series in
 * chunks): a catalogue of 2,000 products with EUR prices and costs, orders over the contacts with the same
 * skew as interactions (a quarter of the contacts place most orders) and 1–4 lines each, invoices for the
 * delivered orders (most paid, some late, some partly paid, some open and overdue), and deals in one
 * pipeline. The 20 `bench-heavy` contacts get 500 orders each; the skew's busiest customers, scattered over the
 * contacts, get many more (the revenue cases measure a ~500-invoice account and the largest one).
 * Totals follow the app's rule for whole quantities without discounts: net = Σ quantity × price exactly,
 * tax = 25 % of the net rounded half away from zero (PostgreSQL's `round(numeric)`).
 */
const PRODUCTS = 2_000;
const HEAVY_ORDERS = 500;
const CHUNK = 250_000;

export async function countOrders(database: Database): Promise<number> {
  return rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from orders where source = 'bench'`),
  )[0]!.n;
}

export async function prepareSales(
  kind: DbKind,
  opts: { orders: number; deals: number; log: (m: string) => void },
): Promise<{ orders: number; deals: number; loadedMs: number | null }> {
  const database = await openDatabase(benchConfig(kind).database);
  try {
    await database.migrate();
    return await generateSales(database, kind, opts);
  } finally {
    await database.close();
  }
}

export async function generateSales(
  database: Database,
  kind: string,
  opts: { orders: number; deals: number; log: (m: string) => void },
): Promise<{ orders: number; deals: number; loadedMs: number | null }> {
  {
    const db = database.db;
    const have = await countOrders(database);
    const [{ deals: haveDeals } = { deals: 0 }] = rowsOf<{ deals: number }>(
      await db.execute(sql`select count(*)::int as deals from deals where source = 'bench'`),
    );
    if (have >= opts.orders && haveDeals >= opts.deals) {
      opts.log(
        `${kind}: reusing ${have.toLocaleString('en-US')} orders, ${haveDeals.toLocaleString('en-US')} deals.`,
      );
      return { orders: have, deals: haveDeals, loadedMs: null };
    }
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
    await products(db);
    // Without generated interactions nobody is tagged heavy yet: the first 20 contacts are.
    await db.execute(sql`update contacts set tags = array_append(tags, 'bench-heavy')
      where id in (select id from contacts where deleted_at is null order by id limit 20)
        and not exists (select 1 from contacts where 'bench-heavy' = any(tags))`);
    await db.execute(sql`drop table if exists bench_contact_ids`);
    await db.execute(sql`create unlogged table bench_contact_ids as
      select (row_number() over (order by id))::int as n, id, company_id, 'bench-heavy' = any(tags) as heavy
      from contacts where deleted_at is null`);
    await db.execute(sql`create unique index on bench_contact_ids (n)`);
    await db.execute(sql`analyze bench_contact_ids`);
    const [{ total } = { total: 0 }] = rowsOf<{ total: number }>(
      await db.execute(sql`select count(*)::int as total from bench_contact_ids`),
    );
    let done = have;
    if (have === 0) {
      await insertOrders(
        db,
        sql`select (row_number() over ())::int as g, c.n from bench_contact_ids c, generate_series(1, ${HEAVY_ORDERS}) g where c.heavy`,
        0,
      );
      done = await countOrders(database);
    }
    while (done < opts.orders) {
      const size = Math.min(CHUNK, opts.orders - done);
      await insertOrders(
        db,
        // Skewed (a cube of a uniform draw), scattered over the contacts by a multiplicative hash so that the
        // busiest customers are not the first contacts, which are the 20 heavy ones with their 500 orders.
        sql`select g, 1 + ((floor(power(random(), 3) * ${total})::bigint * 7919 + 104729) % ${total})::int as n
            from generate_series(1, ${size}) g`,
        done,
      );
      done += size;
      opts.log(
        `  orders: ${done.toLocaleString('en-US')}/${opts.orders.toLocaleString('en-US')} (${elapsed()})`,
      );
    }
    await db.execute(sql`analyze orders`);
    await db.execute(sql`analyze order_lines`);
    await invoices(db);
    opts.log(`  invoices and payments (${elapsed()})`);
    if (haveDeals < opts.deals) await deals(db, opts.deals - haveDeals, total);
    opts.log(`  deals (${elapsed()})`);
    await db.execute(sql`drop table if exists bench_contact_ids`);
    for (const t of ['orders', 'order_lines', 'invoices', 'payments', 'deals', 'products'])
      await db.execute(sql.raw(`vacuum analyze ${t}`));
    const ms = performance.now() - started;
    opts.log(
      `${kind}: ${done.toLocaleString('en-US')} orders, invoices, payments and deals in ${(ms / 1000).toFixed(0)} s`,
    );
    return { orders: done, deals: opts.deals, loadedMs: ms };
  }
}

type Db = Database['db'];

async function products(db: Db) {
  await db.execute(sql`insert into products (sku, names, descriptions, unit, tax_category, cost_price, cost_currency, search_text)
    select 'BENCH-' || lpad(g::text, 5, '0'),
           jsonb_build_object('en', 'Bench product ' || g, 'da', 'Testvare ' || g, 'de', 'Testartikel ' || g, 'fr', 'Article test ' || g),
           '{}'::jsonb, 'piece', 'standard', (500 + (g * 7919) % 50000) * 6 / 10, 'EUR',
           lower('bench-' || lpad(g::text, 5, '0') || ' bench product ' || g || ' testvare ' || g)
    from generate_series(1, ${PRODUCTS}) g
    where not exists (select 1 from products where sku = 'BENCH-00001')`);
  await db.execute(sql`insert into product_prices (product_id, currency, unit_price)
    select id, 'EUR', (500 + (substr(sku, 7)::int * 7919) % 50000) from products where sku like 'BENCH-%'
    on conflict do nothing`);
  await db.execute(sql`drop table if exists bench_products`);
  await db.execute(sql`create unlogged table bench_products as
    select substr(p.sku, 7)::int as n, p.id, p.sku, p.names->>'en' as name, pp.unit_price as price, p.cost_price as cost
    from products p join product_prices pp on pp.product_id = p.id and pp.currency = 'EUR'
    where p.sku like 'BENCH-%'`);
  await db.execute(sql`create unique index on bench_products (n)`);
}

/** One chunk: `pick` yields (g, contact n); orders and their lines in one statement (RI checks at its end). */
async function insertOrders(db: Db, pick: ReturnType<typeof sql>, offset: number) {
  await db.execute(sql`
    with o as materialized (
      select gen_random_uuid() as id, s.g::bigint + ${offset} as g, c.id as contact_id, c.company_id,
             now() - make_interval(secs => (((s.g::bigint + ${offset}) * 7919) % (3 * 365 * 86400))::double precision) as ordered_at
      from (${pick}) s join bench_contact_ids c on c.n = s.n
    ), l as materialized (
      select o.id as order_id, j as position, p.id as product_id, p.sku, p.name, (1 + (o.g * j) % 5) as qty,
             p.price, p.cost
      from o cross join lateral generate_series(1, 1 + (o.g % 4)::int) j
      join bench_products p on p.n = 1 + ((o.g * 31 + j * 17) % ${PRODUCTS})
    ), t as (
      select order_id, sum(qty * price)::bigint as net, sum(qty * cost)::bigint as cost from l group by order_id
    ), lines as (
      insert into order_lines (order_id, position, product_id, sku, description, quantity, unit_price, tax_rate, net, unit_cost)
      select order_id, position, product_id, sku, name, qty, price, 25, qty * price, cost from l
    )
    insert into orders (id, number, status, channel, contact_id, company_id, currency, ordered_at, confirmed_at,
                        shipped_at, delivered_at, cancelled_at, returned_at, net, tax, gross, cost, tax_breakdown, source, external_id)
    select o.id, 'SO-B-' || o.g, st.status,
           (array['web','shop','phone','sales'])[1 + (o.g % 4)::int], o.contact_id, o.company_id, 'EUR', o.ordered_at,
           case when st.status <> 'new' then o.ordered_at + interval '1 hour' end,
           case when st.status in ('shipped','delivered','returned') then o.ordered_at + interval '1 day' end,
           case when st.status in ('delivered','returned') then o.ordered_at + interval '3 days' end,
           case when st.status = 'cancelled' then o.ordered_at + interval '2 hours' end,
           case when st.status = 'returned' then o.ordered_at + interval '20 days' end,
           t.net, round(t.net * 25 / 100.0)::bigint, t.net + round(t.net * 25 / 100.0)::bigint, t.cost,
           jsonb_build_array(jsonb_build_object('rate', '25', 'net', t.net, 'tax', round(t.net * 25 / 100.0)::bigint)),
           'bench', 'b' || o.g
    from o join t on t.order_id = o.id
    cross join lateral (select case
      when o.g % 50 = 0 then 'cancelled'
      when o.g % 50 = 1 then 'returned'
      when o.ordered_at > now() - interval '3 days' then (array['new','confirmed','shipped'])[1 + (o.g % 3)::int]
      else 'delivered' end as status) st`);
}

/** Invoices for delivered orders: 85 % paid (some late), 5 % partly paid, the rest open (overdue when old). */
async function invoices(db: Db) {
  await db.execute(sql`
    with d as materialized (
      select o.*, row_number() over (order by o.ordered_at, o.id) as k
      from orders o
      where o.source = 'bench' and o.status = 'delivered'
        and not exists (select 1 from invoices i where i.order_id = o.id)
    ), inv as (
      insert into invoices (number, kind, status, order_id, contact_id, company_id, currency, issued_on,
                            payment_terms_days, due_on, net, tax, gross, cost, tax_breakdown, paid, paid_at)
      select 'INV-B-' || d.number, 'invoice',
             case when d.k % 20 < 17 then 'paid' when d.k % 20 = 17 then 'partially_paid' else 'open' end,
             d.id, d.contact_id, d.company_id, 'EUR', (d.delivered_at)::date, 30, (d.delivered_at)::date + 30,
             d.net, d.tax, d.gross, d.cost, d.tax_breakdown,
             case when d.k % 20 < 17 then d.gross when d.k % 20 = 17 then d.gross / 2 else 0 end,
             case when d.k % 20 < 17 then d.delivered_at + make_interval(days => (5 + d.k % 45)::int) end
      from d
      returning id, gross, paid, paid_at, issued_on
    )
    insert into payments (invoice_id, amount, currency, received_at, method, source, external_id)
    select id, paid, 'EUR', coalesce(paid_at, issued_on + 20), 'bank_transfer', 'bench', 'p' || id
    from inv where paid > 0`);
}

/** Deals in one bench pipeline: 60 % open (expected to close over the next year), 25 % won, 15 % lost. */
async function deals(db: Db, count: number, contacts: number) {
  const [pipeline] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from pipelines where name = 'Bench pipeline' limit 1`),
  );
  let pipelineId = pipeline?.id;
  if (!pipelineId) {
    pipelineId = rowsOf<{ id: string }>(
      await db.execute(sql`insert into pipelines (name) values ('Bench pipeline') returning id`),
    )[0]!.id;
    await db.execute(sql`insert into pipeline_stages (pipeline_id, labels, position, probability, kind)
      select ${pipelineId}, jsonb_build_object('en', s.label), s.pos, s.p, s.kind
      from (values ('New', 1, 10, 'open'), ('Qualified', 2, 25, 'open'), ('Proposal', 3, 50, 'open'),
                   ('Negotiation', 4, 75, 'open'), ('Won', 5, 100, 'won'), ('Lost', 6, 0, 'lost')) s(label, pos, p, kind)`);
  }
  const owners = rowsOf<{ id: string }>(
    await db.execute(sql`select id from users where active = 1 limit 8`),
  ).map((u) => u.id);
  await db.execute(sql`
    with st as (select array_agg(id order by position) as ids from pipeline_stages where pipeline_id = ${pipelineId})
    insert into deals (title, pipeline_id, stage_id, status, amount, currency, expected_close_on, owner_id,
                       contact_id, company_id, source, rank, closed_at, close_reason)
    select 'Bench deal ' || g, ${pipelineId},
           st.ids[case when g % 20 < 12 then 1 + (g % 4)::int when g % 20 < 17 then 5 else 6 end],
           case when g % 20 < 12 then 'open' when g % 20 < 17 then 'won' else 'lost' end,
           (1000 + (g * 7919) % 5000000)::bigint, 'EUR',
           (current_date + ((g * 13) % 365)::int),
           (${sql.param(owners)}::uuid[])[1 + (g % ${Math.max(1, owners.length)})::int],
           c.id, c.company_id, 'bench', lpad(to_hex(g::int), 8, '0'),
           case when g % 20 >= 12 then now() - make_interval(days => (g % 365)::int) end,
           case when g % 20 >= 17 then 'price' when g % 20 >= 12 then 'product_fit' end
    from st, generate_series(1, ${count}) g
    join bench_contact_ids c on c.n = 1 + (g::bigint * 7919) % ${contacts}`);
}
