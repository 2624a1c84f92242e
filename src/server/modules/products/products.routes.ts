import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  createProductInput,
  pricingLine,
  pricingLineQuery,
  productDto,
  productList,
  productListQuery,
  updateProductInput,
} from '../../../shared/products.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { priceListsRoutes } from './price-lists.routes.ts';
import { priceLine } from './pricing.service.ts';
import { listProducts } from './products.list.ts';
import {
  createProduct,
  deleteProduct,
  getProduct,
  restoreProduct,
  setArchived,
  updateProduct,
} from './products.service.ts';
import { taxRatesRoutes } from './tax-rates.routes.ts';

const tags = ['Products'];
/** Everyone signed in reads the catalogue; managers and admins keep it. */
const manager = { role: 'manager' } as const;

/** Routes of the products module: the catalogue, line pricing, tax rates and price lists. */
export function productsRoutes(app: App) {
  app.get(
    '/products',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List or search products',
        description:
          '`q` searches SKUs and names in every language as you type (accents and case ignored): the SKU itself first, then SKUs starting with it, then names with a word starting with it, then the rest. `status=active` (default), `archived` or `all`; `taxCategory`; `deleted=only` lists the recycle bin. Without `q`, A–Z by SKU or `sort=-createdAt`. Keyset-paginated with `cursor`.',
        querystring: productListQuery,
        response: { 200: productList },
      },
    },
    (req) => listProducts(req.ctx, req.query),
  );

  app.post(
    '/products',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Create a product',
        description:
          'The SKU is unique among live products, ignoring case (409 `sku_taken`). Names per UI language (`en` required); list prices per currency in minor units. Send `Idempotency-Key` to make retries safe.',
        body: createProductInput,
        response: { 201: productDto },
      },
    },
    async (req, reply) => {
      const created = await createProduct(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/products/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/products/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a product',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: productDto },
      },
    },
    async (req, reply) => {
      const found = await getProduct(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/products/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Change a product',
        description:
          'Send `If-Match: "<version>"`; a stale version answers 412. `prices`, `names` and `descriptions` replace the old ones as a whole.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateProductInput,
        response: { 200: productDto },
      },
    },
    async (req, reply) => {
      const updated = await updateProduct(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const)
    app.post(
      `/products/:id/${action}`,
      {
        config: { policy: manager },
        schema: {
          tags,
          summary: archived
            ? 'Archive a product (kept on old documents, no longer offered)'
            : 'Offer an archived product again',
          params: idParams,
          headers: ifMatchHeader,
          response: { 200: productDto },
        },
      },
      async (req, reply) => {
        const updated = await setArchived(
          req.ctx,
          req.params.id,
          archived,
          parseIfMatch(req.headers['if-match']),
        );
        return reply.header('etag', `"${updated.version}"`).send(updated);
      },
    );

  app.delete(
    '/products/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Move a product to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteProduct(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/products/:id/restore',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Restore a product from the recycle bin (409 when a live product took its SKU meanwhile)',
        params: idParams,
        response: { 200: productDto },
      },
    },
    (req) => restoreProduct(req.ctx, req.params.id),
  );

  app.get(
    '/products/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of a product, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getProduct(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'product', req.params.id, req.query.limit, req.query.cursor);
    },
  );

  app.get(
    '/pricing/line',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Price, tax rate and description of a document line for a product and customer',
        description:
          'The unit price is the item of the active price list of the customer’s group in this currency (the company’s group, else the contact’s), else the product’s list price in this currency, else null (`priceSource: none`). The tax rate is the rate of the product’s tax category in the customer’s country (the company’s first address, else the contact’s), or its standard rate when that country has no rate in the category; a country without rates (or no customer) is taxed as the seller’s country (Settings → Sales). The description is the product’s name in `language`, else in English. `unitCost` is the cost price when it is kept in this currency.',
        querystring: pricingLineQuery,
        response: { 200: pricingLine },
      },
    },
    (req) => priceLine(req.ctx, req.query),
  );

  taxRatesRoutes(app);
  priceListsRoutes(app);
}
