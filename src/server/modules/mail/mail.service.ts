import { and, asc, eq, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { outboundMails } from './mail.schema.ts';

export type MailAttachment = { filename: string; contentType: string; content: Buffer };

export type QueueMailInput = {
  to: string[];
  cc?: string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  attachments?: MailAttachment[];
  linkType?: string | null;
  linkId?: string | null;
  contactId?: string | null;
  /** Queueing twice with one key queues one mail (the first one's id is returned). */
  dedupeKey?: string | null;
  createdById?: string | null;
  /** Not before this time: the app clock's now (`ctx.now()`), so a moved test clock and the sweep agree. */
  sendAfter: Date;
};

/** Sends per sweep round, and the back-off of a failed send: 1, 2, 4, … minutes, given up after MAX_ATTEMPTS. */
const BATCH = 20;
export const MAX_ATTEMPTS = 8;

/**
 * Queues a mail in the caller's transaction: nothing is sent until that transaction commits and the mail
 * sweep (or `deliverSoon`) picks it up, so a rolled-back quote never mails a customer.
 */
export async function queueMail(
  db: Executor,
  input: QueueMailInput,
): Promise<{ id: string; queued: boolean }> {
  const [row] = await db
    .insert(outboundMails)
    .values({
      toAddresses: input.to,
      ccAddresses: input.cc ?? [],
      replyTo: input.replyTo ?? null,
      subject: input.subject,
      text: input.text,
      html: input.html ?? null,
      attachments: (input.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content.toString('base64'),
      })),
      linkType: input.linkType ?? null,
      linkId: input.linkId ?? null,
      contactId: input.contactId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      createdById: input.createdById ?? null,
      sendAfter: input.sendAfter,
    })
    .onConflictDoNothing()
    .returning({ id: outboundMails.id });
  if (row) return { id: row.id, queued: true };
  const [existing] = await db
    .select({ id: outboundMails.id })
    .from(outboundMails)
    .where(eq(outboundMails.dedupeKey, input.dedupeKey ?? ''));
  if (!existing) throw new Error('mail was neither queued nor found');
  return { id: existing.id, queued: false };
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

type Stored = { filename: string; contentType: string; content: string };

/**
 * One round: claim due mails under a row lock (`FOR UPDATE SKIP LOCKED`: two instances take different
 * mails), send each, and record the outcome in the same transaction. A crash after sending but before the
 * commit sends that mail again at the next round (at least once); its Message-ID stays the same, so mail
 * clients show one message. Without an SMTP URL nothing is claimed: mails wait until one is configured.
 */
export async function deliverQueued(ctx: Ctx): Promise<number> {
  const smtpUrl = ctx.config.mail.smtpUrl;
  if (!smtpUrl) return 0;
  const now = ctx.now();
  return ctx.database.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outboundMails)
      .where(and(eq(outboundMails.status, 'queued'), lte(outboundMails.sendAfter, now)))
      .orderBy(asc(outboundMails.sendAfter))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    let sent = 0;
    for (const mail of due) {
      const messageId = `<${mail.id}@rapport>`;
      try {
        await transportFor(smtpUrl).sendMail({
          from: ctx.config.mail.from,
          to: mail.toAddresses,
          cc: mail.ccAddresses.length ? mail.ccAddresses : undefined,
          replyTo: mail.replyTo ?? undefined,
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? undefined,
          messageId,
          attachments: (mail.attachments as Stored[]).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content, 'base64'),
          })),
        });
        await tx
          .update(outboundMails)
          .set({
            status: 'sent',
            sentAt: ctx.now(),
            messageId,
            attempts: mail.attempts + 1,
            attachments: [],
            lastError: null,
          })
          .where(eq(outboundMails.id, mail.id));
        sent++;
      } catch (err) {
        const attempts = mail.attempts + 1;
        const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
        ctx.log.warn({ mailId: mail.id, attempts, error: message }, 'mail send failed');
        await tx
          .update(outboundMails)
          .set({
            attempts,
            lastError: message,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
            sendAfter: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)),
          })
          .where(eq(outboundMails.id, mail.id));
      }
    }
    return sent;
  });
}

/** Delivers right after the caller's commit instead of at the next sweep; failures wait for the sweep. */
export function deliverSoon(ctx: Ctx): void {
  if (!ctx.config.mail.smtpUrl) return;
  setImmediate(() => {
    deliverQueued({ ...ctx, db: ctx.database.db }).catch((err) =>
      ctx.log.error({ err }, 'mail delivery failed'),
    );
  });
}

export type MailState = { status: string; sentAt: Date | null; lastError: string | null; attempts: number };

/** The newest mail about a record (e.g. a quote), for showing "sent" / "queued" / "failed" on it. */
export async function latestMailFor(
  db: Executor,
  linkType: string,
  linkId: string,
): Promise<MailState | null> {
  const [row] = await db
    .select({
      status: outboundMails.status,
      sentAt: outboundMails.sentAt,
      lastError: outboundMails.lastError,
      attempts: outboundMails.attempts,
    })
    .from(outboundMails)
    .where(and(eq(outboundMails.linkType, linkType), eq(outboundMails.linkId, linkId)))
    .orderBy(sql`${outboundMails.createdAt} desc`)
    .limit(1);
  return row ?? null;
}
