import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import { createViewInput, savedViewDto, updateViewInput } from '../../../shared/views.ts';
import type { App } from '../../http/types.ts';
import { createView, deleteView, listViews, updateView } from './views.service.ts';

const tags = ['Saved views'];

export function viewsRoutes(app: App) {
  app.get(
    '/views',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Your saved list views and shared ones',
        querystring: z.object({ entity: z.enum(['contact', 'company']) }),
        response: { 200: z.object({ data: z.array(savedViewDto) }) },
      },
    },
    async (req) => ({ data: await listViews(req.ctx, req.query.entity) }),
  );
  app.post(
    '/views',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Save a list view', body: createViewInput, response: { 201: savedViewDto } },
    },
    async (req, reply) => reply.code(201).send(await createView(req.ctx, req.body)),
  );
  app.patch(
    '/views/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Change a saved view (owner only)',
        params: idParams,
        body: updateViewInput,
        response: { 200: savedViewDto },
      },
    },
    (req) => updateView(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/views/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Delete a saved view (owner only)', params: idParams },
    },
    async (req, reply) => {
      await deleteView(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
}
