import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type {
  CreateLeadFormInput,
  LeadFormDto,
  LeadFormField,
  PerLanguage,
  UpdateLeadFormInput,
} from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { leadForms } from './leads.schema.ts';
import { escapeHtml, publicTexts } from './leads.texts.ts';

export type LeadFormRow = typeof leadForms.$inferSelect;

/** The public address a form posts to (HTML) — the JSON endpoint is the same plus `/submit`. */
export const formAddress = (ctx: Pick<Ctx, 'config'>, publicKey: string) =>
  `${ctx.config.publicUrl.replace(/\/$/, '')}/api/v1/public/lead-forms/${publicKey}`;

export const toLeadFormDto = (ctx: Pick<Ctx, 'config'>, r: LeadFormRow): LeadFormDto => ({
  id: r.id,
  name: r.name,
  publicKey: r.publicKey,
  fields: r.fields as LeadFormField[],
  tags: r.tags,
  source: r.source,
  campaign: r.campaign,
  language: r.language as LeadFormDto['language'],
  askConsent: r.askConsent,
  consentText: r.consentText as PerLanguage,
  successMessage: r.successMessage as PerLanguage,
  redirectUrl: r.redirectUrl,
  active: r.active,
  submitUrl: formAddress(ctx, r.publicKey),
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listLeadForms(ctx: Ctx) {
  const rows = await ctx.db.select().from(leadForms).orderBy(asc(leadForms.name), asc(leadForms.id));
  return { data: rows.map((r) => toLeadFormDto(ctx, r)) };
}

async function loadForm(db: Executor, id: string, forUpdate = false) {
  const q = db.select().from(leadForms).where(eq(leadForms.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('lead_form');
  return row;
}

export async function getLeadForm(ctx: Ctx, id: string) {
  return toLeadFormDto(ctx, await loadForm(ctx.db, id));
}

export async function leadFormSnippet(ctx: Ctx, id: string) {
  return { html: snippetHtml(ctx, await loadForm(ctx.db, id)) };
}

export async function createLeadForm(ctx: Ctx, input: CreateLeadFormInput) {
  const [row] = await ctx.db
    .insert(leadForms)
    .values({
      ...input,
      // 128 random bits: the key is public (it is in the snippet) but cannot be guessed or enumerated.
      publicKey: randomBytes(16).toString('base64url'),
      signingSecret: randomBytes(32).toString('base64url'),
      createdById: ctx.user.via === 'system' ? null : ctx.user.id,
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
    })
    .returning();
  return toLeadFormDto(ctx, row!);
}

export async function updateLeadForm(
  ctx: Ctx,
  id: string,
  input: UpdateLeadFormInput,
  expectedVersion?: number,
) {
  return ctx.db.transaction(async (tx) => {
    const current = await loadForm(tx, id, true);
    assertVersion(current.version, expectedVersion);
    const merged = { ...current, ...input };
    const consent = merged.consentText as PerLanguage;
    if (merged.askConsent && !(consent.en || consent[merged.language as keyof PerLanguage]))
      throw invalid([{ path: 'consentText', message: 'Give the consent text the visitor agrees to' }]);
    const [row] = await tx
      .update(leadForms)
      .set({ ...input, version: sql`${leadForms.version} + 1`, updatedAt: ctx.now() })
      .where(eq(leadForms.id, id))
      .returning();
    return toLeadFormDto(ctx, row!);
  });
}

export async function deleteLeadForm(ctx: Ctx, id: string) {
  const [row] = await ctx.db.delete(leadForms).where(eq(leadForms.id, id)).returning({ id: leadForms.id });
  if (!row) throw notFound('lead_form');
}

/** The form's text in a language, falling back to the form's own language, then English. */
export function localized(texts: PerLanguage, lang: string, formLang: string): string | null {
  const t = texts as Record<string, string | undefined>;
  return t[lang] || t[formLang] || t.en || null;
}

/**
 * The fill-time token: the time the form was shown, signed with the form's secret. A submission must carry a
 * valid one at least `MIN_FILL_MS` old (people take longer than that; most bots do not).
 */
export const MIN_FILL_MS = 2000;
export const MAX_TOKEN_AGE_MS = 24 * 3600_000;
const mac = (secret: string, key: string, ts: number) =>
  createHmac('sha256', secret).update(`${key}:${ts}`).digest('base64url').slice(0, 32);
export const fillToken = (form: LeadFormRow, now: Date) =>
  `${now.getTime()}.${mac(form.signingSecret, form.publicKey, now.getTime())}`;

export function fillTimeOk(form: LeadFormRow, token: string | undefined, now: Date): boolean {
  const m = /^(\d{10,16})\.([A-Za-z0-9_-]{32})$/.exec(token ?? '');
  if (!m) return false;
  const ts = Number(m[1]);
  const expected = Buffer.from(mac(form.signingSecret, form.publicKey, ts));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return false;
  const age = now.getTime() - ts;
  return age >= MIN_FILL_MS && age <= MAX_TOKEN_AGE_MS;
}

const labels: Record<LeadFormField, Record<string, string>> = {
  firstName: { en: 'First name', fr: 'Prénom', de: 'Vorname', da: 'Fornavn' },
  lastName: { en: 'Last name', fr: 'Nom', de: 'Nachname', da: 'Efternavn' },
  email: { en: 'E-mail', fr: 'E-mail', de: 'E-Mail', da: 'E-mail' },
  phone: { en: 'Phone', fr: 'Téléphone', de: 'Telefon', da: 'Telefon' },
  company: { en: 'Company', fr: 'Entreprise', de: 'Firma', da: 'Virksomhed' },
  jobTitle: { en: 'Job title', fr: 'Fonction', de: 'Position', da: 'Stilling' },
  country: {
    en: 'Country (2 letters)',
    fr: 'Pays (2 lettres)',
    de: 'Land (2 Buchstaben)',
    da: 'Land (2 bogstaver)',
  },
  message: { en: 'Message', fr: 'Message', de: 'Nachricht', da: 'Besked' },
};
const submitLabel: Record<string, string> = { en: 'Send', fr: 'Envoyer', de: 'Senden', da: 'Send' };
const inputTypes: Partial<Record<LeadFormField, string>> = { email: 'email', phone: 'tel' };
const autocomplete: Partial<Record<LeadFormField, string>> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  company: 'organization',
  jobTitle: 'organization-title',
  country: 'country',
};

/**
 * The HTML to paste into a web page: a plain `<form>` posting to the public HTML endpoint, a hidden honeypot
 * field, and a few lines of script that fetch a fresh fill-time token when the page loads (without it the
 * submission is taken for a bot's). Everything user-given is escaped.
 */
export function snippetHtml(ctx: Pick<Ctx, 'config'>, form: LeadFormRow): string {
  const lang = form.language;
  const action = formAddress(ctx, form.publicKey);
  const id = `rapport-form-${form.publicKey.slice(0, 8)}`;
  const fields = (form.fields as LeadFormField[])
    .map((f) => {
      const label = escapeHtml(labels[f][lang] ?? labels[f].en!);
      const req = f === 'email' ? ' required' : '';
      const control =
        f === 'message'
          ? `<textarea name="message" rows="4"></textarea>`
          : `<input name="${f === 'company' ? 'company' : f}" type="${inputTypes[f] ?? 'text'}" autocomplete="${autocomplete[f] ?? 'off'}"${
              f === 'country' ? ' maxlength="2"' : ''
            }${req}>`;
      return `  <p><label>${label}${req ? ' *' : ''}<br>${control}</label></p>`;
    })
    .join('\n');
  const consent = form.askConsent
    ? `\n  <p><label><input type="checkbox" name="consent" value="yes"> ${escapeHtml(
        localized(form.consentText as PerLanguage, lang, lang) ?? '',
      )}</label></p>`
    : '';
  return `<form id="${id}" action="${escapeHtml(action)}" method="post" accept-charset="utf-8">
${fields}${consent}
  <div style="position:absolute;left:-10000px" aria-hidden="true"><label>Website <input name="website" type="text" tabindex="-1" autocomplete="off"></label></div>
  <input type="hidden" name="_ts" value="">
  <input type="hidden" name="language" value="${escapeHtml(lang)}">
  <p><button type="submit">${escapeHtml(submitLabel[lang] ?? 'Send')}</button></p>
</form>
<script>
fetch(${JSON.stringify(action)}).then(function (r) { return r.json(); }).then(function (f) {
  document.querySelector('#${id} input[name="_ts"]').value = f.token;
});
</script>`;
}

export const thanksFor = (form: LeadFormRow, lang: string) =>
  localized(form.successMessage as PerLanguage, lang, form.language) ??
  publicTexts[lang as keyof typeof publicTexts].thanks;
