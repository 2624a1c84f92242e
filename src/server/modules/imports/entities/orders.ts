import { inArray, sql } from 'drizzle-orm';
import { currencies, currencyMinorUnits } from '../../../../shared/money.ts';
import { type IngestOrder, ingestOrder } from '../../../../shared/orders.ts';
import { orderChannels } from '../../../../shared/sales.ts';
import { type Executor, rowsOf } from '../../../db/client.ts';
import { invalid } from '../../../http/errors.ts';
import { ingestOrders } from '../../orders/index.ts';
import { orders } from '../../orders/orders.schema.ts';
import { products } from '../../products/products.schema.ts';
import type { Match } from '../imports.match.ts';
import { issueProblem, RowProblemsError } from '../imports.problems.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import { type ProblemText, problem, type RowProblem } from '../parse/index.ts';
import { externalKey, findByExternalKeys } from './external.ts';
import { builtFrom, minor, str, target } from './helpers.ts';
import type { RecordImporter } from './types.ts';

/** Where an order comes from when the file has no source column: (source, order number) is its identity. */
const DEFAULT_SOURCE = 'import';

/** The statuses an order can arrive in (ingest refuses cancelled and returned ones), as shops spell them. */
const statusAliases: Record<string, string[]> = {
  new: [
    'pending',
    'pending payment',
    'on hold',
    'open',
    'unfulfilled',
    'nouvelle',
    'en attente',
    'neu',
    'offen',
    'ny',
    'afventer',
  ],
  confirmed: [
    'processing',
    'paid',
    'authorized',
    'confirmée',
    'en cours',
    'bestätigt',
    'in bearbeitung',
    'bezahlt',
    'bekræftet',
    'behandles',
    'betalt',
  ],
  shipped: ['fulfilled', 'sent', 'dispatched', 'expédiée', 'versandt', 'verschickt', 'afsendt', 'sendt'],
  delivered: [
    'completed',
    'complete',
    'livrée',
    'terminée',
    'geliefert',
    'zugestellt',
    'abgeschlossen',
    'leveret',
    'gennemført',
  ],
};
const channelAliases: Record<string, string[]> = {
  web: [
    'online',
    'webshop',
    'online store',
    'e-commerce',
    'internet',
    'en ligne',
    'boutique en ligne',
    'onlineshop',
    'netbutik',
  ],
  shop: [
    'pos',
    'point of sale',
    'store',
    'retail',
    'in store',
    'magasin',
    'boutique',
    'laden',
    'geschäft',
    'filiale',
    'butik',
  ],
  phone: ['telephone', 'téléphone', 'telefon', 'by phone'],
  sales: ['sales rep', 'direct', 'b2b', 'vente', 'vertrieb', 'außendienst', 'salg'],
};

