import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { UiLanguage } from '../../../shared/common.ts';
import type { LeadFormField, LeadSubmission, PerLanguage } from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { createContact } from '../contacts/index.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { createInteraction } from '../interactions/index.ts';
import { deliverSoon, queueMail } from '../mail/index.ts';
import { chooseOwner } from './assignment.service.ts';
import { fillTimeOk, type LeadFormRow, localized, thanksFor } from './lead-forms.service.ts';
import { consents, leadForms, leadProfiles } from './leads.schema.ts';
import { escapeHtml, pickLanguage, publicTexts } from './leads.texts.ts';
import { scoreContacts } from './scoring.service.ts';

/** An active form by its public key; unknown and inactive ones answer 404 alike. */
export async function formByKey(db: Executor, publicKey: string): Promise<LeadFormRow> {
  const [row] = await db.select().from(leadForms).where(eq(leadForms.publicKey, publicKey));
  if (!row?.active) throw notFound('lead_form');
  return row;
}

export type SubmitMeta = { ip: string; acceptLanguage?: string };
export type SubmitOutcome = {
  status: 'ok';
  message: string;
  redirectUrl: string | null;
  /** Not told to the visitor: whether it was taken for spam (nothing stored). */
  spam: boolean;
  contactId: string | null;
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Only the fields the form shows are taken; the rest of a submission is ignored. */
function shown(form: LeadFormRow, input: LeadSubmission) {
  const fields = new Set(form.fields as LeadFormField[]);
  const take = <K extends LeadFormField>(f: K, v: string | undefined) => (fields.has(f) && v ? v : undefined);
  return {
    email: input.email.toLowerCase(),
    firstName: take('firstName', input.firstName),
    lastName: take('lastName', input.lastName),
    phone: take('phone', input.phone),
    company: take('company', input.company),
    jobTitle: take('jobTitle', input.jobTitle),
    country: take('country', input.country),
    message: take('message', input.message),
  };
}

type Shown = ReturnType<typeof shown>;

/** An existing contact with this address: fills what it lacks, adds the form's tags; never overwrites. */
async function updateExisting(tx: Executor, ctx: Ctx, id: string, form: LeadFormRow, s: Shown) {
  const [c] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  if (!c) return;
  const phones = c.phones as { number: string; label: string }[];
  const addresses = c.addresses as { country: string }[];
  const next = {
    firstName: c.firstName || s.firstName || '',
    lastName: c.lastName || s.lastName || '',
    jobTitle: c.jobTitle ?? s.jobTitle ?? null,
    phones:
      s.phone && !phones.some((p) => p.number.replace(/\D/g, '') === s.phone!.replace(/\D/g, ''))
        ? [...phones, { number: s.phone, label: 'work' }]
        : phones,
    addresses:
      s.country && !addresses.length
        ? [{ label: 'work', street: '', postalCode: '', city: '', region: '', country: s.country }]
        : addresses,
    tags: [...new Set([...c.tags, ...form.tags])],
    source: c.source ?? form.source,
    lifecycleStage: c.lifecycleStage ?? 'lead',
    // A lead nobody owns yet gets one from the rules; others keep theirs.
    ownerId:
      c.ownerId ??
      ((c.lifecycleStage ?? 'lead') === 'lead'
        ? await chooseOwner(tx, s.country ?? addresses[0]?.country ?? null)
        : null),
  };
  const changes = (Object.keys(next) as (keyof typeof next)[])
    .filter((k) => JSON.stringify(next[k]) !== JSON.stringify(c[k]))
    .map((k) => ({ field: k, old: c[k], new: next[k] }));
  if (!changes.length) return;
  await tx
    .update(contacts)
    .set({ ...next, version: sql`${contacts.version} + 1`, updatedAt: ctx.now() })
    .where(eq(contacts.id, id));
  await recordHistoryEntry(tx, ctx, 'contact', id, 'update', changes);
}

/** Contacts with this address (lower-cased `email_keys`, GIN index; no LIMIT, see contacts.findDuplicates). */
async function contactByEmail(db: Executor, email: string): Promise<string | null> {
  const rows = await db
    .select({ id: contacts.id, createdAt: contacts.createdAt })
    .from(contacts)
    .where(and(sql`${contacts.emailKeys} && ${sql.param([email])}::text[]`, isNull(contacts.deletedAt)));
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return rows[0]?.id ?? null;
}

/**
 * A public submission. Spam (the honeypot filled, or no valid fill-time token at least 2 s old) gets the same
 * answer as a real one and stores nothing. Otherwise, in one transaction: the contact found by e-mail is
 * completed (or a new lead created, with an owner from the assignment rules), its lead profile counts the
 * submission, an inbound `web` interaction (touchpoint marketing) goes on its timeline, a pending consent and
 * its confirmation mail are queued when the form asks and the visitor agreed, and the lead is rescored.
 */
export async function submitLeadForm(
  ctx: Ctx,
  form: LeadFormRow,
  input: LeadSubmission,
  meta: SubmitMeta,
): Promise<SubmitOutcome> {
  const lang = pickLanguage(input.language, meta.acceptLanguage, form.language);
  const answer = { status: 'ok' as const, message: thanksFor(form, lang), redirectUrl: form.redirectUrl };
  const now = ctx.now();
  if (input.website?.trim() || !fillTimeOk(form, input._ts, now))
    return { ...answer, spam: true, contactId: null };
  const s = shown(form, input);
  const consentText =
    form.askConsent && input.consent ? localized(form.consentText as PerLanguage, lang, form.language) : null;
  let mailQueued = false;
  const contactId = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    let id = await contactByEmail(tx, s.email);
    if (id) await updateExisting(tx, txCtx, id, form, s);
    else {
      const created = await createContact(
        txCtx,
        {
          firstName: s.firstName ?? '',
          lastName: s.lastName ?? '',
          emails: [{ address: s.email, label: 'work' }],
          phones: s.phone ? [{ number: s.phone, label: 'work' }] : [],
          addresses: s.country
            ? [{ label: 'work', street: '', postalCode: '', city: '', region: '', country: s.country }]
            : [],
          jobTitle: s.jobTitle ?? null,
          tags: form.tags,
          source: form.source,
          language: lang,
          lifecycleStage: 'lead',
          ownerId: await chooseOwner(tx, s.country ?? null),
        },
        { allowDuplicate: true },
      );
      id = created.id;
    }
    await tx
      .insert(leadProfiles)
      .values({
        contactId: id,
        campaign: form.campaign,
        formId: form.id,
        companyName: s.company ?? null,
        submissions: 1,
        lastSubmittedAt: now,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: leadProfiles.contactId,
        set: {
          submissions: sql`${leadProfiles.submissions} + 1`,
          lastSubmittedAt: now,
          formId: form.id,
          campaign: sql`coalesce(${leadProfiles.campaign}, excluded.campaign)`,
          companyName: sql`coalesce(excluded.company_name, ${leadProfiles.companyName})`,
        },
      });
    await createInteraction(txCtx, {
      channel: 'web',
      direction: 'in',
      touchpoint: 'marketing',
      occurredAt: now.toISOString(),
      subject: form.name.slice(0, 300),
      body: s.message ? `<p>${escapeHtml(s.message).replace(/\n/g, '<br>')}</p>` : null,
      userId: null,
      contactId: id,
    });
    if (consentText)
      mailQueued = await askConsent(tx, ctx, { contactId: id, form, lang, consentText, ip: meta.ip, s });
    await scoreContacts(tx, [id], now);
    return id;
  });
  if (mailQueued) deliverSoon(ctx);
  return { ...answer, spam: false, contactId };
}

