import { idParams } from '../../../shared/common.ts';
import { flowDto, flowQuery, journeyDto } from '../../../shared/journey.ts';
import type { App } from '../../http/types.ts';
import { getContact } from '../contacts/index.ts';
import { contactJourney, journeyFlow } from './journey.service.ts';

export function journeyRoutes(app: App) {
  app.get(
    '/contacts/:id/journey',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'A contact’s journey: touchpoints over time and stage changes',
        params: idParams,
        response: { 200: journeyDto },
      },
    },
    async (req) => {
      await getContact(req.ctx, req.params.id, { includeDeleted: true });
      return contactJourney(req.ctx, req.params.id);
    },
  );

  app.get(
    '/journey/flow',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Journey'],
        summary: 'Transitions between touchpoints across customers, with conversion to purchase',
        description:
          'For the contacts in scope (`lifecycleStage`, `tag`, `ownerId`) whose journey began between `from` and `to` (default: the last 365 days) — a journey begins with the contact’s first interaction that has a touchpoint — the steps in time order: consecutive repeats of a touchpoint are one step, the journey ends at the first purchase (an incoming shop interaction) or after 5 steps. `purchased` counts those who bought before `to`, also after the steps shown. Nodes are `<step>:<touchpoint>` and `purchase`. Journeys are kept per contact and refreshed within seconds of a change.',
        querystring: flowQuery,
        response: { 200: flowDto },
      },
    },
    (req) => journeyFlow(req.ctx, req.query),
  );
}
