import { z } from 'zod';
import { languages, listEnvelope, nullableText, text } from './common.ts';
import { tag } from './crm.ts';

/**
 * Leads are contacts in lifecycle stage `lead`. These are the contracts of what is particular to them:
 * web-to-lead forms, scoring (visible rule points and a learned probability), assignment rules, qualification.
 */

/** Fields a web-to-lead form can show; the e-mail address is always shown and required. */
export const leadFormFields = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'country',
  'message',
] as const;
export type LeadFormField = (typeof leadFormFields)[number];

/** Text per UI language (the visitor's language, else the form's, else English). */
const perLanguage = (max: number) =>
  z
    .object({
      en: text(max).optional(),
      fr: text(max).optional(),
      de: text(max).optional(),
      da: text(max).optional(),
    })
    .strict();
export type PerLanguage = z.infer<ReturnType<typeof perLanguage>>;

const redirectUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'Use an http(s) address')
  .nullable();

const leadFormWritable = {
  name: z.string().trim().min(1, 'Give the form a name').max(200),
  fields: z
    .array(z.enum(leadFormFields))
    .max(leadFormFields.length)
    .transform((f) => [...new Set(['email' as const, ...f])]),
  tags: z.array(tag).max(20),
  source: nullableText(100),
  campaign: nullableText(200),
  language: z.enum(languages),
  askConsent: z.boolean(),
  consentText: perLanguage(2000),
  successMessage: perLanguage(1000),
  redirectUrl,
  active: z.boolean(),
};

export const createLeadFormInput = z
  .object({
    ...leadFormWritable,
    fields: leadFormWritable.fields.default(['firstName', 'lastName', 'email']),
    tags: leadFormWritable.tags.default([]),
    source: leadFormWritable.source.default('web_form'),
    campaign: leadFormWritable.campaign.default(null),
    language: leadFormWritable.language.default('en'),
    askConsent: leadFormWritable.askConsent.default(false),
    consentText: leadFormWritable.consentText.default({}),
    successMessage: leadFormWritable.successMessage.default({}),
    redirectUrl: redirectUrl.default(null),
    active: leadFormWritable.active.default(true),
  })
  .strict()
  .refine((f) => !f.askConsent || Boolean(f.consentText.en || f.consentText[f.language]), {
    message: 'Give the consent text the visitor agrees to',
    path: ['consentText'],
  })
  .meta({ id: 'CreateLeadForm' });
export type CreateLeadFormInput = z.infer<typeof createLeadFormInput>;

export const updateLeadFormInput = z
  .object(leadFormWritable)
  .partial()
  .strict()
  .meta({ id: 'UpdateLeadForm' });
export type UpdateLeadFormInput = z.infer<typeof updateLeadFormInput>;

export const leadFormDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    publicKey: z.string(),
    fields: z.array(z.enum(leadFormFields)),
    tags: z.array(z.string()),
    source: z.string().nullable(),
    campaign: z.string().nullable(),
    language: z.enum(languages),
    askConsent: z.boolean(),
    consentText: perLanguage(2000),
    successMessage: perLanguage(1000),
    redirectUrl: z.string().nullable(),
    active: z.boolean(),
    submitUrl: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LeadForm' });
export type LeadFormDto = z.infer<typeof leadFormDto>;
export const leadFormList = z.object({ data: z.array(leadFormDto) });

/** What a public page needs to render a form: its fields, the consent text, and a fresh fill-time token. */
export const publicLeadFormDto = z.object({
  name: z.string(),
  fields: z.array(z.enum(leadFormFields)),
  language: z.enum(languages),
  askConsent: z.boolean(),
  consentText: z.string().nullable(),
  token: z.string(),
});

/** A public submission (JSON or form-encoded). `website` is the honeypot, `_ts` the signed fill-time token. */
export const leadSubmission = z
  .object({
    email: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')),
    firstName: text(200).optional(),
    lastName: text(200).optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^(\+?[0-9 ()./-]{3,40})?$/, 'Use digits, spaces and + ( ) . / -')
      .optional(),
    company: text(200).optional(),
    jobTitle: text(200).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{2})?$/, 'Use an ISO 3166 two-letter country code')
      .optional(),
    message: text(5000).optional(),
    consent: z
      .union([z.boolean(), z.enum(['on', 'true', 'yes', '1', 'false', '0', ''])])
      .optional()
      .transform((v) => v === true || v === 'on' || v === 'true' || v === 'yes' || v === '1'),
    language: z.enum(languages).optional(),
    website: z.string().max(500).optional(),
    _ts: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'LeadSubmission' });
