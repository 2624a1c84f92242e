import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type {
  ConvertLeadInput,
  CreateLeadInput,
  LeadDto,
  LeadFactor,
  LeadListQuery,
} from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { createCompany } from '../companies/index.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { createContact } from '../contacts/index.ts';
import { createDeal } from '../deals/index.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { assertCanEdit } from '../records/index.ts';
import { chooseOwner } from './assignment.service.ts';
import { leadProfiles, leadScoringRules } from './leads.schema.ts';
import { scoreContacts } from './scoring.service.ts';

type LeadRow = {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  companyName: string | null;
  profileCompany: string | null;
  jobTitle: string | null;
  country: string | null;
  lifecycleStage: string | null;
  ownerId: string | null;
  ownerName: string | null;
  source: string | null;
  campaign: string | null;
  submissions: number | null;
  rulePoints: number | null;
  ruleFactors: string[] | null;
  probability: number | null;
  modelVersion: number | null;
  factors: LeadFactor[] | null;
  scoredAt: string | Date | null;
  disqualifiedAt: string | Date | null;
  disqualifyReason: string | null;
  convertedAt: string | Date | null;
  dealId: string | null;
  consent: string | null;
  createdAt: string | Date;
};

const iso = (d: string | Date | null) => (d ? new Date(d).toISOString() : null);

/** Leads with their owner, company, score and latest consent: one query whatever the page size. */
function leadSelect(where: SQL, order: SQL, limit: number) {
  return sql`
    select c.id as "contactId", c.first_name as "firstName", c.last_name as "lastName",
      c.emails->0->>'address' as email, co.name as "companyName", p.company_name as "profileCompany",
      c.job_title as "jobTitle", upper(c.addresses->0->>'country') as country,
      c.lifecycle_stage as "lifecycleStage", c.owner_id as "ownerId",
      coalesce(nullif(u.name, ''), u.email) as "ownerName", c.source, p.campaign, p.submissions,
      p.rule_points as "rulePoints", p.rule_factors as "ruleFactors", p.probability,
      p.model_version as "modelVersion", p.factors, p.scored_at as "scoredAt",
      p.disqualified_at as "disqualifiedAt", p.disqualify_reason as "disqualifyReason",
      p.converted_at as "convertedAt", p.deal_id as "dealId",
      (select k.status from consents k where k.contact_id = c.id and k.purpose = 'marketing'
        order by k.requested_at desc limit 1) as consent,
      c.created_at as "createdAt"
    from lead_profiles p
    join contacts c on c.id = p.contact_id
    left join companies co on co.id = c.company_id
    left join users u on u.id = c.owner_id
    where ${where}
    order by ${order}
    limit ${limit}`;
}

async function ruleNames(db: Executor) {
  const rules = await db
    .select({ id: leadScoringRules.id, name: leadScoringRules.name, points: leadScoringRules.points })
    .from(leadScoringRules);
  return new Map(rules.map((r) => [r.id, r]));
}

