import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PerLanguage } from '../../../shared/leads.ts';
import { leadSubmission, leadSubmissionResult, publicLeadFormDto } from '../../../shared/leads.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import { AppError, issuesToFieldErrors } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { confirmConsent, formByKey, submitLeadForm } from './lead-forms.public.ts';
import { fillToken, localized } from './lead-forms.service.ts';
import { pickLanguage, publicTexts, simplePage } from './leads.texts.ts';

/** Submissions per client address and minute, over all forms (a person sends one; a bot many). */
export const SUBMIT_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

const keyParams = z.object({ publicKey: z.string().min(10).max(64) });

/** Any site may embed a form, so the public form endpoints answer cross-origin requests (no credentials). */
const cors = (reply: FastifyReply) =>
  reply
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, POST, OPTIONS')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '600');

/**
 * The public side of web-to-lead: the form's definition and fill-time token, the JSON submit, the HTML submit
 * (form-encoded, from the pasted snippet: it answers a small thank-you page or redirects) and the opt-in
 * confirmation link. Public by design: no session, no CSRF token (the policy check returns before it), a rate
 * limit per address instead. Registered in a scope of their own so the form-encoded parser stays here.
 */
export function leadsPublicRoutes(app: App, database: Database, config: Config) {
  app.register(async (scope) => {
    const api = scope as unknown as App;
    api.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
        done(null, out);
      },
    );
    const ctxOf = (req: FastifyRequest) => systemCtx(database, config, req.log);
    const tags = ['Lead forms (public)'];

    api.get(
      '/public/lead-forms/:publicKey',
      {
        config: { policy: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'A form’s fields and a fresh fill-time token (for rendering it)',
          description:
            'Send the token back as `_ts`; a submission less than 2 s after it is taken for a bot’s.',
          params: keyParams,
          querystring: z.object({ language: z.string().max(5).optional() }),
          security: [],
          response: { 200: publicLeadFormDto },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const form = await formByKey(ctx.db, req.params.publicKey);
        const lang = pickLanguage(req.query.language, req.headers['accept-language'], form.language);
        cors(reply).header('cache-control', 'no-store');
        return {
          name: form.name,
          fields: form.fields as never,
          language: lang,
          askConsent: form.askConsent,
          consentText: form.askConsent
            ? localized(form.consentText as PerLanguage, lang, form.language)
            : null,
          token: fillToken(form, ctx.now()),
        };
      },
    );

    api.options(
      '/public/lead-forms/:publicKey/submit',
      { config: { policy: 'public' }, schema: { hide: true } },
      (_req, reply) => cors(reply).code(204).send(),
    );

    api.post(
      '/public/lead-forms/:publicKey/submit',
      {
        config: { policy: 'public', rateLimit: SUBMIT_RATE_LIMIT },
        schema: {
          tags,
          summary: 'Submit a web-to-lead form (JSON)',
          description:
            'Creates or completes a lead. `_ts` is the token from `GET /public/lead-forms/:publicKey`; `website` is the honeypot and must stay empty. Spam gets the same answer and stores nothing. 10 submissions per minute per address, then 429.',
          params: keyParams,
          body: leadSubmission,
          security: [],
          response: { 200: leadSubmissionResult },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const form = await formByKey(ctx.db, req.params.publicKey);
        const out = await submitLeadForm(ctx, form, req.body, {
          ip: req.ip,
          acceptLanguage: req.headers['accept-language'],
        });
        return cors(reply).send({ status: out.status, message: out.message, redirectUrl: out.redirectUrl });
      },
    );

    api.post(
      '/public/lead-forms/:publicKey',
      {
        config: { policy: 'public', rateLimit: SUBMIT_RATE_LIMIT },
        schema: {
          tags,
          summary: 'Submit a web-to-lead form (HTML form post)',
          description:
            'The endpoint of the pasted snippet: `application/x-www-form-urlencoded`, answers a thank-you page (or 303 to the form’s redirect address); invalid input gets a page naming the fields.',
          params: keyParams,
          security: [],
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const form = await formByKey(ctx.db, req.params.publicKey);
        const raw = (req.body ?? {}) as Record<string, string>;
        const lang = pickLanguage(raw.language, req.headers['accept-language'], form.language);
        const t = publicTexts[lang];
        const parsed = leadSubmission.safeParse(
          Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' || false)),
        );
        if (!parsed.success) {
          const errors = issuesToFieldErrors(parsed.error.issues);
          const back = req.headers.referer;
          return reply
            .code(422)
            .type('text/html; charset=utf-8')
            .send(
              simplePage(
                lang,
                t.invalidTitle,
                errors.map((e) => `${e.path}: ${e.message}`),
                back && /^https?:\/\//.test(back) ? { href: back, text: t.back } : undefined,
              ),
            );
        }
        const out = await submitLeadForm(ctx, form, parsed.data, {
          ip: req.ip,
          acceptLanguage: req.headers['accept-language'],
        });
        if (out.redirectUrl) return reply.code(303).header('location', out.redirectUrl).send();
        return reply.type('text/html; charset=utf-8').send(simplePage(lang, t.thanksTitle, [out.message]));
      },
    );

    api.get(
      '/public/consents/confirm/:token',
      {
        config: { policy: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Confirm a marketing consent (the double opt-in link)',
          description:
            'Marks the pending consent granted with time and address; again: no change; unknown: 404.',
          params: z.object({ token: z.string().max(100) }),
          security: [],
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        try {
          const res = await confirmConsent(ctx, req.params.token, req.ip);
          const t = publicTexts[res.language] ?? publicTexts.en;
          return reply
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .header('x-robots-tag', 'noindex')
            .send(
              simplePage(res.language, t.confirmedTitle, [
                res.state === 'confirmed' ? t.confirmed : t.alreadyConfirmed,
              ]),
            );
        } catch (err) {
          if (!(err instanceof AppError) || err.status !== 404) throw err;
          const lang = pickLanguage(undefined, req.headers['accept-language'], 'en');
          const t = publicTexts[lang];
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .send(simplePage(lang, t.unknownTitle, [t.unknown]));
        }
      },
    );
  });
}
