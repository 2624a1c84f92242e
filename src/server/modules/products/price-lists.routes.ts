import { idParams } from '../../../shared/common.ts';
import {
  createPriceListInput,
  priceListDetail,
  priceListItemsInput,
  priceListList,
  updatePriceListInput,
} from '../../../shared/products.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import {
  createPriceList,
  deletePriceList,
  getPriceList,
  listPriceLists,
  replacePriceListItems,
  updatePriceList,
} from './price-lists.service.ts';

const tags = ['Products'];
const manager = { role: 'manager' } as const;

export function priceListsRoutes(app: App) {
  app.get(
    '/price-lists',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Price lists (active first)', response: { 200: priceListList } },
    },
    (req) => listPriceLists(req.ctx),
  );
  app.post(
    '/price-lists',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Create a price list for a customer group and currency',
        description:
          'Customers whose company (or, without one, who themselves) are in `customerGroup` get the items’ prices instead of list prices. One active list per group and currency (409).',
        body: createPriceListInput,
        response: { 201: priceListDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await createPriceList(req.ctx, req.body)),
  );
  app.get(
    '/price-lists/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'A price list with its items',
        params: idParams,
        response: { 200: priceListDetail },
      },
    },
    async (req, reply) => {
      const found = await getPriceList(req.ctx, req.params.id);
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );
  app.patch(
    '/price-lists/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Change a price list’s name, group, currency or active flag',
        params: idParams,
        headers: ifMatchHeader,
        body: updatePriceListInput,
        response: { 200: priceListDetail },
      },
    },
    (req) => updatePriceList(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );
  app.put(
    '/price-lists/:id/items',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Replace all items of a price list (in one transaction)',
        params: idParams,
        headers: ifMatchHeader,
        body: priceListItemsInput,
        response: { 200: priceListDetail },
      },
    },
    (req) =>
      replacePriceListItems(req.ctx, req.params.id, req.body.items, parseIfMatch(req.headers['if-match'])),
  );
  app.delete(
    '/price-lists/:id',
    {
      config: { policy: manager },
      schema: { tags, summary: 'Delete a price list', params: idParams, headers: ifMatchHeader },
    },
    async (req, reply) => {
      await deletePriceList(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );
}
