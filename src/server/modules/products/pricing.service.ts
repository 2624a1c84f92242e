import { and, eq, isNull } from 'drizzle-orm';
import type { AddressEntry } from '../../../shared/crm.ts';
import {
  localized,
  type PricingLine,
  type PricingLineQuery,
  type TaxCategory,
} from '../../../shared/products.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { getSalesSettings } from '../sales/index.ts';
import { priceListItems, priceLists, productPrices, products } from './products.schema.ts';
import { rateFor } from './tax-rates.service.ts';

const firstCountry = (addresses: unknown) =>
  ((addresses as AddressEntry[] | null)?.find((a) => a.country)?.country ?? null) as string | null;

/**
 * Who is buying, as far as prices and tax go: the customer group and country of the company (given, or the
 * contact's), else of the contact. Unknown or binned records are refused with the field that named them.
 */
export async function customerTerms(
  db: Executor,
  contactId: string | undefined,
  companyId: string | undefined,
): Promise<{ group: string | null; country: string | null }> {
  let contact: { group: string | null; addresses: unknown; companyId: string | null } | undefined;
  if (contactId) {
    [contact] = await db
      .select({ group: contacts.customerGroup, addresses: contacts.addresses, companyId: contacts.companyId })
      .from(contacts)
      .where(and(eq(contacts.id, contactId), isNull(contacts.deletedAt)));
    if (!contact) throw invalid([{ path: 'contactId', message: 'Unknown contact' }]);
  }
  const companyOf = companyId ?? contact?.companyId ?? undefined;
  let company: { group: string | null; addresses: unknown } | undefined;
  if (companyOf) {
    [company] = await db
      .select({ group: companies.customerGroup, addresses: companies.addresses })
      .from(companies)
      .where(and(eq(companies.id, companyOf), isNull(companies.deletedAt)));
    if (!company && companyId) throw invalid([{ path: 'companyId', message: 'Unknown company' }]);
  }
  return {
    group: company?.group || contact?.group || null,
    country: firstCountry(company?.addresses) ?? firstCountry(contact?.addresses),
  };
}

/** The price in a currency: the active price list of the customer's group, else the list price, else none. */
async function priceOf(db: Executor, productId: string, currency: string, group: string | null) {
  if (group) {
    const [hit] = await db
      .select({ unitPrice: priceListItems.unitPrice })
      .from(priceListItems)
      .innerJoin(priceLists, eq(priceLists.id, priceListItems.priceListId))
      .where(
        and(
          eq(priceListItems.productId, productId),
          eq(priceLists.customerGroup, group),
          eq(priceLists.currency, currency),
          eq(priceLists.active, true),
        ),
      );
    if (hit) return { unitPrice: hit.unitPrice, priceSource: 'price_list' as const };
  }
  const [list] = await db
    .select({ unitPrice: productPrices.unitPrice })
    .from(productPrices)
    .where(and(eq(productPrices.productId, productId), eq(productPrices.currency, currency)));
  return list
    ? { unitPrice: list.unitPrice, priceSource: 'list_price' as const }
    : { unitPrice: null, priceSource: 'none' as const };
}

/** What a document line for this product, customer and currency starts with (`GET /pricing/line`). */
export async function priceLine(ctx: Ctx, q: PricingLineQuery): Promise<PricingLine> {
  const [product] = await ctx.db
    .select()
    .from(products)
    .where(and(eq(products.id, q.productId), isNull(products.deletedAt)));
  if (!product) throw notFound('product');
  if (product.archivedAt)
    throw new AppError('product_archived', {
      status: 422,
      detail: 'This product is archived and no longer offered.',
      errors: [{ path: 'productId', message: 'The product is archived' }],
    });
  const [customer, seller] = await Promise.all([
    customerTerms(ctx.db, q.contactId, q.companyId),
    getSalesSettings(ctx.db),
  ]);
  const [price, taxRate] = await Promise.all([
    priceOf(ctx.db, product.id, q.currency, customer.group),
    rateFor(ctx, product.taxCategory as TaxCategory, customer.country, seller.country),
  ]);
  return {
    productId: product.id,
    sku: product.sku,
    description: localized(product.names as Record<string, string>, q.language),
    unit: product.unit,
    ...price,
    taxRate,
    unitCost: product.costCurrency === q.currency ? product.costPrice : null,
  };
}
