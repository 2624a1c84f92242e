import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  createCustomFieldInput,
  customFieldDto,
  customFieldEntities,
  updateCustomFieldInput,
} from '../../../shared/custom-fields.ts';
import type { App } from '../../http/types.ts';
import {
  createCustomField,
  deleteCustomField,
  listCustomFields,
  updateCustomField,
} from './custom-fields.service.ts';

const tags = ['Custom fields'];
const admin = { role: 'admin' } as const;

export function customFieldsRoutes(app: App) {
  app.get(
    '/custom-fields',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Custom field definitions',
        querystring: z.object({ entity: z.enum(customFieldEntities).optional() }),
        response: { 200: z.object({ data: z.array(customFieldDto) }) },
      },
    },
    async (req) => ({ data: await listCustomFields(req.ctx, req.query.entity) }),
  );
  app.post(
    '/custom-fields',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Define a custom field',
        body: createCustomFieldInput,
        response: { 201: customFieldDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createCustomField(req.ctx, req.body)),
  );
  app.patch(
    '/custom-fields/:id',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Change labels, options, flags or position (key and type are fixed)',
        params: idParams,
        body: updateCustomFieldInput,
        response: { 200: customFieldDto },
      },
    },
    (req) => updateCustomField(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/custom-fields/:id',
    {
      config: { policy: admin },
      schema: { tags, summary: 'Remove a custom field definition', params: idParams },
    },
    async (req, reply) => {
      await deleteCustomField(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
}
