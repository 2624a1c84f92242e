import { eq } from 'drizzle-orm';
import type { InvoiceDetailDto, SendInvoiceInput } from '../../../shared/invoices.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { createInteraction } from '../interactions/index.ts';
import { deliverSoon, queueMail } from '../mail/index.ts';
import {
  documentFormat,
  documentRecipient,
  escapeHtml,
  fillText,
  getSalesSettings,
  paragraphsHtml,
} from '../sales/index.ts';
import { invoicePdf } from './invoices.pdf.ts';
import { invoices } from './invoices.schema.ts';
import { getInvoice } from './invoices.service.ts';

type Texts = {
  subject: { invoice: string; credit_note: string };
  greeting: string;
  body: { invoice: string; credit_note: string };
  due: string;
  paid: string;
  bank: string;
  regards: string;
  sent: { invoice: string; credit_note: string };
};

const texts: Record<string, Texts> = {
  en: {
    subject: { invoice: 'Invoice {number} from {seller}', credit_note: 'Credit note {number} from {seller}' },
    greeting: 'Hello {name},',
    body: {
      invoice: 'Please find our invoice {number} attached.',
      credit_note: 'Please find our credit note {number} attached.',
    },
    due: 'Amount due: {amount}, payable by {date}.',
    paid: 'This invoice is paid in full. Thank you.',
    bank: 'Bank transfer to {iban}{bic}, with the reference {number}.',
    regards: 'Kind regards',
    sent: { invoice: 'Invoice {number} sent', credit_note: 'Credit note {number} sent' },
  },
  fr: {
    subject: { invoice: 'Facture {number} de {seller}', credit_note: 'Avoir {number} de {seller}' },
    greeting: 'Bonjour {name},',
    body: {
      invoice: 'Veuillez trouver ci-joint notre facture {number}.',
      credit_note: 'Veuillez trouver ci-joint notre avoir {number}.',
    },
    due: 'Montant dû : {amount}, à régler avant le {date}.',
    paid: 'Cette facture est entièrement réglée. Merci.',
    bank: 'Virement sur {iban}{bic}, avec la référence {number}.',
    regards: 'Cordialement',
    sent: { invoice: 'Facture {number} envoyée', credit_note: 'Avoir {number} envoyé' },
  },
  de: {
    subject: { invoice: 'Rechnung {number} von {seller}', credit_note: 'Gutschrift {number} von {seller}' },
    greeting: 'Guten Tag {name},',
    body: {
      invoice: 'anbei erhalten Sie unsere Rechnung {number}.',
      credit_note: 'anbei erhalten Sie unsere Gutschrift {number}.',
    },
    due: 'Offener Betrag: {amount}, zahlbar bis {date}.',
    paid: 'Diese Rechnung ist vollständig bezahlt. Vielen Dank.',
    bank: 'Überweisung auf {iban}{bic}, Verwendungszweck {number}.',
    regards: 'Mit freundlichen Grüßen',
    sent: { invoice: 'Rechnung {number} gesendet', credit_note: 'Gutschrift {number} gesendet' },
  },
  da: {
    subject: { invoice: 'Faktura {number} fra {seller}', credit_note: 'Kreditnota {number} fra {seller}' },
    greeting: 'Kære {name}',
    body: {
      invoice: 'Vedhæftet finder du vores faktura {number}.',
      credit_note: 'Vedhæftet finder du vores kreditnota {number}.',
    },
    due: 'Beløb til betaling: {amount}, senest {date}.',
    paid: 'Fakturaen er betalt. Tak.',
    bank: 'Bankoverførsel til {iban}{bic}, med referencen {number}.',
    regards: 'Med venlig hilsen',
    sent: { invoice: 'Faktura {number} sendt', credit_note: 'Kreditnota {number} sendt' },
  },
};

/**
 * Mails an invoice or credit note with its PDF attached, in the document's language: what is still due and by
 * when, and the seller's bank details with the number as reference. The mail is queued in the transaction
 * (it leaves after the commit, at once when mail is configured) and logged on the customer's timeline as an
 * outgoing e-mail of accounting. Sending again sends again (a copy, or a reminder with its own text). A void
 * document is not sent (409); without an address given or on file → 422.
 */
export async function sendInvoice(ctx: Ctx, id: string, input: SendInvoiceInput): Promise<InvoiceDetailDto> {
  const settings = await getSalesSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
    if (!locked) throw notFound('invoice');
    if (locked.status === 'void')
      throw new AppError('invoice_void', { status: 409, detail: 'A void document is not sent.' });
    const txCtx = { ...ctx, db: tx };
    const inv = await getInvoice(txCtx, id);
    const customer = await documentRecipient(tx, locked.contactId, locked.companyId);
    const to = input.to ?? (customer.email ? [customer.email] : null);
    if (!to) throw invalid([{ path: 'to', message: 'The customer has no e-mail address; give one' }]);

    const { fileName, pdf } = await invoicePdf(txCtx, id);
    const t = texts[inv.language] ?? texts.en!;
    const f = documentFormat(inv.language, inv.currency);
    const kind = inv.kind;
    const values = {
      number: inv.number,
      seller: settings.companyName,
      name: customer.name || customer.company || '',
      amount: f.money(inv.balance),
      date: f.date(inv.dueOn),
      iban: settings.iban,
      bic: settings.bic ? ` (BIC ${settings.bic})` : '',
    };
    const subject = input.subject ?? fillText(t.subject[kind], values);
    const payment =
      kind === 'invoice'
        ? [
            inv.balance > 0 ? fillText(t.due, values) : fillText(t.paid, values),
            ...(inv.balance > 0 && settings.iban ? [fillText(t.bank, values)] : []),
          ]
        : [];
    const paragraphs = [
      fillText(t.greeting, values),
      input.message?.trim() || fillText(t.body[kind], values),
      ...payment,
      `${t.regards}\n${ctx.user.via === 'system' ? settings.companyName : ctx.user.name}\n${settings.companyName}`,
    ];
    await queueMail(tx, {
      to,
      cc: input.cc ?? [],
      replyTo: settings.email || (ctx.user.via === 'system' ? null : ctx.user.email),
      subject,
      text: paragraphs.join('\n\n'),
      html: paragraphsHtml(paragraphs),
      attachments: [{ filename: fileName, contentType: 'application/pdf', content: pdf }],
      linkType: 'invoice',
      linkId: id,
      contactId: locked.contactId,
      createdById: ctx.user.via === 'system' ? null : ctx.user.id,
      sendAfter: ctx.now(),
    });
    await createInteraction(txCtx, {
      channel: 'email',
      direction: 'out',
      touchpoint: 'accounting',
      subject,
      body: `<p>${escapeHtml(fillText(t.sent[kind], values))} → ${escapeHtml(to.join(', '))}</p>`,
      contactId: locked.contactId,
      companyId: locked.companyId,
      userId: locked.ownerId ?? (ctx.user.via === 'system' ? null : ctx.user.id),
      links: [{ type: 'invoice', id }],
    });
  });
  deliverSoon(ctx);
  return getInvoice(ctx, id);
}