const targets: ImportTargetDef[] = [
  target(
    'externalId',
    'text',
    { en: 'Order number', fr: 'N° de commande', de: 'Bestellnummer', da: 'Ordrenummer' },
    {
      maxLength: 200,
      matchable: true,
      // Not the contacts' "Customer ID" synonyms: here the id is the order's.
      ownSynonymsOnly: true,
      aliases: ['Order ID', 'Order #', 'Order no', 'Order', 'Commande', 'Bestellung', 'Ordre', 'Ordre nr'],
    },
  ),
  target('source', 'text', { en: 'Source', fr: 'Source', de: 'Quelle', da: 'Kilde' }, { maxLength: 100 }),
  target(
    'orderedAt',
    'date',
    {
      en: 'Order date',
      fr: 'Date de commande',
      de: 'Bestelldatum',
      da: 'Ordredato',
    },
    { aliases: ['Created at', 'Date created', 'Order created', 'Paid at', 'Date'] },
  ),
  target(
    'status',
    'enum',
    { en: 'Order status', fr: 'Statut', de: 'Status', da: 'Ordrestatus' },
    { enumValues: Object.keys(statusAliases), enumAliases: statusAliases },
  ),
  target(
    'channel',
    'enum',
    { en: 'Channel', fr: 'Canal', de: 'Kanal', da: 'Salgskanal' },
    { enumValues: [...orderChannels], enumAliases: channelAliases },
  ),
  target(
    'currency',
    'enum',
    { en: 'Currency', fr: 'Devise', de: 'Währung', da: 'Valuta' },
    { enumValues: [...currencies] },
  ),
  target('email', 'email', {
    en: 'Customer e-mail',
    fr: 'E-mail du client',
    de: 'E-Mail des Kunden',
    da: 'Kundens e-mail',
  }),
  target('phone', 'phone', {
    en: 'Customer phone',
    fr: 'Téléphone du client',
    de: 'Telefon des Kunden',
    da: 'Kundens telefon',
  }),
  target(
    'firstName',
    'text',
    { en: 'First name', fr: 'Prénom', de: 'Vorname', da: 'Fornavn' },
    { maxLength: 200 },
  ),
  target(
    'lastName',
    'text',
    { en: 'Last name', fr: 'Nom', de: 'Nachname', da: 'Efternavn' },
    { maxLength: 200 },
  ),
  target(
    'sku',
    'text',
    { en: 'SKU', fr: 'Référence (SKU)', de: 'Artikelnummer', da: 'Varenummer' },
    { maxLength: 100, aliases: ['Lineitem sku', 'Item SKU', 'Product SKU'] },
  ),
  target(
    'lineDescription',
    'text',
    { en: 'Item name', fr: 'Désignation', de: 'Artikelbezeichnung', da: 'Varebeskrivelse' },
    { maxLength: 2000, aliases: ['Lineitem name', 'Product name', 'Item'] },
  ),
  target(
    'quantity',
    'decimal',
    { en: 'Quantity', fr: 'Quantité', de: 'Menge', da: 'Antal' },
    { aliases: ['Lineitem quantity', 'Qty', 'Item quantity'] },
  ),
  target(
    'unitPrice',
    'decimal',
    { en: 'Unit price', fr: 'Prix unitaire', de: 'Einzelpreis', da: 'Stykpris' },
    { aliases: ['Lineitem price', 'Item price', 'Price'] },
  ),
  target('discountPercent', 'decimal', {
    en: 'Discount (%)',
    fr: 'Remise (%)',
    de: 'Rabatt (%)',
    da: 'Rabat (%)',
  }),
  target('discountAmount', 'decimal', {
    en: 'Discount amount',
    fr: 'Montant de la remise',
    de: 'Rabattbetrag',
    da: 'Rabatbeløb',
  }),
  target('taxRate', 'decimal', { en: 'Tax rate', fr: 'Taux de TVA', de: 'Steuersatz', da: 'Momssats' }),
  target(
    'note',
    'text',
    { en: 'Order note', fr: 'Note de commande', de: 'Bestellnotiz', da: 'Ordrenote' },
    { maxLength: 5000 },
  ),
  target(
    'shippingStreet',
    'text',
    { en: 'Shipping street', fr: 'Rue de livraison', de: 'Lieferstraße', da: 'Leveringsadresse' },
    { maxLength: 300 },
  ),
  target(
    'shippingPostalCode',
    'text',
    {
      en: 'Shipping postal code',
      fr: 'Code postal de livraison',
      de: 'Liefer-PLZ',
      da: 'Leveringspostnummer',
    },
    { maxLength: 20 },
  ),
  target(
    'shippingCity',
    'text',
    { en: 'Shipping city', fr: 'Ville de livraison', de: 'Lieferort', da: 'Leveringsby' },
    { maxLength: 120 },
  ),
  target(
    'shippingRegion',
    'text',
    { en: 'Shipping region', fr: 'Région de livraison', de: 'Lieferregion', da: 'Leveringsregion' },
    { maxLength: 120 },
  ),
  target('shippingCountry', 'country', {
    en: 'Shipping country',
    fr: 'Pays de livraison',
    de: 'Lieferland',
    da: 'Leveringsland',
  }),
];

