import { idParams } from '../../../shared/common.ts';
import {
  createTaxRateInput,
  taxRateDto,
  taxRateList,
  taxRateListQuery,
  updateTaxRateInput,
} from '../../../shared/products.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { createTaxRate, deleteTaxRate, listTaxRates, updateTaxRate } from './tax-rates.service.ts';

const tags = ['Products'];
const admin = { role: 'admin' } as const;

export function taxRatesRoutes(app: App) {
  app.get(
    '/tax-rates',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Tax rates per country and category',
        description:
          'Seeded on first start with the VAT rates of the EU, the EEA, the UK and Switzerland; `country=DE` narrows to one country.',
        querystring: taxRateListQuery,
        response: { 200: taxRateList },
      },
    },
    (req) => listTaxRates(req.ctx, req.query),
  );
  app.post(
    '/tax-rates',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Add a tax rate (one per country and category: 409 otherwise)',
        body: createTaxRateInput,
        response: { 201: taxRateDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createTaxRate(req.ctx, req.body)),
  );
  app.patch(
    '/tax-rates/:id',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Change a tax rate',
        description: 'Documents already written keep their rates. Send `If-Match: "<version>"`.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateTaxRateInput,
        response: { 200: taxRateDto },
      },
    },
    (req) => updateTaxRate(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );
  app.delete(
    '/tax-rates/:id',
    {
      config: { policy: admin },
      schema: { tags, summary: 'Delete a tax rate', params: idParams, headers: ifMatchHeader },
    },
    async (req, reply) => {
      await deleteTaxRate(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );
}
