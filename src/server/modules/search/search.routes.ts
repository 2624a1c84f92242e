import { z } from 'zod';
import { companyDto } from '../../../shared/companies.ts';
import { contactDto } from '../../../shared/contacts.ts';
import type { App } from '../../http/types.ts';
import { listCompanies } from '../companies/index.ts';
import { listContacts } from '../contacts/index.ts';

export function searchRoutes(app: App) {
  app.get(
    '/search',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Search'],
        summary: 'Search contacts and companies at once (the Ctrl-K box)',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(20).default(5),
        }),
        response: { 200: z.object({ contacts: z.array(contactDto), companies: z.array(companyDto) }) },
      },
    },
    async (req) => {
      const [c, co] = await Promise.all([
        listContacts(req.ctx, { q: req.query.q, limit: req.query.limit }),
        listCompanies(req.ctx, { q: req.query.q, limit: req.query.limit }),
      ]);
      return { contacts: c.data, companies: co.data };
    },
  );
}
