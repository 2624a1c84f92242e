import { salesSettings, updateSalesSettingsInput } from '../../../shared/sales-settings.ts';
import type { App } from '../../http/types.ts';
import { getSalesSettings, updateSalesSettings } from './sales-settings.service.ts';

const tags = ['Settings'];

export function salesSettingsRoutes(app: App) {
  app.get(
    '/settings/sales',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The seller’s details and sales defaults',
        description:
          'Printed on quotes and invoices: name, address, VAT id, bank details, brand colour; defaults for currency, payment terms and quote validity.',
        response: { 200: salesSettings },
      },
    },
    (req) => getSalesSettings(req.ctx.db),
  );
  app.patch(
    '/settings/sales',
    {
      config: { policy: { role: 'admin' } },
      schema: {
        tags,
        summary: 'Change the seller’s details and sales defaults',
        body: updateSalesSettingsInput,
        response: { 200: salesSettings },
      },
    },
    (req) => updateSalesSettings(req.ctx, req.body),
  );
}
