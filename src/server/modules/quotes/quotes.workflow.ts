import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { PublicQuoteDto, QuoteDto, SendQuoteInput } from '../../../shared/quotes.ts';
import type { LineDto } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { winDealForQuote } from '../deals/index.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { createInteraction } from '../interactions/index.ts';
import { deliverSoon, queueMail } from '../mail/index.ts';
import { createOrderCore } from '../orders/index.ts';
import { assertCanEdit } from '../records/index.ts';
import {
  documentFormat,
  documentRecipient,
  escapeHtml,
  fillText as fill,
  getSalesSettings,
  paragraphsHtml,
} from '../sales/index.ts';
import { quotePdf } from './quotes.documents.ts';
import { quotes } from './quotes.schema.ts';
import {
  actorId,
  asLineInput,
  conflict,
  effectiveStatus,
  loadQuoteDto,
  loadQuotes,
  loadVersion,
  today,
} from './quotes.service.ts';

/** The secret of an accept link: 32 random bytes; only its SHA-256 is stored. */
export const newAcceptToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const acceptLink = (ctx: Pick<Ctx, 'config'>, token: string) =>
  `${ctx.config.publicUrl.replace(/\/+$/, '')}/q/${token}`;

type MailTexts = {
  subject: string;
  greeting: string;
  body: string;
  link: string;
  validity: string;
  regards: string;
  sent: string;
  accepted: string;
  declined: string;
};
const mailTexts: Record<string, MailTexts> = {
  en: {
    subject: 'Quote {number} from {seller}',
    greeting: 'Hello {name},',
    body: 'Please find our quote {number} attached.',
    link: 'You can view it and accept or decline it here:',
    validity: 'The quote is valid until {date}.',
    regards: 'Kind regards',
    sent: 'Quote {number} sent',
    accepted: 'Quote {number} accepted by {name}',
    declined: 'Quote {number} declined by {name}',
  },
  fr: {
    subject: 'Devis {number} de {seller}',
    greeting: 'Bonjour {name},',
    body: 'Veuillez trouver ci-joint notre devis {number}.',
    link: 'Vous pouvez le consulter, l’accepter ou le refuser ici :',
    validity: 'Ce devis est valable jusqu’au {date}.',
    regards: 'Cordialement',
    sent: 'Devis {number} envoyé',
    accepted: 'Devis {number} accepté par {name}',
    declined: 'Devis {number} refusé par {name}',
  },
  de: {
    subject: 'Angebot {number} von {seller}',
    greeting: 'Guten Tag {name},',
    body: 'anbei erhalten Sie unser Angebot {number}.',
    link: 'Hier können Sie es ansehen und annehmen oder ablehnen:',
    validity: 'Das Angebot ist gültig bis {date}.',
    regards: 'Mit freundlichen Grüßen',
    sent: 'Angebot {number} gesendet',
    accepted: 'Angebot {number} angenommen von {name}',
    declined: 'Angebot {number} abgelehnt von {name}',
  },
  da: {
    subject: 'Tilbud {number} fra {seller}',
    greeting: 'Kære {name}',
    body: 'Vedhæftet finder du vores tilbud {number}.',
    link: 'Du kan se det og acceptere eller afvise det her:',
    validity: 'Tilbuddet er gyldigt til {date}.',
    regards: 'Med venlig hilsen',
    sent: 'Tilbud {number} sendt',
    accepted: 'Tilbud {number} accepteret af {name}',
    declined: 'Tilbud {number} afvist af {name}',
  },
};
const textsFor = (lng: string) => mailTexts[lng] ?? mailTexts.en!;

/**
 * Sends the quote: marks it sent, makes a new accept link (an earlier one stops working), queues the mail
 * with the PDF attached in the same transaction, and logs an outgoing e-mail on the customer's timeline.
 * The mail leaves after the commit (at once when mail is configured, else when it is).
 */
