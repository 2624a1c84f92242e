import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  assignmentRuleDto,
  assignmentRuleList,
  convertLeadInput,
  convertLeadResult,
  createAssignmentRuleInput,
  createLeadFormInput,
  createLeadInput,
  createScoringRuleInput,
  disqualifyLeadInput,
  leadDto,
  leadFormDto,
  leadFormList,
  leadList,
  leadListQuery,
  leadModelDto,
  leadModelState,
  scoringRuleDto,
  scoringRuleList,
  updateAssignmentRuleInput,
  updateLeadFormInput,
  updateScoringRuleInput,
} from '../../../shared/leads.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import {
  createAssignmentRule,
  deleteAssignmentRule,
  listAssignmentRules,
  updateAssignmentRule,
} from './assignment.service.ts';
import {
  createLeadForm,
  deleteLeadForm,
  getLeadForm,
  leadFormSnippet,
  listLeadForms,
  updateLeadForm,
} from './lead-forms.service.ts';
import { convertLead, createLead, disqualifyLead, getLead, listLeads } from './leads.service.ts';
import {
  createScoringRule,
  currentModel,
  deleteScoringRule,
  listScoringRules,
  updateScoringRule,
} from './scoring.service.ts';
import { trainLeadModel } from './scoring.train.ts';

const agent = { role: 'agent' } as const;
const manager = { role: 'manager' } as const;
const contactParams = z.object({ contactId: z.uuid() });

export function leadsRoutes(app: App) {
  const tags = ['Leads'];
  app.get(
    '/leads',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Open leads by score, best first',
        description:
          'Contacts in lifecycle stage `lead`, neither converted nor disqualified, with their rule points (`score`), learned probability and top factors. Filter by `ownerId`, `source`, `minScore`, `maxScore`; keyset-paginated with `cursor`.',
        querystring: leadListQuery,
        response: { 200: leadList },
      },
    },
    (req) => listLeads(req.ctx, req.query),
  );

  app.post(
    '/leads',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Create a lead (a contact in stage `lead`)',
        description:
          'Without `ownerId` the assignment rules pick the owner (failing them, you). An e-mail address another contact has answers 409 `duplicate_contact`. Scored at once.',
        body: createLeadInput,
        response: { 201: leadDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createLead(req.ctx, req.body)),
  );

  app.get(
    '/leads/:contactId',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'A contact’s lead card: score with the rules that gave it, probability with its top factors',
        params: contactParams,
        response: { 200: leadDto },
      },
    },
    (req) => getLead(req.ctx, req.params.contactId),
  );

  app.post(
    '/leads/:contactId/convert',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Qualify a lead: stage → prospect, with a deal and a company when given (one transaction)',
        params: contactParams,
        body: convertLeadInput,
        response: { 200: convertLeadResult },
      },
    },
    (req) => convertLead(req.ctx, req.params.contactId, req.body),
  );

  app.post(
    '/leads/:contactId/disqualify',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Disqualify a lead, with the reason',
        params: contactParams,
        body: disqualifyLeadInput,
        response: { 200: leadDto },
      },
    },
    (req) => disqualifyLead(req.ctx, req.params.contactId, req.body.reason),
  );

  leadFormRoutes(app);
  scoringRoutes(app);
  assignmentRoutes(app);
}