/** Columns of the order, repeated on each of its rows (a shop may leave them empty after the first). */
const orderKeys = [
  'source',
  'orderedAt',
  'status',
  'channel',
  'currency',
  'email',
  'phone',
  'firstName',
  'lastName',
  'note',
  'shippingStreet',
  'shippingPostalCode',
  'shippingCity',
  'shippingRegion',
  'shippingCountry',
] as const;
/** Columns of one line: a row without any of them carries only the order's columns. */
const lineKeys = [
  'sku',
  'lineDescription',
  'quantity',
  'unitPrice',
  'discountPercent',
  'discountAmount',
  'taxRate',
];

const lineField: Record<string, string> = {
  sku: 'sku',
  productId: 'sku',
  description: 'lineDescription',
  quantity: 'quantity',
  unitPrice: 'unitPrice',
  discountPercent: 'discountPercent',
  discountAmount: 'discountAmount',
  taxRate: 'taxRate',
};
const shippingField: Record<string, string> = {
  street: 'shippingStreet',
  postalCode: 'shippingPostalCode',
  city: 'shippingCity',
  region: 'shippingRegion',
  country: 'shippingCountry',
};

/** An ingest path back to the column the user mapped (`lines.2.unitPrice` → `unitPrice`). */
function fieldOf(path: string): string {
  const [head, second, third] = path.split('.');
  if (head === 'lines') return third ? (lineField[third] ?? 'sku') : 'sku';
  if (head === 'customer') return second && second !== 'contactId' ? second : 'email';
  if (head === 'shippingAddress') return shippingField[second ?? ''] ?? 'shippingCountry';
  return head || path;
}

type Built = { order: IngestOrder; lineRows: number[] };
const built = (row: { fields: Record<string, unknown> }) => row.fields as Built;
const keyOf = externalKey;

/**
 * Orders as web shops and ERPs export them: one row per order line, the order's columns repeated on each of
 * its lines (or only on the first). Consecutive rows with the same order number are one order, stored through
 * the web-shop ingest: exactly once per (source, order number), the customer found by e-mail or phone or
 * created, lines by SKU with the product's cost snapshot. A repeated order is skipped, never updated.
 */
