import { eq } from 'drizzle-orm';
import type { AddressEntry } from '../../../shared/crm.ts';
import type { LineDto } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import {
  documentFileName,
  getSalesSettings,
  renderSalesDocumentDocx,
  renderSalesDocumentPdf,
  type SalesDocument,
} from '../sales/index.ts';
import { quotes } from './quotes.schema.ts';
import { loadVersion } from './quotes.service.ts';

const countryName = (code: string, lng: string) => {
  try {
    return new Intl.DisplayNames([lng], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** An address as printed: street, postcode and city, country in the document's language. */
export function addressLines(a: AddressEntry | undefined, lng: string): string[] {
  if (!a) return [];
  return [
    a.street,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.region,
    a.country ? countryName(a.country, lng) : '',
  ]
    .flatMap((l) => l.split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The billing address when there is one, else the first. */
const pickAddress = (list: unknown) => {
  const all = (Array.isArray(list) ? list : []) as AddressEntry[];
  return all.find((a) => a.label === 'billing') ?? all[0];
};

/** A quote version as a sales document, ready to render. */
export async function quoteDocument(db: Executor, id: string, versionNo?: number): Promise<SalesDocument> {
  const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
  if (!q || q.deletedAt) throw notFound('quote');
  const v = await loadVersion(db, id, versionNo ?? q.currentVersion);
  if (!v) throw notFound('quote_version');
  const [contact] = q.contactId
    ? await db
        .select({
          firstName: contacts.firstName,
          lastName: contacts.lastName,
          addresses: contacts.addresses,
        })
        .from(contacts)
        .where(eq(contacts.id, q.contactId))
    : [];
  const [company] = q.companyId
    ? await db
        .select({ name: companies.name, addresses: companies.addresses, vatId: companies.vatId })
        .from(companies)
        .where(eq(companies.id, q.companyId))
    : [];
  const person = contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : '';
  const address = pickAddress(company?.addresses) ?? pickAddress(contact?.addresses);
  const issued = v.versionNo === q.currentVersion && q.sentAt ? q.sentAt : v.createdAt;
  return {
    kind: 'quote',
    number: q.number,
    title: q.title,
    issuedOn: issued.toISOString().slice(0, 10),
    validUntil: v.validUntil,
    version: v.versionNo,
    language: q.language,
    currency: q.currency,
    seller: await getSalesSettings(db),
    customer: {
      name: person || company?.name || '',
      company: company?.name ?? null,
      addressLines: addressLines(address, q.language),
      vatId: company?.vatId ?? null,
    },
    lines: v.lines as LineDto[],
    totals: { net: v.net, tax: v.tax, gross: v.gross },
    taxBreakdown: v.taxBreakdown as SalesDocument['taxBreakdown'],
    terms: v.terms,
  };
}

export async function quotePdf(db: Executor, id: string, versionNo?: number) {
  const doc = await quoteDocument(db, id, versionNo);
  return { filename: documentFileName(doc, 'pdf'), body: await renderSalesDocumentPdf(doc), doc };
}

export async function quoteDocx(db: Executor, id: string, versionNo?: number) {
  const doc = await quoteDocument(db, id, versionNo);
  return { filename: documentFileName(doc, 'docx'), body: await renderSalesDocumentDocx(doc), doc };
}
