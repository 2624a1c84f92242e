import { sql } from 'drizzle-orm';
import { currencies } from '../../../../shared/money.ts';
import {
  createProductInput,
  type ProductDto,
  productUnits,
  taxCategories,
  type UpdateProductInput,
  updateProductInput,
} from '../../../../shared/products.ts';
import { type Executor, rowsOf } from '../../../db/client.ts';
import { invalid } from '../../../http/errors.ts';
import { createProduct, getProduct, setArchived, updateProduct } from '../../products/index.ts';
import { products } from '../../products/products.schema.ts';
import type { Match } from '../imports.match.ts';
import { issueProblem } from '../imports.problems.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import type { RowProblem } from '../parse/index.ts';
import { builtFrom, issuesAsProblems, minor, str, target } from './helpers.ts';
import type { RecordImporter } from './types.ts';

/** Currencies a price column can be mapped to directly ("Price EUR", "Pris DKK"). */
const priceCurrencies = ['EUR', 'DKK', 'SEK', 'NOK', 'GBP', 'CHF', 'PLN', 'USD'] as const;
const languages = [
  ['Fr', 'French', 'français', 'Französisch', 'fransk'],
  ['De', 'German', 'allemand', 'Deutsch', 'tysk'],
  ['Da', 'Danish', 'danois', 'Dänisch', 'dansk'],
] as const;

const unitAliases: Record<string, string[]> = {
  piece: ['pcs', 'pc', 'stk', 'stk.', 'stück', 'stck', 'pièce', 'pièces', 'unit', 'each', 'ea'],
  hour: ['h', 'hr', 'hrs', 'hours', 'heure', 'heures', 'stunde', 'stunden', 'std', 'time', 'timer', 't.'],
  day: ['days', 'jour', 'jours', 'tag', 'tage', 'dag', 'dage'],
  month: ['months', 'mois', 'monat', 'monate', 'måned', 'måneder'],
  year: ['years', 'an', 'année', 'jahr', 'jahre', 'år'],
  licence: ['license', 'licenses', 'licences', 'lizenz', 'licens'],
  package: ['pkg', 'pack', 'paquet', 'paket', 'pakke'],
  l: ['litre', 'liter', 'litres', 'liters'],
  kg: ['kilo', 'kilogram', 'kilogramme'],
};
const taxAliases: Record<string, string[]> = {
  standard: ['normal', 'full', 'taux normal', 'normalsatz', 'regelsteuersatz', 'fuld moms'],
  reduced: ['reduced rate', 'taux réduit', 'ermäßigt', 'reduziert', 'nedsat'],
  zero: ['0', '0%', 'zero rated', 'nulsats'],
  exempt: ['exempt', 'exonéré', 'steuerfrei', 'befreit', 'momsfri', 'fritaget'],
};

