import type { httpClient } from './measure.ts';
import type { Raw } from './raw.ts';

type Http = ReturnType<typeof httpClient>;
type Run = (
  name: string,
  api: (i: number) => Promise<unknown>,
  sql: (i: number) => Promise<unknown>,
) => Promise<void>;

async function ok(res: Promise<{ status: number; body: string }>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return r;
}

const summaryCols = `o.id, o.number, o.status, o.channel, o.currency, o.net, o.tax, o.gross, o.cost, o.ordered_at,
  o.contact_id, o.company_id, o.owner_id, o.version, c.first_name, c.last_name, co.name as company_name`;

/**
 * The sales chain on the generated orders, invoices and deals (bench/sales.ts): order list and order page,
 * a web-shop batch of 500 orders, the overdue invoices, a heavy customer's revenue card, product search,
 * the deals board and the weighted forecast — each beside the hand-written SQL of the same answer.
 */
export async function salesCases(http: Http, raw: Raw, input: { ids: string[]; runTag: string }, run: Run) {
  const [order] = await raw.query(
    `select id from orders where source = 'bench' and status = 'delivered' order by ordered_at desc limit 1`,
  );
  if (!order) return;
  const list = '/api/v1/orders?status=delivered&limit=50';
  await run(
    'orders list page 1 (delivered, 50)',
    () => ok(http('GET', list), 'orders list'),
    () =>
      raw.query(
        `select ${summaryCols} from orders o left join contacts c on c.id = o.contact_id
         left join companies co on co.id = o.company_id
         where o.deleted_at is null and o.status = 'delivered'
         order by o.ordered_at desc nulls last, o.id desc nulls last limit 51`,
      ),
  );
  const orderId = String(order.id);
  await run(
    'order with lines',
    () => ok(http('GET', `/api/v1/orders/${orderId}`), 'order'),
    async () => {
      await raw.query(
        `select ${summaryCols} from orders o left join contacts c on c.id = o.contact_id
         left join companies co on co.id = o.company_id where o.id = $1`,
        [orderId],
      );
      await raw.query('select * from order_lines where order_id = $1 order by position', [orderId]);
    },
  );

  const skus = (
    await raw.query(`select sku from products where sku like 'BENCH-%' order by sku limit 50`)
  ).map((r) => String(r.sku));
  const batch = (i: number, via: string) =>
    Array.from({ length: 500 }, (_, k) => ({
      source: `bench-${via}`,
      externalId: `${input.runTag}-${i}-${k}`,
      orderedAt: new Date(Date.UTC(2026, 0, 1) + k * 60_000).toISOString(),
      currency: 'EUR',
      channel: 'web',
      customer: { contactId: input.ids[(i * 500 + k) % input.ids.length]! },
      lines: [0, 1, 2].map((j) => ({
        sku: skus[(k + j * 7) % skus.length]!,
        quantity: String(1 + ((k + j) % 3)),
        unitPrice: 1999 + j * 500,
        taxRate: '25',
      })),
    }));
  await run(
    'order ingest, batch of 500 (3 lines each)',
    (i) => ok(http('POST', '/api/v1/orders/ingest', { orders: batch(i, 'api') }), 'order ingest'),
    (i) => rawOrderBatch(raw, batch(i, 'raw')),
  );

  // A 50-line quote, half catalogue products (their existence and archive state checked), half free text,
  // with discounts and two tax rates: created, numbered and totalled in one request.
  const productIds = (
    await raw.query(`select id from products where sku like 'BENCH-%' order by sku limit 25`)
  ).map((r) => String(r.id));
  if (productIds.length) {
    const quoteLines = Array.from({ length: 50 }, (_, k) => ({
      ...(k % 2 === 0 ? { productId: productIds[(k / 2) % productIds.length] } : {}),
      description: k % 2 === 0 ? `Bench product ${k}` : `Installation, day ${k}`,
      quantity: k % 5 === 0 ? '2.5' : String(1 + (k % 4)),
      unitPrice: 1_999 + k * 137,
      ...(k % 7 === 0 ? { discountPercent: '12.5' } : {}),
      taxRate: k % 3 === 0 ? '7' : '19',
    }));
    await run(
      'quote with 50 lines, created and totalled',
      (i) =>
        ok(
          http('POST', '/api/v1/quotes', {
            contactId: input.ids[i % input.ids.length],
            currency: 'EUR',
            title: `Bench quote ${input.runTag}-${i}`,
            lines: quoteLines,
          }),
          'quote',
        ),
      (i) =>
        raw.query(
          `with n as (
             insert into document_sequences (kind, year, last) values ('quote', 1999, 1)
             on conflict (kind, year) do update set last = document_sequences.last + 1 returning last
           ), q as (
             insert into quotes (number, title, contact_id, currency, net, tax, gross)
             select 'Q-RAW-${input.runTag}-' || n.last, $2, $1, 'EUR', 1, 1, 2 from n returning id
           )
           insert into quote_versions (quote_id, version_no, lines, net, tax, gross, tax_breakdown)
           select q.id, 1, $3::jsonb, 1, 1, 2, '[]'::jsonb from q`,
          [input.ids[i % input.ids.length], `Bench quote raw ${i}`, JSON.stringify(quoteLines)],
        ),
    );
  }

  await run(
    'overdue invoices page 1 (50)',
    () => ok(http('GET', '/api/v1/invoices?status=overdue&limit=50'), 'overdue invoices'),
    () =>
      raw.query(
        `select i.*, c.first_name, c.last_name, co.name from invoices i
         left join contacts c on c.id = i.contact_id left join companies co on co.id = i.company_id
         where i.status in ('open', 'partially_paid') and i.kind = 'invoice' and i.due_on < current_date
         order by i.due_on, i.id limit 51`,
      ),
  );
  // The revenue card of a typical large account (about 500 invoices) and of the largest one.
  const [typical] = await raw.query(
    `select contact_id as id, count(*)::int as n from invoices where contact_id is not null
     group by contact_id order by abs(count(*) - 500), contact_id limit 1`,
  );
  const [largest] = await raw.query(
    `select contact_id as id, count(*)::int as n from invoices where contact_id is not null
     group by contact_id order by count(*) desc, contact_id limit 1`,
  );
  const revenueSql = `select currency, sum(net), sum(net) filter (where issued_on > current_date - 365),
       sum(net - uncosted_net - cost), sum(uncosted_net),
       count(*) filter (where status in ('open','partially_paid')), sum(gross - paid) filter (where status in ('open','partially_paid')),
       avg((paid_at at time zone 'UTC')::date - issued_on) filter (where status = 'paid')
     from invoices where contact_id = $1 and status <> 'void' group by currency`;
  for (const [label, account] of [
    ['revenue card (account with {n} invoices)', typical],
    ['revenue card, largest account ({n} invoices)', largest],
  ] as const) {
    if (!account) continue;
    const id = String(account.id);
    await run(
      label.replace('{n}', Number(account.n).toLocaleString('en-US')),
      () => ok(http('GET', `/api/v1/contacts/${id}/revenue`), 'revenue'),
      () => raw.query(revenueSql, [id]),
    );
  }
  await run(
    'product search (20)',
    (i) =>
      ok(http('GET', `/api/v1/products?q=bench%20product%20${(i % 90) + 10}&limit=20`), 'product search'),
    (i) =>
      raw.query(
        `select id, sku, names from products where deleted_at is null and archived_at is null
         and search_text like $1 order by sku limit 21`,
        [`%bench product ${(i % 90) + 10}%`],
      ),
  );

  const [pipeline] = await raw.query(`select id from pipelines where name = 'Bench pipeline' limit 1`);
  if (pipeline) {
    const pipelineId = String(pipeline.id);
    await run(
      'deals board (6 stages, 50 cards each)',
      () => ok(http('GET', `/api/v1/deals/board?pipelineId=${pipelineId}`), 'board'),
      async () => {
        await raw.query(
          `select d.stage_id, d.currency, count(*), sum(d.amount), sum(round(d.amount * s.probability / 100.0))
           from deals d join pipeline_stages s on s.id = d.stage_id
           where d.pipeline_id = $1 and d.deleted_at is null group by 1, 2`,
          [pipelineId],
        );
        await raw.query(
          `select c.* from pipeline_stages s cross join lateral (
             select d.id, d.title, d.amount, d.currency, d.rank from deals d
             where d.stage_id = s.id and d.deleted_at is null order by d.rank, d.id limit 50) c
           where s.pipeline_id = $1`,
          [pipelineId],
        );
      },
    );
    const from = new Date().toISOString().slice(0, 7);
    const end = new Date();
    end.setUTCMonth(end.getUTCMonth() + 11);
    const to = end.toISOString().slice(0, 7);
    await run(
      'weighted forecast (12 months × owners)',
      () =>
        ok(http('GET', `/api/v1/deals/forecast?from=${from}&to=${to}&pipelineId=${pipelineId}`), 'forecast'),
      () =>
        raw.query(
          `select date_trunc('month', d.expected_close_on) as month, d.owner_id, d.currency, count(*), sum(d.amount),
             sum(round(d.amount * s.probability / 100.0))
           from deals d join pipeline_stages s on s.id = d.stage_id
           where d.status = 'open' and d.deleted_at is null and d.pipeline_id = $1
             and d.expected_close_on >= $2::date and d.expected_close_on < ($3::date + interval '1 month')
           group by 1, 2, 3`,
          [pipelineId, `${from}-01`, `${to}-01`],
        ),
    );
  }
}