function toLeadDto(r: LeadRow, rules: Map<string, { id: string; name: string; points: number }>): LeadDto {
  return {
    contactId: r.contactId,
    name: [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email || '—',
    email: r.email,
    companyName: r.companyName ?? r.profileCompany,
    jobTitle: r.jobTitle,
    country: r.country,
    lifecycleStage: r.lifecycleStage,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    source: r.source,
    campaign: r.campaign,
    submissions: r.submissions ?? 0,
    score: r.rulePoints ?? 0,
    rules: (r.ruleFactors ?? []).flatMap((id) => {
      const rule = rules.get(id);
      return rule ? [rule] : [];
    }),
    probability: r.probability === null ? null : Number(r.probability),
    modelVersion: r.modelVersion,
    factors: r.factors ?? [],
    scoredAt: iso(r.scoredAt),
    disqualifiedAt: iso(r.disqualifiedAt),
    disqualifyReason: r.disqualifyReason,
    convertedAt: iso(r.convertedAt),
    dealId: r.dealId,
    consent: r.consent === 'granted' || r.consent === 'pending' ? r.consent : 'none',
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

const encodeCursor = (points: number, id: string) => Buffer.from(`${points}|${id}`).toString('base64url');
function decodeCursor(cursor: string) {
  const [points, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!points || !id || !/^-?\d+$/.test(points) || !/^[0-9a-f-]{36}$/i.test(id))
    throw invalid([{ path: 'cursor', message: 'Unknown cursor' }]);
  return { points: Number(points), id };
}

/**
 * Open leads (not converted or disqualified) by score, best first: read through `lead_profiles_score_idx`
 * (rule points desc, contact id desc), keyset-paginated on that pair; owner and source filter the contacts row.
 */
export async function listLeads(ctx: Ctx, q: LeadListQuery) {
  const conds: SQL[] = [
    sql`p.converted_at is null and p.disqualified_at is null`,
    sql`c.lifecycle_stage = 'lead' and c.deleted_at is null`,
  ];
  if (q.ownerId) conds.push(sql`c.owner_id = ${q.ownerId}::uuid`);
  if (q.source) conds.push(sql`lower(c.source) = ${q.source.toLowerCase()}`);
  if (q.minScore !== undefined) conds.push(sql`p.rule_points >= ${q.minScore}`);
  if (q.maxScore !== undefined) conds.push(sql`p.rule_points <= ${q.maxScore}`);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    conds.push(sql`(p.rule_points, p.contact_id) < (${c.points}::int, ${c.id}::uuid)`);
  }
  const res = await ctx.db.execute(
    leadSelect(
      sql.join(conds, sql` and `),
      sql`p.rule_points desc nulls last, p.contact_id desc nulls last`,
      q.limit + 1,
    ),
  );
  const rows = res.rows as LeadRow[];
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const rules = await ruleNames(ctx.db);
  return {
    data: page.map((r) => toLeadDto(r, rules)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.rulePoints ?? 0, last.contactId) : null,
  };
}

/** A contact's lead card. A contact in stage `lead` without a profile yet is scored first. */
export async function getLead(ctx: Ctx, contactId: string): Promise<LeadDto> {
  const load = async () =>
    (await ctx.db.execute(leadSelect(sql`c.id = ${contactId}::uuid and c.deleted_at is null`, sql`1`, 1)))
      .rows[0] as LeadRow | undefined;
  let row = await load();
  if (!row) {
    const [c] = await ctx.db
      .select({ stage: contacts.lifecycleStage })
      .from(contacts)
      .where(and(eq(contacts.id, contactId), isNull(contacts.deletedAt)));
    if (c?.stage !== 'lead') throw notFound('lead');
    await scoreContacts(ctx.db, [contactId], ctx.now());
    row = await load();
  }
  return toLeadDto(row!, await ruleNames(ctx.db));
}

/**
 * A lead entered by hand or through the API: a contact in stage `lead` (duplicates by e-mail are refused as
 * for contacts), its lead profile, an owner from the assignment rules when none is given, and its score.
 */
export async function createLead(ctx: Ctx, input: CreateLeadInput): Promise<LeadDto> {
  const contactId = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const byRule = input.ownerId === undefined ? await chooseOwner(tx, input.country || null) : null;
    const ownerId = input.ownerId !== undefined ? input.ownerId : (byRule ?? ctx.user.id);
    // An owner picked by the rules (which a manager set) is not the creator's own choice, so the creator's
    // limits on whom they may assign records to do not apply to it.
    const createCtx = byRule ? { ...txCtx, user: { ...ctx.user, role: 'admin' as const } } : txCtx;
    const contact = await createContact(createCtx, {
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      emails: [{ address: input.email, label: 'work' }],
      phones: input.phone ? [{ number: input.phone, label: 'work' }] : [],
      addresses: input.country
        ? [{ label: 'work', street: '', postalCode: '', city: '', region: '', country: input.country }]
        : [],
      jobTitle: input.jobTitle ?? null,
      companyId: input.companyId ?? null,
      source: input.source ?? null,
      tags: input.tags ?? [],
      lifecycleStage: 'lead',
      ownerId,
    });
    await tx.insert(leadProfiles).values({
      contactId: contact.id,
      campaign: input.campaign ?? null,
      companyName: input.companyName ?? null,
      createdAt: ctx.now(),
    });
    await scoreContacts(tx, [contact.id], ctx.now());
    return contact.id;
  });
  return getLead(ctx, contactId);
}

