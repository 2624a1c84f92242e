import { idParams } from '../../../shared/common.ts';
import {
  relationshipDto,
  stayInTouchList,
  stayInTouchOwners,
  stayInTouchQuery,
} from '../../../shared/relationships.ts';
import type { App } from '../../http/types.ts';
import { getRelationship, listStayInTouch, stayInTouchOwners as owners } from './relationships.service.ts';

export function relationshipsRoutes(app: App) {
  app.get(
    '/contacts/:id/relationship',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'A contact’s relationship: stage with history, activity, suggested stage, stay-in-touch',
        description:
          'The suggestion comes from the documented stage rules (docs/RELATIONSHIPS.md): e.g. a contact in `commitment` or `expansion` with no interaction for twice the stay-in-touch cadence (or 90 days) is suggested `dissolution` (rule `dissolution_risk`). Apply it with `PATCH /contacts/:id {relationshipStage}`.',
        params: idParams,
        response: { 200: relationshipDto },
      },
    },
    (req) => getRelationship(req.ctx, req.params.id),
  );

  app.get(
    '/stay-in-touch',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'Contacts due for a touch, per owner, most overdue first',
        description:
          'Contacts with a stay-in-touch cadence (`stayInTouchDays`) whose next touch (`touchDueAt` = last interaction, or creation, + cadence) is due. `ownerId` is a user id, `me` (default) or `none`; `due=week` adds those due in the next 7 days. Keyset-paginated by `cursor`.',
        querystring: stayInTouchQuery,
        response: { 200: stayInTouchList },
      },
    },
    (req) => listStayInTouch(req.ctx, req.query),
  );

  app.get(
    '/stay-in-touch/owners',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['Contacts'],
        summary: 'How many contacts each owner is overdue with',
        response: { 200: stayInTouchOwners },
      },
    },
    (req) => owners(req.ctx),
  );
}