export const orderImporter: RecordImporter = {
  entity: 'orders',
  targets,
  groupBy: 'externalId',
  historyEntity: 'order',
  purgesLeftovers: true,
  table: orders,
  fieldOf,
  build(rows, env) {
    const first = rows[0]!;
    const problems: RowProblem[] = [];
    /** (row, field) pairs already reported: the contract's check of the same value would only repeat it. */
    const covered = new Set(rows.flatMap((r) => r.problems.map((p) => `${p.rowNo}:${p.field}`)));
    const report = (rowNo: number, field: string, p: ProblemText) => {
      if (covered.has(`${rowNo}:${field}`)) return;
      covered.add(`${rowNo}:${field}`);
      problems.push({ rowNo, field, ...p });
    };
    const hasProblem = (field: string) => rows.some((r) => r.problems.some((p) => p.field === field));
    const externalId = str(first.fields.externalId);
    if (!externalId && !hasProblem('externalId'))
      report(first.rowNo, 'externalId', problem('order_number_missing'));

    // The order's columns: the first value given; a row of the same order saying otherwise is a problem.
    const o: Partial<Record<(typeof orderKeys)[number], string>> = {};
    for (const key of orderKeys) {
      let at: { value: string; rowNo: number } | undefined;
      for (const r of rows) {
        const v = str(r.fields[key]);
        if (v === undefined) continue;
        if (!at) at = { value: v, rowNo: r.rowNo };
        else if (key === 'email' ? v.toLowerCase() !== at.value.toLowerCase() : v !== at.value)
          report(
            r.rowNo,
            key,
            problem('order_rows_disagree', {
              order: externalId ?? '',
              first: at.value,
              row: at.rowNo,
              value: v,
            }),
          );
      }
      if (at) o[key] = at.value;
    }
    const currency = o.currency && o.currency in currencyMinorUnits ? o.currency : undefined;
    if (!currency && !hasProblem('currency'))
      report(first.rowNo, 'currency', problem('order_currency_missing'));
    if (!o.orderedAt && !hasProblem('orderedAt'))
      report(first.rowNo, 'orderedAt', problem('order_date_missing'));

    const lines: Record<string, unknown>[] = [];
    const lineRows: number[] = [];
    for (const r of rows) {
      const m = r.fields;
      const given = (k: string) => m[k] !== undefined || r.problems.some((p) => p.field === k);
      if (!lineKeys.some(given)) continue;
      const line: Record<string, unknown> = {};
      if (str(m.sku)) line.sku = str(m.sku);
      if (str(m.lineDescription)) line.description = str(m.lineDescription);
      if (str(m.discountPercent)) line.discountPercent = str(m.discountPercent);
      for (const [key, code] of [
        ['quantity', 'line_quantity_missing'],
        ['taxRate', 'line_tax_missing'],
      ] as const) {
        if (str(m[key])) line[key] = str(m[key]);
        else if (!given(key)) report(r.rowNo, key, problem(code));
      }
      if (currency) {
        const price = minor(m.unitPrice, currency, r.rowNo, 'unitPrice', problems);
        if (price !== undefined) line.unitPrice = price;
        else if (!given('unitPrice')) report(r.rowNo, 'unitPrice', problem('line_price_missing'));
        const discount = minor(m.discountAmount, currency, r.rowNo, 'discountAmount', problems);
        if (discount !== undefined) line.discountAmount = discount;
      }
      // Without a currency the amounts cannot be read: the currency's problem says so once.
      else for (const k of ['unitPrice', 'discountAmount']) covered.add(`${r.rowNo}:${k}`);
      for (const p of problems) covered.add(`${p.rowNo}:${p.field}`);
      lines.push(line);
      lineRows.push(r.rowNo);
    }
    if (!lines.length && !rows.some((r) => r.problems.length))
      report(first.rowNo, 'sku', problem('order_lines_missing'));

    const customer: Record<string, string> = {};
    if (o.email) customer.email = o.email;
    // The customer is found by its number's digits; an extension is not part of them.
    if (o.phone) customer.phone = o.phone.split(';ext=')[0]!;
    if (o.firstName) customer.firstName = o.firstName;
    if (o.lastName) customer.lastName = o.lastName;
    const input: Record<string, unknown> = {
      source: o.source ?? DEFAULT_SOURCE,
      externalId,
      orderedAt: o.orderedAt ? `${o.orderedAt}T00:00:00Z` : undefined,
      currency,
      customer,
      lines,
    };
    if (o.channel) input.channel = o.channel;
    if (o.status) input.status = o.status;
    if (o.note) input.note = o.note;
    const address = ['shippingStreet', 'shippingPostalCode', 'shippingCity', 'shippingRegion'] as const;
    if (address.some((k) => o[k]) || o.shippingCountry) {
      const country = o.shippingCountry ?? env.settings.defaultCountry ?? undefined;
      if (!country && !hasProblem('shippingCountry'))
        report(first.rowNo, 'shippingCountry', problem('shipping_country_missing'));
      input.shippingAddress = {
        label: 'shipping',
        street: o.shippingStreet ?? '',
        postalCode: o.shippingPostalCode ?? '',
        city: o.shippingCity ?? '',
        region: o.shippingRegion ?? '',
        country,
      };
    }

    // The ingest's own contract decides what a valid order is; a line's problem names that line's row.
    const parsed = ingestOrder.safeParse(input);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        const line = path[0] === 'lines' && path[1] !== undefined ? lineRows[Number(path[1])] : undefined;
        report(line ?? first.rowNo, fieldOf(path.join('.')), issueProblem(issue));
      }
    const fields: Built = {
      order: parsed.success ? parsed.data : (input as IngestOrder),
      lineRows,
    };
    return builtFrom(rows, fields, problems);
  },
  async resolve(db, rows) {
    // Every SKU of the batch in one query, as the ingest looks them up (case ignored, archived ones accepted).
    const skus = new Set<string>();
    const pairs: { source: string; externalId: string }[] = [];
    for (const row of rows) {
      const { order } = built(row);
      for (const l of Array.isArray(order.lines) ? order.lines : [])
        if (typeof l?.sku === 'string' && l.sku) skus.add(l.sku.toLowerCase());
      if (typeof order.source === 'string' && typeof order.externalId === 'string')
        pairs.push({ source: order.source, externalId: order.externalId });
    }
    const known = new Set(
      skus.size
        ? rowsOf<{ key: string }>(
            await db.execute(sql`select lower(sku) as key from ${products}
              where deleted_at is null and lower(sku) = any(${sql.param([...skus])}::text[])`),
          ).map((r) => r.key)
        : [],
    );
    // An order in the recycle bin still holds its (source, order number): the ingest would refuse it
    // (unless an undone import left it there: then it is erased when the order is written again).
    const binned = new Map(
      (
        await findByExternalKeys<{ number: string }>(
          db,
          orders,
          'order',
          pairs.map((p) => externalKey(p.source, p.externalId)),
          sql`t.number`,
        )
      )
        .filter((r) => r.deleted)
        .map((r) => [r.key, r.number]),
    );
    for (const row of rows) {
      const { order, lineRows } = built(row);
      (Array.isArray(order.lines) ? order.lines : []).forEach((l, i) => {
        if (typeof l?.sku === 'string' && l.sku && !known.has(l.sku.toLowerCase()))
          row.problems.push({
            rowNo: lineRows[i] ?? row.rowNo,
            field: 'sku',
            ...problem('sku_unknown', { sku: l.sku }),
          });
      });
      const number = binned.get(keyOf(String(order.source), String(order.externalId)));
      if (number)
        row.problems.push({
          rowNo: row.rowNo,
          field: 'externalId',
          ...problem('order_in_bin', {
            order: String(order.externalId),
            source: String(order.source),
            number,
          }),
        });
    }
  },
  keysOf(row, match) {
    const { order } = built(row);
    return match === 'externalId' && order.externalId && order.source
      ? [keyOf(order.source, order.externalId)]
      : [];
  },
  async findByKeys(db: Executor, match, keys) {
    const found = new Map<string, Match>();
    if (match !== 'externalId') return found;
    const hits = await findByExternalKeys<{ owner_id: string | null; number: string }>(
      db,
      orders,
      'order',
      keys,
      sql`t.owner_id, t.number`,
    );
    // Binned ones are the resolve step's problem (they cannot be skipped as "already there").
    for (const r of hits) {
      if (r.deleted) continue;
      const [source, externalId] = JSON.parse(r.key) as [string, string];
      found.set(r.key, {
        id: r.id,
        ownerId: r.owner_id,
        name: r.number,
        reason: `order ${externalId} from ${source} is ${r.number}`,
      });
    }
    return found;
  },
  async create(ctx, row) {
    const [r] = await this.createMany!(ctx, [row]);
    if ('error' in r!) throw r.error;
    return r!;
  },
  // A batch's orders in one call of the ingest service (each order in its savepoint there): its look-ups
  // of customers and products are made once a batch, not once an order.
  async createMany(ctx, rows) {
    const list = rows.map((r) => built(r).order);
    const { results } = await ingestOrders(ctx, list);
    const withNewContact = results
      .filter((r) => r.status === 'created' && r.contactCreated)
      .map((r) => r.id!);
    const contactOf = new Map(
      withNewContact.length
        ? (
            await ctx.db
              .select({ id: orders.id, contactId: orders.contactId })
              .from(orders)
              .where(inArray(orders.id, withNewContact))
          ).map((o) => [o.id, o.contactId])
        : [],
    );
    return results.map((result, i) => {
      const order = list[i]!;
      if (result.status === 'created') {
        const contactId = contactOf.get(result.id!);
        return { id: result.id!, also: contactId ? [{ entity: 'contacts' as const, id: contactId }] : [] };
      }
      if (result.status === 'duplicate') {
        const [o, source] = [String(order.externalId), String(order.source)];
        const stored = result.number
          ? problem('order_stored', { order: o, source, number: result.number })
          : problem('order_already_stored', { order: o, source });
        return { error: new RowProblemsError([{ field: 'externalId', ...stored }], 'duplicate', 409) };
      }
      return { error: invalid(result.errors) };
    });
  },
};
