import { eq } from 'drizzle-orm';
import type { InvoiceDetailDto } from '../../../shared/invoices.ts';
import type { Ctx } from '../../http/context.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import {
  documentFileName,
  documentFormat,
  getSalesSettings,
  renderSalesDocumentPdf,
  type SalesDocument,
  type SalesDocumentCustomer,
} from '../sales/index.ts';
import { getInvoice } from './invoices.service.ts';

type Address = { street?: string; postalCode?: string; city?: string; region?: string; country?: string };

const addressLines = (a: Address | null | undefined): string[] => {
  if (!a) return [];
  const city = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.street, city, a.region, a.country].map((v) => (v ?? '').trim()).filter(Boolean);
};

/** Who the invoice is to: the contact and/or company, the billing address of the order or theirs. */
async function customerOf(ctx: Ctx, inv: InvoiceDetailDto, billing: unknown): Promise<SalesDocumentCustomer> {
  const [company] = inv.companyId
    ? await ctx.db
        .select({ addresses: companies.addresses, vatId: companies.vatId })
        .from(companies)
        .where(eq(companies.id, inv.companyId))
    : [];
  const [contact] = inv.contactId
    ? await ctx.db
        .select({ addresses: contacts.addresses })
        .from(contacts)
        .where(eq(contacts.id, inv.contactId))
    : [];
  const fallback =
    (company?.addresses as Address[] | undefined)?.[0] ?? (contact?.addresses as Address[] | undefined)?.[0];
  const lines = addressLines(billing as Address | null);
  return {
    name: inv.contactName ?? inv.companyName ?? '',
    company: inv.contactName ? inv.companyName : null,
    addressLines: lines.length ? lines : addressLines(fallback),
    vatId: company?.vatId ?? null,
  };
}

/** The invoice or credit note as a branded PDF in its language (`src/server/modules/sales/document-pdf.ts`). */
export async function invoicePdf(ctx: Ctx, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  const inv = await getInvoice(ctx, id);
  const seller = await getSalesSettings(ctx.db);
  const f = documentFormat(inv.language, inv.currency);
  const doc: SalesDocument = {
    kind: inv.kind,
    number: inv.number,
    issuedOn: inv.issuedOn,
    dueOn: inv.kind === 'invoice' ? inv.dueOn : null,
    reference:
      inv.kind === 'credit_note'
        ? `${f.labels.invoice} ${inv.creditedInvoiceNumber ?? ''}`.trim()
        : inv.orderNumber,
    language: inv.language,
    currency: inv.currency,
    seller,
    customer: await customerOf(ctx, inv, null),
    lines: inv.lines,
    totals: inv.totals,
    taxBreakdown: inv.taxBreakdown,
    terms: inv.note,
    footer: seller.invoiceFooter || null,
    paymentInfo: inv.kind === 'invoice' ? `${f.labels.dueOn} ${f.date(inv.dueOn)} · ${inv.number}` : null,
  };
  return { fileName: documentFileName(doc, 'pdf'), pdf: await renderSalesDocumentPdf(doc) };
}