async function lockLead(tx: Executor, ctx: Ctx, contactId: string) {
  const [c] = await tx
    .select({
      id: contacts.id,
      ownerId: contacts.ownerId,
      stage: contacts.lifecycleStage,
      companyId: contacts.companyId,
      deletedAt: contacts.deletedAt,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      source: contacts.source,
    })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .for('update');
  if (!c || c.deletedAt) throw notFound('lead');
  await assertCanEdit({ ...ctx, db: tx }, c.ownerId);
  if (c.stage !== 'lead')
    throw new AppError('not_a_lead', {
      status: 409,
      detail: 'Only a contact in lifecycle stage “lead” can be converted or disqualified.',
    });
  const [p] = await tx.select().from(leadProfiles).where(eq(leadProfiles.contactId, contactId));
  if (p?.disqualifiedAt)
    throw new AppError('lead_disqualified', { status: 409, detail: 'This lead was disqualified.' });
  return { contact: c, profile: p };
}

/**
 * Qualifies a lead, in one transaction: a company is created or linked when given, a deal is created for the
 * contact (through the deals module), and the contact's lifecycle stage becomes `prospect`.
 */
export async function convertLead(ctx: Ctx, contactId: string, input: ConvertLeadInput) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { contact, profile } = await lockLead(tx, ctx, contactId);
    let companyId = contact.companyId;
    if (input.company && 'companyId' in input.company) {
      const [co] = await tx
        .select({ id: companies.id })
        .from(companies)
        .where(and(eq(companies.id, input.company.companyId), isNull(companies.deletedAt)));
      if (!co) throw invalid([{ path: 'company.companyId', message: 'Unknown company' }]);
      companyId = co.id;
    } else if (input.company) {
      const created = await createCompany(txCtx, {
        name: input.company.name,
        ownerId: contact.ownerId,
        lifecycleStage: 'prospect',
      });
      companyId = created.id;
    }
    const now = ctx.now();
    await tx
      .update(contacts)
      .set({ lifecycleStage: 'prospect', companyId, version: sql`${contacts.version} + 1`, updatedAt: now })
      .where(eq(contacts.id, contactId));
    await recordHistoryEntry(tx, ctx, 'contact', contactId, 'update', [
      { field: 'lifecycleStage', old: 'lead', new: 'prospect' },
      ...(companyId !== contact.companyId
        ? [{ field: 'companyId', old: contact.companyId, new: companyId }]
        : []),
    ]);
    let dealId: string | null = null;
    if (input.deal) {
      const deal = await createDeal(txCtx, {
        title: input.deal.title,
        amount: input.deal.amount,
        currency: input.deal.currency as never,
        pipelineId: input.deal.pipelineId,
        ownerId: contact.ownerId,
        contactId,
        companyId,
        source: contact.source ?? 'lead',
      });
      dealId = deal.id;
    }
    await tx
      .insert(leadProfiles)
      .values({ contactId, convertedAt: now, dealId, createdAt: now })
      .onConflictDoUpdate({ target: leadProfiles.contactId, set: { convertedAt: now, dealId } });
    void profile;
    return { contactId, lifecycleStage: 'prospect', companyId, dealId };
  });
}

/** Marks a lead as not worth pursuing (with the reason); it leaves the open list and counts as lost in training. */
export async function disqualifyLead(ctx: Ctx, contactId: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    await lockLead(tx, ctx, contactId);
    const now = ctx.now();
    await tx
      .insert(leadProfiles)
      .values({ contactId, disqualifiedAt: now, disqualifyReason: reason, createdAt: now })
      .onConflictDoUpdate({
        target: leadProfiles.contactId,
        set: { disqualifiedAt: now, disqualifyReason: reason },
      });
  });
  return getLead(ctx, contactId);
}