export type LeadSubmission = z.infer<typeof leadSubmission>;

export const leadSubmissionResult = z.object({
  status: z.literal('ok'),
  message: z.string(),
  redirectUrl: z.string().nullable(),
});

/** Scoring rules: conditions over an allow-list of lead fields and engagement counts. */
export const scoringRuleKinds = [
  'job_title_contains',
  'country_in',
  'source_equals',
  'industry_in',
  'employees_at_least',
  'business_email',
  'free_email',
  'tag',
  'inbound_30d',
  'meetings_90d',
  'form_submissions',
] as const;
export type ScoringRuleKind = (typeof scoringRuleKinds)[number];
/** Kinds that take a list of values, and kinds that take a threshold. */
export const valueKinds: readonly ScoringRuleKind[] = [
  'job_title_contains',
  'country_in',
  'source_equals',
  'industry_in',
  'tag',
];
export const thresholdKinds: readonly ScoringRuleKind[] = [
  'employees_at_least',
  'inbound_30d',
  'meetings_90d',
  'form_submissions',
];

const ruleWritable = {
  name: z.string().trim().min(1, 'Give the rule a name').max(200),
  kind: z.enum(scoringRuleKinds),
  values: z.array(z.string().trim().min(1).max(200)).max(100),
  threshold: z.number().int().min(0).max(1_000_000).nullable(),
  points: z.number().int().min(-1000).max(1000),
  position: z.number().int().min(0).max(10_000),
  active: z.boolean(),
};
const ruleChecks = <T extends { kind?: ScoringRuleKind; values?: string[]; threshold?: number | null }>(
  r: T,
  ctx: z.RefinementCtx,
) => {
  if (!r.kind) return;
  if (valueKinds.includes(r.kind) && !r.values?.length)
    ctx.addIssue({ code: 'custom', path: ['values'], message: 'Give at least one value' });
  if (thresholdKinds.includes(r.kind) && (r.threshold === null || r.threshold === undefined))
    ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'Give a number' });
};

export const createScoringRuleInput = z
  .object({
    ...ruleWritable,
    values: ruleWritable.values.default([]),
    threshold: ruleWritable.threshold.default(null),
    position: ruleWritable.position.default(0),
    active: ruleWritable.active.default(true),
  })
  .strict()
  .superRefine(ruleChecks)
  .meta({ id: 'CreateLeadScoringRule' });
export type CreateScoringRuleInput = z.infer<typeof createScoringRuleInput>;
export const updateScoringRuleInput = z
  .object(ruleWritable)
  .partial()
  .strict()
  .meta({ id: 'UpdateLeadScoringRule' });
export type UpdateScoringRuleInput = z.infer<typeof updateScoringRuleInput>;

export const scoringRuleDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(scoringRuleKinds),
    values: z.array(z.string()),
    threshold: z.number().int().nullable(),
    points: z.number().int(),
    position: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'LeadScoringRule' });
export type ScoringRuleDto = z.infer<typeof scoringRuleDto>;
export const scoringRuleList = z.object({ data: z.array(scoringRuleDto) });

/** The learned model: the features of a lead it weighs (same allow-list as the rules). */
export const leadFeatures = [
  'business_email',
  'senior_title',
  'has_phone',
  'has_company',
  'company_size',
  'inbound_30d',
  'meetings_90d',
  'form_submissions',
  'tag_count',
] as const;
/** Categorical features are named `source:<value>` and `country:<code>` (the most frequent at training). */
export const leadFactor = z.object({
  feature: z.string(),
  value: z.number(),
  contribution: z.number(),
});
export type LeadFactor = z.infer<typeof leadFactor>;

export const leadModelDto = z
  .object({
    version: z.number().int(),
    trainedAt: z.string(),
    n: z.number().int(),
    positives: z.number().int(),
    auc: z.number().nullable(),
    holdout: z.number().int(),
    features: z.array(z.object({ feature: z.string(), coefficient: z.number() })),
  })
  .meta({ id: 'LeadModel' });
export type LeadModelDto = z.infer<typeof leadModelDto>;
export const leadModelState = z.object({ model: leadModelDto.nullable() });

