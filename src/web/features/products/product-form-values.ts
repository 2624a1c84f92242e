import { languages } from '../../../shared/common.ts';
import { minorUnits, parseMajor, toMajorString } from '../../../shared/money.ts';
import type { CreateProductInput, ProductDto, ProductUnit, TaxCategory } from '../../../shared/products.ts';

type Texts = { en: string; fr: string; de: string; da: string };

/** The product form: money as typed (major units), parsed exactly with parseMajor on save. */
export type ProductFormValues = {
  sku: string;
  unit: ProductUnit;
  taxCategory: TaxCategory;
  names: Texts;
  descriptions: Texts;
  prices: { key: string; currency: string; amount: string }[];
  costPrice: string;
  costCurrency: string | null;
};

const texts = (t: Partial<Record<string, string>> = {}): Texts => ({
  en: t.en ?? '',
  fr: t.fr ?? '',
  de: t.de ?? '',
  da: t.da ?? '',
});

let seq = 0;
export const rowKey = () => `row-${++seq}`;

export function productToForm(p: ProductDto | null, defaultCurrency: string): ProductFormValues {
  if (!p)
    return {
      sku: '',
      unit: 'piece',
      taxCategory: 'standard',
      names: texts(),
      descriptions: texts(),
      prices: [{ key: rowKey(), currency: defaultCurrency, amount: '' }],
      costPrice: '',
      costCurrency: defaultCurrency,
    };
  return {
    sku: p.sku,
    unit: p.unit,
    taxCategory: p.taxCategory,
    names: texts(p.names),
    descriptions: texts(p.descriptions),
    prices: p.prices.map((x) => ({
      key: rowKey(),
      currency: x.currency,
      amount: toMajorString(x.unitPrice, x.currency),
    })),
    costPrice: p.costPrice === null || !p.costCurrency ? '' : toMajorString(p.costPrice, p.costCurrency),
    costCurrency: p.costCurrency ?? defaultCurrency,
  };
}

const knownCurrency = (c: string) => {
  try {
    minorUnits(c);
    return true;
  } catch {
    return false;
  }
};

/**
 * Form values → the API's input, or the field errors that stop it (amounts that are not a number in the
 * currency's minor units; the same currency twice). Messages are keys for the caller to translate.
 */
export function productPayload(
  v: ProductFormValues,
):
  | { ok: true; input: CreateProductInput }
  | { ok: false; errors: Record<string, { key: string; digits?: number }> } {
  const errors: Record<string, { key: string; digits?: number }> = {};
  const seen = new Set<string>();
  const prices: CreateProductInput['prices'] = [];
  v.prices.forEach((row, i) => {
    if (!row.amount.trim() || !knownCurrency(row.currency)) return;
    if (seen.has(row.currency)) errors[`prices.${i}.currency`] = { key: 'form.duplicateCurrency' };
    seen.add(row.currency);
    const minor = parseMajor(row.amount, row.currency);
    if (minor === null || minor < 0)
      errors[`prices.${i}.amount`] = { key: 'form.invalidAmount', digits: minorUnits(row.currency) };
    else
      prices.push({
        currency: row.currency as CreateProductInput['prices'][number]['currency'],
        unitPrice: minor,
      });
  });
  let costPrice: number | null = null;
  const costCurrency =
    v.costPrice.trim() && v.costCurrency && knownCurrency(v.costCurrency) ? v.costCurrency : null;
  if (costCurrency) {
    costPrice = parseMajor(v.costPrice, costCurrency);
    if (costPrice === null || costPrice < 0)
      errors.costPrice = { key: 'form.invalidAmount', digits: minorUnits(costCurrency) };
  }
  if (!v.names.en.trim()) errors['names.en'] = { key: 'form.nameRequired' };
  if (Object.keys(errors).length) return { ok: false, errors };
  const pick = (t: Texts) =>
    Object.fromEntries(languages.map((l) => [l, t[l].trim()]).filter(([, s]) => s)) as Record<string, string>;
  return {
    ok: true,
    input: {
      sku: v.sku.trim(),
      unit: v.unit,
      taxCategory: v.taxCategory,
      names: { en: v.names.en.trim(), ...pick(v.names) },
      descriptions: pick(v.descriptions),
      prices,
      costPrice,
      costCurrency: costCurrency as CreateProductInput['costCurrency'],
    },
  };
}

/** Server field paths → form paths (`prices.1.unitPrice` is typed as `prices.1.amount`). */
export const formPath = (path: string) =>
  path.replace(/^prices\.(\d+)\.unitPrice$/, 'prices.$1.amount').replace(/^costCurrency$/, 'costPrice');
