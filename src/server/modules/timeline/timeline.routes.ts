import { idParams } from '../../../shared/common.ts';
import { timelinePage, timelineQuery } from '../../../shared/timeline.ts';
import type { App } from '../../http/types.ts';
import { getCompany } from '../companies/index.ts';
import { getContact } from '../contacts/index.ts';
import { timeline } from './timeline.service.ts';
import type { TimelineSource } from './timeline.source.ts';

const description =
  'Newest first, keyset-paginated: interactions, notes and record changes (later: orders, tickets, mails, survey answers). `types=interaction,note` picks kinds; `channel=phone,meeting` and `touchpoint=service` narrow to those interactions.';

export function timelineRoutes(app: App, sources: readonly TimelineSource[]) {
  app.get(
    '/contacts/:id/timeline',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'A contact’s timeline',
        description,
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (req) => {
      await getContact(req.ctx, req.params.id, { includeDeleted: true });
      return timeline(req.ctx, sources, { kind: 'contact', id: req.params.id }, req.query);
    },
  );

  app.get(
    '/companies/:id/timeline',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Companies'],
        summary: 'A company’s timeline, with its contacts’ interactions and notes',
        description,
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (req) => {
      await getCompany(req.ctx, req.params.id, { includeDeleted: true });
      return timeline(req.ctx, sources, { kind: 'company', id: req.params.id }, req.query);
    },
  );
}