const targets: ImportTargetDef[] = [
  target(
    'sku',
    'text',
    { en: 'SKU', fr: 'Référence (SKU)', de: 'Artikelnummer (SKU)', da: 'Varenummer (SKU)' },
    { maxLength: 64, matchable: true },
  ),
  target('name', 'text', { en: 'Name', fr: 'Nom', de: 'Bezeichnung', da: 'Navn' }, { maxLength: 200 }),
  ...languages.map(([suffix, en, fr, de, da]) =>
    target(
      `name${suffix}`,
      'text',
      { en: `Name (${en})`, fr: `Nom (${fr})`, de: `Bezeichnung (${de})`, da: `Navn (${da})` },
      { maxLength: 200 },
    ),
  ),
  target(
    'description',
    'text',
    { en: 'Description', fr: 'Description', de: 'Beschreibung', da: 'Beskrivelse' },
    { maxLength: 4000 },
  ),
  ...languages.map(([suffix, en, fr, de, da]) =>
    target(
      `description${suffix}`,
      'text',
      {
        en: `Description (${en})`,
        fr: `Description (${fr})`,
        de: `Beschreibung (${de})`,
        da: `Beskrivelse (${da})`,
      },
      { maxLength: 4000 },
    ),
  ),
  target(
    'unit',
    'enum',
    { en: 'Unit', fr: 'Unité', de: 'Einheit', da: 'Enhed' },
    { enumValues: [...productUnits], enumAliases: unitAliases },
  ),
  target(
    'taxCategory',
    'enum',
    { en: 'Tax category', fr: 'Catégorie de TVA', de: 'Steuerkategorie', da: 'Momskategori' },
    { enumValues: [...taxCategories], enumAliases: taxAliases },
  ),
  target('price', 'decimal', { en: 'Price', fr: 'Prix', de: 'Preis', da: 'Pris' }),
  target(
    'currency',
    'enum',
    { en: 'Currency', fr: 'Devise', de: 'Währung', da: 'Valuta' },
    {
      enumValues: [...currencies],
    },
  ),
  ...priceCurrencies.map((c) =>
    target(`price${c}`, 'decimal', { en: `Price ${c}`, fr: `Prix ${c}`, de: `Preis ${c}`, da: `Pris ${c}` }),
  ),
  target('costPrice', 'decimal', {
    en: 'Cost price',
    fr: 'Prix de revient',
    de: 'Einstandspreis',
    da: 'Kostpris',
  }),
  target(
    'costCurrency',
    'enum',
    { en: 'Cost currency', fr: 'Devise du coût', de: 'Währung der Kosten', da: 'Kostvaluta' },
    { enumValues: [...currencies] },
  ),
  target('archived', 'boolean', { en: 'Archived', fr: 'Archivé', de: 'Archiviert', da: 'Arkiveret' }),
];

/** A contract path back to the column the user mapped (`names.fr` → `nameFr`, `prices.0.unitPrice` → `price`). */
function fieldOf(path: string): string {
  const [head, sub] = path.split('.');
  if (head === 'names') return sub && sub !== 'en' ? `name${sub[0]!.toUpperCase()}${sub[1]}` : 'name';
  if (head === 'descriptions')
    return sub && sub !== 'en' ? `description${sub[0]!.toUpperCase()}${sub[1]}` : 'description';
  if (head === 'prices') return 'price';
  return head ?? path;
}

type Built = { input: UpdateProductInput; archived?: boolean };
const built = (row: { fields: Record<string, unknown> }) => row.fields as Built;

/**
 * Products: one row a product, matched by SKU (case ignored). Names and descriptions per language, list
 * prices as one price + currency or one column per currency, the cost price, archived or not. A matched
 * product is updated: the file's languages and prices replace the ones it gives, the others stay.
 */