/**
 * Double opt-in: a pending consent with the text shown, the time and the address it came from, and the
 * confirmation mail with a link holding 32 random bytes (only their SHA-256 is stored). An address that has
 * already granted this consent is not asked again.
 */
async function askConsent(
  tx: Executor,
  ctx: Ctx,
  a: { contactId: string; form: LeadFormRow; lang: UiLanguage; consentText: string; ip: string; s: Shown },
): Promise<boolean> {
  const [granted] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(
      and(
        eq(consents.contactId, a.contactId),
        eq(consents.purpose, 'marketing'),
        eq(consents.status, 'granted'),
      ),
    )
    .limit(1);
  if (granted) return false;
  const token = randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(consents)
    .values({
      contactId: a.contactId,
      purpose: 'marketing',
      status: 'pending',
      text: a.consentText,
      language: a.lang,
      formId: a.form.id,
      requestedAt: ctx.now(),
      requestedIp: a.ip,
      tokenHash: sha256(token),
    })
    .returning({ id: consents.id });
  const link = `${ctx.config.publicUrl.replace(/\/$/, '')}/api/v1/public/consents/confirm/${token}`;
  const t = publicTexts[a.lang];
  const name = [a.s.firstName, a.s.lastName].filter(Boolean).join(' ');
  await queueMail(tx, {
    to: [a.s.email],
    subject: t.optInSubject,
    text: t.optInBody(name, link, a.consentText),
    linkType: 'consent',
    linkId: row!.id,
    contactId: a.contactId,
    dedupeKey: `consent:${row!.id}`,
    sendAfter: ctx.now(),
  });
  return true;
}

/**
 * Opens a confirmation link: the pending consent becomes `granted` with the time and address; a second
 * click changes nothing. Unknown tokens → 404.
 */
export async function confirmConsent(ctx: Ctx, token: string, ip: string) {
  const hash = sha256(token);
  const [row] = await ctx.db
    .update(consents)
    .set({ status: 'granted', grantedAt: ctx.now(), grantedIp: ip })
    .where(and(eq(consents.tokenHash, hash), eq(consents.status, 'pending')))
    .returning({ language: consents.language });
  if (row) return { state: 'confirmed' as const, language: row.language as UiLanguage };
  const [known] = await ctx.db
    .select({ language: consents.language })
    .from(consents)
    .where(eq(consents.tokenHash, hash));
  if (!known) throw notFound('consent');
  return { state: 'already' as const, language: known.language as UiLanguage };
}