export async function sendQuote(ctx: Ctx, id: string, input: SendQuoteInput): Promise<QuoteDto> {
  const settings = await getSalesSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    if (!locked || locked.deletedAt) throw notFound('quote');
    await assertCanEdit({ ...ctx, db: tx }, locked.ownerId);
    const status = effectiveStatus(locked, today(ctx));
    if (status !== 'draft' && status !== 'sent')
      throw conflict(`quote_${status}`, `An ${status} quote cannot be sent; revise it first.`);
    const version = (await loadVersion(tx, id, locked.currentVersion))!;
    if (!(version.lines as LineDto[]).length)
      throw invalid([{ path: 'lines', message: 'Add at least one line before sending the quote' }]);
    const customer = await documentRecipient(tx, locked.contactId, locked.companyId);
    const to = input.to ?? (customer.email ? [customer.email] : null);
    if (!to) throw invalid([{ path: 'to', message: 'The customer has no e-mail address; give one' }]);

    const token = newAcceptToken();
    const now = ctx.now();
    await tx
      .update(quotes)
      .set({
        status: 'sent',
        sentAt: now,
        acceptTokenHash: tokenHash(token),
        version: sql`${quotes.version} + 1`,
        updatedAt: now,
      })
      .where(eq(quotes.id, id));
    const pdf = await quotePdf(tx, id);
    const t = textsFor(locked.language);
    const f = documentFormat(locked.language, locked.currency);
    const values = {
      number: locked.number,
      seller: settings.companyName,
      name: customer.name || customer.company || '',
      date: version.validUntil ? f.date(version.validUntil) : '',
    };
    const subject = input.subject ?? fill(t.subject, values);
    const link = acceptLink(ctx, token);
    const paragraphs = [
      fill(t.greeting, values),
      input.message?.trim() || fill(t.body, values),
      `${t.link}\n${link}`,
      ...(version.validUntil ? [fill(t.validity, values)] : []),
      `${t.regards}\n${ctx.user.via === 'system' ? settings.companyName : ctx.user.name}\n${settings.companyName}`,
    ];
    const text = paragraphs.join('\n\n');
    const html = paragraphsHtml(paragraphs);
    await queueMail(tx, {
      to,
      cc: input.cc ?? [],
      replyTo: settings.email || (ctx.user.via === 'system' ? null : ctx.user.email),
      subject,
      text,
      html,
      attachments: [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.body }],
      linkType: 'quote',
      linkId: id,
      contactId: locked.contactId,
      createdById: actorId(ctx),
      sendAfter: ctx.now(),
    });
    await createInteraction(
      { ...ctx, db: tx },
      {
        channel: 'email',
        direction: 'out',
        touchpoint: 'sales',
        subject,
        body: `<p>${escapeHtml(fill(t.sent, values))} → ${escapeHtml(to.join(', '))}</p>`,
        contactId: locked.contactId,
        companyId: locked.companyId,
        userId: locked.ownerId ?? actorId(ctx),
        links: [{ type: 'quote', id }],
      },
    );
    await recordHistoryEntry(tx, ctx, 'quote', id, 'update', [
      { field: 'status', old: locked.status, new: 'sent' },
    ]);
  });
  deliverSoon(ctx);
  return loadQuoteDto(ctx.db, ctx, id);
}

type Decision = { name: string | null; ip: string | null; reason?: string | null; viaLink: boolean };

/** Finds the quote behind an accept link, or 404 (unknown, replaced, or in the recycle bin). */
async function quoteIdOfToken(db: Executor, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound('quote');
  const [row] = await db
    .select({ id: quotes.id, deletedAt: quotes.deletedAt })
    .from(quotes)
    .where(eq(quotes.acceptTokenHash, tokenHash(token)));
  if (!row || row.deletedAt) throw notFound('quote');
  return row.id;
}

/** Logs the customer's answer on their timeline (they answered through the link: inbound, on the portal). */
async function logAnswer(
  tx: Executor,
  ctx: Ctx,
  q: typeof quotes.$inferSelect,
  subject: string,
  note?: string | null,
) {
  if (!q.contactId && !q.companyId) return;
  await createInteraction(
    { ...ctx, db: tx },
    {
      channel: 'portal',
      direction: 'in',
      touchpoint: 'sales',
      subject,
      body: note ? `<p>${escapeHtml(note)}</p>` : null,
      contactId: q.contactId,
      companyId: q.companyId,
      userId: q.ownerId,
      links: [{ type: 'quote', id: q.id }],
    },
  );
}

/**
 * Accepts the quote and creates its order in the same transaction, with the accepted version's lines.
 * Draft or sent quotes only (staff may accept a draft the customer agreed to by phone; the link only works
 * once sent); accepted, declined or expired → 409.
 */
async function accept(ctx: Ctx, id: string, d: Decision) {
  return ctx.db.transaction(async (tx) => {
    const [q] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    if (!q || q.deletedAt) throw notFound('quote');
    if (!d.viaLink) {
      await assertCanEdit({ ...ctx, db: tx }, q.ownerId);
    }
    const status = effectiveStatus(q, today(ctx));
    if (status === 'accepted')
      throw conflict('quote_already_accepted', 'The quote has been accepted already.');
    if (status === 'declined')
      throw conflict('quote_declined', 'The quote was declined; revise it to offer again.');
    if (status === 'expired')
      throw conflict('quote_expired', 'The quote is no longer valid; ask for a revised quote.');
    if (d.viaLink && status !== 'sent') throw notFound('quote');
    const v = (await loadVersion(tx, id, q.currentVersion))!;
    const lines = (v.lines as LineDto[]).map(asLineInput);
    if (!lines.length) throw invalid([{ path: 'lines', message: 'The quote has no lines to order' }]);
    const order = await createOrderCore(
      { ...ctx, db: tx },
      {
        quoteId: id,
        dealId: q.dealId,
        contactId: q.contactId,
        companyId: q.companyId,
        ownerId: q.ownerId,
        currency: q.currency,
        channel: 'sales',
        lines,
      },
    );
    if (q.dealId) await winDealForQuote({ ...ctx, db: tx }, q.dealId, q.number);
    const now = ctx.now();
    await tx
      .update(quotes)
      .set({
        status: 'accepted',
        acceptedAt: now,
        acceptedName: d.name,
        acceptedIp: d.ip,
        acceptedById: d.viaLink ? null : actorId(ctx),
        orderId: order.id,
        version: sql`${quotes.version} + 1`,
        updatedAt: now,
      })
      .where(eq(quotes.id, id));
    await recordHistoryEntry(tx, ctx, 'quote', id, 'update', [
      { field: 'status', old: status, new: 'accepted' },
      { field: 'acceptedName', old: null, new: d.name },
      { field: 'orderId', old: null, new: order.id },
    ]);
    if (d.viaLink)
      await logAnswer(
        tx,
        ctx,
        q,
        fill(textsFor(q.language).accepted, { number: q.number, name: d.name ?? '' }),
      );
    return order;
  });
}