export const productImporter: RecordImporter = {
  entity: 'products',
  targets,
  historyEntity: 'product',
  table: products,
  fieldOf,
  build(rows) {
    const m = rows[0]!.fields;
    const rowNo = rows[0]!.rowNo;
    const problems: RowProblem[] = [];
    const input: Record<string, unknown> = {};
    if (str(m.sku)) input.sku = str(m.sku);
    const names: Record<string, string> = {};
    const descriptions: Record<string, string> = {};
    if (str(m.name)) names.en = str(m.name)!;
    if (str(m.description)) descriptions.en = str(m.description)!;
    for (const [suffix] of languages) {
      const lang = suffix.toLowerCase();
      if (str(m[`name${suffix}`])) names[lang] = str(m[`name${suffix}`])!;
      if (str(m[`description${suffix}`])) descriptions[lang] = str(m[`description${suffix}`])!;
    }
    if (Object.keys(names).length) input.names = names;
    if (Object.keys(descriptions).length) input.descriptions = descriptions;
    if (m.unit) input.unit = m.unit;
    if (m.taxCategory) input.taxCategory = m.taxCategory;
    const prices: { currency: string; unitPrice: number }[] = [];
    const one = minor(m.price, str(m.currency), rowNo, 'price', problems);
    if (one !== undefined) prices.push({ currency: str(m.currency)!, unitPrice: one });
    for (const c of priceCurrencies) {
      const v = minor(m[`price${c}`], c, rowNo, `price${c}`, problems);
      if (v !== undefined && !prices.some((p) => p.currency === c))
        prices.push({ currency: c, unitPrice: v });
    }
    if (prices.length) input.prices = prices;
    if (str(m.costPrice) !== undefined) {
      const cost = minor(m.costPrice, str(m.costCurrency) ?? str(m.currency), rowNo, 'costPrice', problems);
      if (cost !== undefined) {
        input.costPrice = cost;
        input.costCurrency = str(m.costCurrency) ?? str(m.currency);
      }
    }
    // The API's own contract decides what a valid product is (an update needs only what the row gives).
    // A row may give only some languages of a product it updates: English is checked when it creates one.
    const check = names.en || !input.names ? input : { ...input, names: { ...names, en: '-' } };
    const parsed = updateProductInput.safeParse(check);
    if (!parsed.success) problems.push(...issuesAsProblems(rowNo, parsed.error.issues, fieldOf));
    const fields: Built = {
      input: parsed.success ? { ...parsed.data, names: input.names as never } : (input as UpdateProductInput),
      archived: typeof m.archived === 'boolean' ? m.archived : undefined,
    };
    return builtFrom(rows, fields, problems);
  },
  creatable(row) {
    const { input } = built(row);
    const r = createProductInput.safeParse(input);
    if (r.success) return null;
    const issue = r.error.issues[0]!;
    return { rowNo: row.rowNo, field: fieldOf(issue.path.map(String).join('.')), ...issueProblem(issue) };
  },
  keysOf(row, match) {
    const sku = built(row).input.sku;
    return match === 'sku' && sku ? [sku.toLowerCase()] : [];
  },
  async findByKeys(db: Executor, match, keys) {
    const found = new Map<string, Match>();
    if (match !== 'sku' || !keys.length) return found;
    const rows = rowsOf<{ key: string; id: string; sku: string; name: string }>(
      await db.execute(sql`select k.key, p.id, p.sku, p.names->>'en' as name
        from unnest(${sql.param([...new Set(keys)])}::text[]) as k(key)
        join products p on lower(p.sku) = k.key and p.deleted_at is null`),
    );
    for (const r of rows)
      found.set(r.key, {
        id: r.id,
        ownerId: null,
        name: `${r.sku} ${r.name ?? ''}`.trim(),
        reason: `SKU ${r.sku}`,
      });
    return found;
  },
  async create(ctx, row) {
    const { input, archived } = built(row);
    const parsed = createProductInput.safeParse(input);
    if (!parsed.success)
      throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const made = await createProduct(ctx, parsed.data);
    if (archived) await setArchived(ctx, made.id, true);
    return { id: made.id };
  },
  async update(ctx, id, row) {
    // The row matched by its SKU (case ignored): the product keeps its own spelling of it.
    const { input: given, archived } = built(row);
    const { sku: _sku, ...input } = given;
    const before = await getProduct(ctx, id);
    // Languages and prices the file does not give stay as they are.
    const change: UpdateProductInput = {
      ...input,
      ...(input.names ? { names: { ...before.names, ...input.names } } : {}),
      ...(input.descriptions ? { descriptions: { ...before.descriptions, ...input.descriptions } } : {}),
      ...(input.prices
        ? {
            prices: [
              ...(before.prices as NonNullable<UpdateProductInput['prices']>).filter(
                (p) => !input.prices!.some((q) => q.currency === p.currency),
              ),
              ...input.prices,
            ],
          }
        : {}),
    };
    let after: ProductDto = await updateProduct(ctx, id, change);
    if (archived !== undefined && archived !== (before.status === 'archived'))
      after = await setArchived(ctx, id, archived);
    if (after.version === before.version) return null;
    return { before: restorable(before), versionAfter: after.version };
  },
  async restore(ctx, id, before) {
    const { archived, ...input } = before as UpdateProductInput & { archived: boolean };
    await updateProduct(ctx, id, input);
    await setArchived(ctx, id, archived);
  },
};

/** What an update may replace, as the update contract takes it back. */
const restorable = (p: ProductDto): UpdateProductInput & { archived: boolean } => ({
  sku: p.sku,
  names: p.names,
  descriptions: p.descriptions,
  unit: p.unit,
  taxCategory: p.taxCategory,
  prices: p.prices as UpdateProductInput['prices'],
  costPrice: p.costPrice,
  costCurrency: p.costCurrency as UpdateProductInput['costCurrency'],
  archived: p.status === 'archived',
});
