import { currencyMinorUnits, toMajorString } from '../../../shared/money.ts';
import type { LineDto } from '../../../shared/sales.ts';
import type { SalesSettings } from '../../../shared/sales-settings.ts';

/**
 * What a sales document (quote, invoice, credit note) says, whatever it is rendered to (PDF, DOCX): the
 * seller from the sales settings, the customer, priced lines, totals and the per-rate tax breakdown, all in
 * integer minor units. Labels, dates and amounts are written in the document's language.
 */
export type SalesDocumentKind = 'quote' | 'invoice' | 'credit_note';
export type DocumentLanguage = 'en' | 'fr' | 'de' | 'da';

export type SalesDocumentCustomer = {
  name: string;
  company?: string | null;
  /** Street, postcode and city, country: one line each. */
  addressLines: string[];
  vatId?: string | null;
};

export type SalesDocument = {
  kind: SalesDocumentKind;
  number: string;
  title?: string | null;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
  validUntil?: string | null;
  dueOn?: string | null;
  /** A quote's version ("Version 2"), an invoice's order or quote number… */
  version?: number | null;
  reference?: string | null;
  language: string;
  currency: string;
  seller: SalesSettings;
  customer: SalesDocumentCustomer;
  lines: LineDto[];
  totals: { net: number; tax: number; gross: number };
  taxBreakdown: { rate: string; net: number; tax: number }[];
  terms?: string | null;
  footer?: string | null;
  /** How to pay (invoices); the seller's bank details are added when given in the settings. */
  paymentInfo?: string | null;
};

type Labels = {
  quote: string;
  invoice: string;
  credit_note: string;
  date: string;
  validUntil: string;
  dueOn: string;
  version: string;
  reference: string;
  to: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxRate: string;
  net: string;
  subtotal: string;
  /** "VAT {rate} on {net}". */
  tax: string;
  total: string;
  terms: string;
  payment: string;
  vatId: string;
  iban: string;
  bic: string;
  bank: string;
  /** "Page {n} of {m}". */
  page: string;
};

export const documentLabels: Record<DocumentLanguage, Labels> = {
  en: {
    quote: 'Quote',
    invoice: 'Invoice',
    credit_note: 'Credit note',
    date: 'Date',
    validUntil: 'Valid until',
    dueOn: 'Due date',
    version: 'Version',
    reference: 'Reference',
    to: 'To',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    taxRate: 'VAT',
    net: 'Net',
    subtotal: 'Net total',
    tax: 'VAT {rate} on {net}',
    total: 'Total',
    terms: 'Terms',
    payment: 'Payment',
    vatId: 'VAT ID',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Bank',
    page: 'Page {n} of {m}',
  },
  fr: {
    quote: 'Devis',
    invoice: 'Facture',
    credit_note: 'Avoir',
    date: 'Date',
    validUntil: 'Valable jusqu’au',
    dueOn: 'Échéance',
    version: 'Version',
    reference: 'Référence',
    to: 'À',
    description: 'Désignation',
    quantity: 'Qté',
    unitPrice: 'Prix unitaire',
    discount: 'Remise',
    taxRate: 'TVA',
    net: 'Montant HT',
    subtotal: 'Total HT',
    tax: 'TVA {rate} sur {net}',
    total: 'Total TTC',
    terms: 'Conditions',
    payment: 'Paiement',
    vatId: 'N° TVA',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Banque',
    page: 'Page {n} sur {m}',
  },
  de: {
    quote: 'Angebot',
    invoice: 'Rechnung',
    credit_note: 'Gutschrift',
    date: 'Datum',
    validUntil: 'Gültig bis',
    dueOn: 'Fällig am',
    version: 'Version',
    reference: 'Referenz',
    to: 'An',
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    taxRate: 'USt.',
    net: 'Netto',
    subtotal: 'Summe netto',
    tax: 'USt. {rate} auf {net}',
    total: 'Gesamtbetrag',
    terms: 'Bedingungen',
    payment: 'Zahlung',
    vatId: 'USt-IdNr.',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Bank',
    page: 'Seite {n} von {m}',
  },
  da: {
    quote: 'Tilbud',
    invoice: 'Faktura',
    credit_note: 'Kreditnota',
    date: 'Dato',
    validUntil: 'Gyldigt til',
    dueOn: 'Forfaldsdato',
    version: 'Version',
    reference: 'Reference',
    to: 'Til',
    description: 'Beskrivelse',
    quantity: 'Antal',
    unitPrice: 'Stykpris',
    discount: 'Rabat',
    taxRate: 'Moms',
    net: 'Netto',
    subtotal: 'I alt ekskl. moms',
    tax: 'Moms {rate} af {net}',
    total: 'I alt',
    terms: 'Betingelser',
    payment: 'Betaling',
    vatId: 'CVR/moms-nr.',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Bank',
    page: 'Side {n} af {m}',
  },
};

const locales: Record<DocumentLanguage, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', da: 'da-DK' };

export const documentLanguage = (lng: string): DocumentLanguage =>
  lng in documentLabels ? (lng as DocumentLanguage) : 'en';

/** Formatting in one language: money from minor units and decimals from strings, never through a float. */
export function documentFormat(lng: string, currency: string) {
  const language = documentLanguage(lng);
  const locale = locales[language];
  const digits = (currencyMinorUnits as Record<string, number>)[currency] ?? 2;
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const labels = documentLabels[language];
  const fill = (text: string, values: Record<string, string>) =>
    text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  return {
    language,
    labels,
    fill,
    money: (minor: number) => money.format(toMajorString(minor, currency) as Intl.StringNumericLiteral),
    decimal: (value: string) => decimal.format(value as Intl.StringNumericLiteral),
    percent: (value: string) => `${decimal.format(value as Intl.StringNumericLiteral)} %`,
    date: (iso: string) => date.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
  };
}
export type DocumentFormat = ReturnType<typeof documentFormat>;

/** The discount of a line as printed: "10 %", "€5.00", both, or empty. */
export function discountText(line: LineDto, f: DocumentFormat): string {
  const parts: string[] = [];
  if (line.discountPercent && line.discountPercent !== '0') parts.push(f.percent(line.discountPercent));
  if (line.discountAmount) parts.push(f.money(line.discountAmount));
  return parts.join(' + ');
}

/** The seller's block: name, address lines and contact details. */
export function sellerLines(seller: SalesSettings, f: DocumentFormat): string[] {
  return [
    ...seller.address
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    seller.email,
    seller.phone,
    seller.website,
    seller.vatId ? `${f.labels.vatId} ${seller.vatId}` : '',
  ].filter(Boolean);
}

/** Bank details and payment text (invoices), for the payment block and the footer. */
export function bankLine(seller: SalesSettings, f: DocumentFormat): string {
  return [
    seller.bankName ? `${f.labels.bank} ${seller.bankName}` : '',
    seller.iban ? `${f.labels.iban} ${seller.iban}` : '',
    seller.bic ? `${f.labels.bic} ${seller.bic}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function documentTitle(doc: SalesDocument, f: DocumentFormat): string {
  return `${f.labels[doc.kind]} ${doc.number}`;
}

/** File name of a rendered document: its number, made safe for a Content-Disposition header. */
export function documentFileName(doc: Pick<SalesDocument, 'number'>, ext: 'pdf' | 'docx'): string {
  return `${doc.number.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}