/** Assignment rules: the first active rule matching a new lead without an owner gives it one. */
export const assignmentKinds = ['territory', 'round_robin'] as const;
const assignmentWritable = {
  name: z.string().trim().min(1, 'Give the rule a name').max(200),
  kind: z.enum(assignmentKinds),
  countries: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, 'Use ISO 3166 two-letter country codes'),
    )
    .max(250),
  userIds: z.array(z.uuid()).min(1, 'Give at least one user').max(200),
  position: z.number().int().min(0).max(10_000),
  active: z.boolean(),
};
export const createAssignmentRuleInput = z
  .object({
    ...assignmentWritable,
    countries: assignmentWritable.countries.default([]),
    position: assignmentWritable.position.default(0),
    active: assignmentWritable.active.default(true),
  })
  .strict()
  .refine((r) => r.kind !== 'territory' || r.countries.length > 0, {
    message: 'A territory needs at least one country',
    path: ['countries'],
  })
  .meta({ id: 'CreateLeadAssignmentRule' });
export type CreateAssignmentRuleInput = z.infer<typeof createAssignmentRuleInput>;
export const updateAssignmentRuleInput = z
  .object(assignmentWritable)
  .partial()
  .strict()
  .meta({ id: 'UpdateLeadAssignmentRule' });
export type UpdateAssignmentRuleInput = z.infer<typeof updateAssignmentRuleInput>;
export const assignmentRuleDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(assignmentKinds),
    countries: z.array(z.string()),
    userIds: z.array(z.uuid()),
    userNames: z.array(z.string()),
    position: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'LeadAssignmentRule' });
export type AssignmentRuleDto = z.infer<typeof assignmentRuleDto>;
export const assignmentRuleList = z.object({ data: z.array(assignmentRuleDto) });

/** A lead as the list and the lead card show it. */
export const leadDto = z
  .object({
    contactId: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    companyName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    country: z.string().nullable(),
    lifecycleStage: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    source: z.string().nullable(),
    campaign: z.string().nullable(),
    submissions: z.number().int(),
    score: z.number().int(),
    rules: z.array(z.object({ id: z.string(), name: z.string(), points: z.number().int() })),
    probability: z.number().nullable(),
    modelVersion: z.number().int().nullable(),
    factors: z.array(leadFactor),
    scoredAt: z.string().nullable(),
    disqualifiedAt: z.string().nullable(),
    disqualifyReason: z.string().nullable(),
    convertedAt: z.string().nullable(),
    dealId: z.uuid().nullable(),
    consent: z.enum(['none', 'pending', 'granted']),
    createdAt: z.string(),
  })
  .meta({ id: 'Lead' });
export type LeadDto = z.infer<typeof leadDto>;
export const leadList = listEnvelope(leadDto);

export const leadListQuery = z
  .object({
    ownerId: z.uuid().optional(),
    source: z.string().trim().max(100).optional(),
    minScore: z.coerce.number().int().min(-100_000).max(100_000).optional(),
    maxScore: z.coerce.number().int().min(-100_000).max(100_000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type LeadListQuery = z.infer<typeof leadListQuery>;

/** A lead entered by hand or through the API (a contact in stage `lead`). */
export const createLeadInput = z
  .object({
    firstName: text(200).optional(),
    lastName: text(200).optional(),
    email: z.string().trim().max(320).pipe(z.email('Not a valid e-mail address')),
    phone: leadSubmission.shape.phone,
    jobTitle: text(200).optional(),
    country: leadSubmission.shape.country,
    companyId: z.uuid().nullable().optional(),
    companyName: text(200).optional(),
    source: nullableText(100).optional(),
    campaign: nullableText(200).optional(),
    tags: z.array(tag).max(50).optional(),
    /** Without one the assignment rules choose (and failing them, you). */
    ownerId: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateLead' });
export type CreateLeadInput = z.infer<typeof createLeadInput>;

export const convertLeadInput = z
  .object({
    deal: z
      .object({
        title: z.string().trim().min(1, 'Give the deal a title').max(300),
        amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 currency code')
          .optional(),
        pipelineId: z.uuid().optional(),
      })
      .strict()
      .optional(),
    company: z
      .union([
        z.object({ name: z.string().trim().min(1).max(300) }).strict(),
        z.object({ companyId: z.uuid() }).strict(),
      ])
      .optional(),
  })
  .strict()
  .meta({ id: 'ConvertLead' });
export type ConvertLeadInput = z.infer<typeof convertLeadInput>;
export const convertLeadResult = z.object({
  contactId: z.uuid(),
  lifecycleStage: z.string(),
  companyId: z.uuid().nullable(),
  dealId: z.uuid().nullable(),
});

export const disqualifyLeadInput = z
  .object({ reason: z.string().trim().min(2, 'Say why').max(500) })
  .strict()
  .meta({ id: 'DisqualifyLead' });

export const trainResult = leadModelDto;