async function decline(ctx: Ctx, id: string, d: Decision) {
  await ctx.db.transaction(async (tx) => {
    const [q] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    if (!q || q.deletedAt) throw notFound('quote');
    if (!d.viaLink) {
      await assertCanEdit({ ...ctx, db: tx }, q.ownerId);
    }
    const status = effectiveStatus(q, today(ctx));
    if (status === 'accepted')
      throw conflict('quote_already_accepted', 'The quote has been accepted already.');
    if (status === 'declined') throw conflict('quote_declined', 'The quote was declined already.');
    if (d.viaLink && status !== 'sent')
      throw conflict(`quote_${status}`, 'The quote can no longer be answered.');
    const now = ctx.now();
    await tx
      .update(quotes)
      .set({
        status: 'declined',
        declinedAt: now,
        declineReason: d.reason ?? null,
        acceptedName: d.name,
        acceptedIp: d.ip,
        version: sql`${quotes.version} + 1`,
        updatedAt: now,
      })
      .where(eq(quotes.id, id));
    await recordHistoryEntry(tx, ctx, 'quote', id, 'update', [
      { field: 'status', old: status, new: 'declined' },
      { field: 'declineReason', old: null, new: d.reason ?? null },
    ]);
    if (d.viaLink)
      await logAnswer(
        tx,
        ctx,
        q,
        fill(textsFor(q.language).declined, { number: q.number, name: d.name ?? '' }),
        d.reason,
      );
  });
}

export async function acceptQuote(ctx: Ctx, id: string, input: { name?: string }, ip: string | null) {
  await accept(ctx, id, { name: input.name ?? ctx.user.name, ip, viaLink: false });
  return loadQuoteDto(ctx.db, ctx, id);
}

export async function declineQuote(
  ctx: Ctx,
  id: string,
  input: { name?: string; reason?: string | null },
  ip: string | null,
) {
  await decline(ctx, id, { name: input.name ?? ctx.user.name, ip, reason: input.reason, viaLink: false });
  return loadQuoteDto(ctx.db, ctx, id);
}

/** What the customer sees behind the link: the current version, the seller, no internal ids. */
export async function publicQuote(ctx: Ctx, token: string): Promise<PublicQuoteDto> {
  const id = await quoteIdOfToken(ctx.db, token);
  const [row] = await loadQuotes(ctx.db, [id]);
  const v = (await loadVersion(ctx.db, id, row!.currentVersion))!;
  const s = await getSalesSettings(ctx.db);
  return {
    number: row!.number,
    title: row!.title,
    status: effectiveStatus(row!, today(ctx)),
    language: row!.language,
    currency: row!.currency,
    version: row!.currentVersion,
    issuedOn: (row!.sentAt ?? row!.createdAt).toISOString().slice(0, 10),
    validUntil: v.validUntil,
    terms: v.terms,
    seller: {
      companyName: s.companyName,
      address: s.address,
      email: s.email,
      phone: s.phone,
      website: s.website,
      vatId: s.vatId,
      brandColor: s.brandColor,
    },
    customer: { name: row!.contactName, company: row!.companyName },
    lines: v.lines as LineDto[],
    totals: { net: v.net, tax: v.tax, gross: v.gross },
    taxBreakdown: v.taxBreakdown as PublicQuoteDto['taxBreakdown'],
    acceptedAt: row!.acceptedAt?.toISOString() ?? null,
    acceptedName: row!.status === 'accepted' ? row!.acceptedName : null,
    declinedAt: row!.declinedAt?.toISOString() ?? null,
    orderNumber: row!.orderNumber,
  };
}

export async function publicQuotePdf(ctx: Ctx, token: string) {
  const id = await quoteIdOfToken(ctx.db, token);
  return quotePdf(ctx.db, id);
}

export async function acceptByLink(ctx: Ctx, token: string, name: string, ip: string | null) {
  const id = await quoteIdOfToken(ctx.db, token);
  await accept(ctx, id, { name, ip, viaLink: true });
  return publicQuote(ctx, token);
}

export async function declineByLink(
  ctx: Ctx,
  token: string,
  name: string,
  reason: string | null,
  ip: string | null,
) {
  const id = await quoteIdOfToken(ctx.db, token);
  await decline(ctx, id, { name, ip, reason, viaLink: true });
  return publicQuote(ctx, token);
}