/** The same 500 orders by hand: orders and lines from two `unnest`s, numbers from one sequence update. */
async function rawOrderBatch(
  raw: Raw,
  items: {
    source: string;
    externalId: string;
    orderedAt: string;
    customer: { contactId: string };
    lines: { sku: string; quantity: string; unitPrice: number }[];
  }[],
) {
  const lines = items.flatMap((o, n) => o.lines.map((l, j) => ({ n, j, ...l })));
  await raw.query(
    `with o as (
       insert into orders (number, status, channel, contact_id, currency, ordered_at, net, tax, gross, source, external_id)
       select 'SO-R-' || x.ext, 'new', 'web', x.contact_id, 'EUR', x.at, 0, 0, 0, x.src, x.ext
       from unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::int[]) as x(src, ext, contact_id, at, n)
       on conflict do nothing
       returning id, external_id),
     k as (select o.id, x.n from o join unnest($2::text[], $5::int[]) as x(ext, n) on x.ext = o.external_id)
     insert into order_lines (order_id, position, product_id, sku, description, quantity, unit_price, tax_rate, net)
     select k.id, l.j + 1, p.id, p.sku, p.names->>'en', l.q, l.price, 25, (l.q * l.price)::bigint
     from unnest($6::int[], $7::int[], $8::text[], $9::numeric[], $10::bigint[]) as l(n, j, sku, q, price)
     join k on k.n = l.n join products p on lower(p.sku) = lower(l.sku) and p.deleted_at is null`,
    [
      items.map((o) => o.source),
      items.map((o) => o.externalId),
      items.map((o) => o.customer.contactId),
      items.map((o) => o.orderedAt),
      items.map((_, n) => n),
      lines.map((l) => l.n),
      lines.map((l) => l.j),
      lines.map((l) => l.sku),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unitPrice),
    ],
  );
}
