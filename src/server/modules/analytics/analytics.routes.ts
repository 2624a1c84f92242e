import { z } from 'zod';
import {
  analyticsSettings,
  customerScoreResponse,
  customerValueDto,
  customerValueQuery,
  scoreSummaryList,
  scoreSummaryQuery,
  scoringRunDto,
  updateAnalyticsSettingsInput,
} from '../../../shared/analytics.ts';
import { idParams } from '../../../shared/common.ts';
import type { App } from '../../http/types.ts';
import { getAnalyticsSettings, updateAnalyticsSettings } from './analytics.settings.ts';
import { customerValue } from './customer-value.ts';
import { getCustomerScore, scoreSummaries } from './scores.read.ts';
import { getRun, latestRun, queueRun } from './scoring.queue.ts';

const tags = ['Customer value'];

/** Customer value: scores of contacts and companies, scoring runs, the dashboard, settings (docs/ANALYTICS.md). */
export function analyticsRoutes(app: App) {
  app.get(
    '/analytics/settings',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'The scoring settings', response: { 200: analyticsSettings } },
    },
    (req) => getAnalyticsSettings(req.ctx.db),
  );

  app.put(
    '/analytics/settings',
    {
      config: { policy: { role: 'admin' } },
      schema: {
        tags,
        summary: 'Change the scoring settings (used from the next run)',
        body: updateAnalyticsSettingsInput,
        response: { 200: analyticsSettings },
      },
    },
    (req) => updateAnalyticsSettings(req.ctx, req.body),
  );

  app.post(
    '/analytics/runs',
    {
      config: { policy: { role: 'manager' } },
      schema: {
        tags,
        summary: 'Score every customer now',
        description:
          'Queues a scoring run as a background job and answers 202 with it: poll `GET /analytics/runs/{id}` until `status` is `done` or `failed`. Answers 409 `run_running` (with `runId` and `jobId`) while a run is queued or running. A run is also queued every night.',
        response: { 202: scoringRunDto },
      },
    },
    async (req, reply) => reply.code(202).send(await queueRun(req.ctx, 'manual')),
  );

  app.get(
    '/analytics/runs/latest',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The newest scoring run (null before the first)',
        response: { 200: z.object({ run: scoringRunDto.nullable() }) },
      },
    },
    async (req) => ({ run: await latestRun(req.ctx.db) }),
  );

  app.get(
    '/analytics/runs/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'A scoring run', params: idParams, response: { 200: scoringRunDto } },
    },
    (req) => getRun(req.ctx, req.params.id),
  );

  app.get(
    '/analytics/customer-value',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The Customer value dashboard',
        description:
          'From the latest scores of contacts or companies: totals, the 12-month CLV histogram, the RFM grid (R by F), segments, customers at risk by owner and the revenue concentration curve. Money in minor units of `currency`.',
        querystring: customerValueQuery,
        response: { 200: customerValueDto },
      },
    },
    (req) => customerValue(req.ctx, req.query.subject),
  );

  app.get(
    '/analytics/scores',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'The score summary of up to 200 contacts or companies (for list columns)',
        querystring: scoreSummaryQuery,
        response: { 200: scoreSummaryList },
      },
    },
    async (req) => ({
      data: await scoreSummaries(req.ctx, req.query.subject, [
        ...new Set(req.query.ids.toLowerCase().split(',')),
      ]),
    }),
  );

  for (const subject of ['contact', 'company'] as const) {
    app.get(
      `/${subject === 'contact' ? 'contacts' : 'companies'}/:id/scores`,
      {
        config: { policy: 'authenticated' },
        schema: {
          tags,
          summary: `A ${subject}'s latest scores`,
          description:
            'RFM segment, P(alive), expected purchases, CLV at 12/24/36 months, churn band, profitability and next-best-offers, with the model version and fit time; `score` is null before the first run or without counted orders.',
          params: idParams,
          response: { 200: customerScoreResponse },
        },
      },
      (req) => getCustomerScore(req.ctx, subject, req.params.id),
    );
  }
}