function leadFormRoutes(app: App) {
  const tags = ['Lead forms'];
  app.get(
    '/lead-forms',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Web-to-lead forms', response: { 200: leadFormList } },
    },
    (req) => listLeadForms(req.ctx),
  );
  app.post(
    '/lead-forms',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Create a web-to-lead form',
        description: 'Gets a random public key; the e-mail field is always shown.',
        body: createLeadFormInput,
        response: { 201: leadFormDto },
      },
    },
    async (req, reply) => {
      const created = await createLeadForm(req.ctx, req.body);
      return reply.code(201).header('etag', `"${created.version}"`).send(created);
    },
  );
  app.get(
    '/lead-forms/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'A web-to-lead form', params: idParams, response: { 200: leadFormDto } },
    },
    async (req, reply) => {
      const form = await getLeadForm(req.ctx, req.params.id);
      return reply.header('etag', `"${form.version}"`).send(form);
    },
  );
  app.patch(
    '/lead-forms/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Change a web-to-lead form (send If-Match)',
        params: idParams,
        headers: ifMatchHeader,
        body: updateLeadFormInput,
        response: { 200: leadFormDto },
      },
    },
    async (req, reply) => {
      const form = await updateLeadForm(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${form.version}"`).send(form);
    },
  );
  app.delete(
    '/lead-forms/:id',
    {
      config: { policy: manager },
      schema: { tags, summary: 'Delete a web-to-lead form', params: idParams },
    },
    async (req, reply) => {
      await deleteLeadForm(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/lead-forms/:id/snippet',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'The HTML to paste into a web page',
        description:
          'A plain `<form>` posting `application/x-www-form-urlencoded` to the public HTML endpoint, with a hidden honeypot field and a short script that fetches the fill-time token.',
        params: idParams,
        response: { 200: z.object({ html: z.string() }) },
      },
    },
    (req) => leadFormSnippet(req.ctx, req.params.id),
  );
}

function scoringRoutes(app: App) {
  const tags = ['Lead scoring'];
  app.get(
    '/lead-scoring/rules',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Scoring rules, in order', response: { 200: scoringRuleList } },
    },
    async (req) => ({ data: await listScoringRules(req.ctx.db) }),
  );
  app.post(
    '/lead-scoring/rules',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Add a scoring rule (every lead is rescored)',
        body: createScoringRuleInput,
        response: { 201: scoringRuleDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createScoringRule(req.ctx, req.body)),
  );
  app.patch(
    '/lead-scoring/rules/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Change a scoring rule (send If-Match; every lead is rescored)',
        params: idParams,
        headers: ifMatchHeader,
        body: updateScoringRuleInput,
        response: { 200: scoringRuleDto },
      },
    },
    (req) => updateScoringRule(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );
  app.delete(
    '/lead-scoring/rules/:id',
    {
      config: { policy: manager },
      schema: { tags, summary: 'Delete a scoring rule', params: idParams },
    },
    async (req, reply) => {
      await deleteScoringRule(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/lead-scoring/model',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'The learned model in use', response: { 200: leadModelState } },
    },
    async (req) => ({ model: await currentModel(req.ctx.db) }),
  );
  app.post(
    '/lead-scoring/train',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Fit the learned score on the won/lost history',
        description:
          'Logistic regression (L2-regularised, standardised features) on past leads: won = became a customer or has a won deal; lost = disqualified or only lost deals. A fifth is held out for the AUC. Stores a new model version and rescores every lead. 422 with fewer than 5 of either.',
        response: { 200: leadModelDto },
      },
    },
    (req) => trainLeadModel(req.ctx),
  );
}

function assignmentRoutes(app: App) {
  const tags = ['Lead assignment'];
  app.get(
    '/lead-assignment/rules',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Assignment rules, in order', response: { 200: assignmentRuleList } },
    },
    async (req) => ({ data: await listAssignmentRules(req.ctx.db) }),
  );
  app.post(
    '/lead-assignment/rules',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Add an assignment rule',
        description:
          '`territory`: leads from one of `countries` go to `userIds` (in turn when several). `round_robin`: every lead (or those from `countries`, when given) goes to the next of `userIds`. The first active rule by `position` that matches wins.',
        body: createAssignmentRuleInput,
        response: { 201: assignmentRuleDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createAssignmentRule(req.ctx, req.body)),
  );
  app.patch(
    '/lead-assignment/rules/:id',
    {
      config: { policy: manager },
      schema: {
        tags,
        summary: 'Change an assignment rule (send If-Match)',
        params: idParams,
        headers: ifMatchHeader,
        body: updateAssignmentRuleInput,
        response: { 200: assignmentRuleDto },
      },
    },
    (req) => updateAssignmentRule(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match'])),
  );
  app.delete(
    '/lead-assignment/rules/:id',
    {
      config: { policy: manager },
      schema: { tags, summary: 'Delete an assignment rule', params: idParams },
    },
    async (req, reply) => {
      await deleteAssignmentRule(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
}
