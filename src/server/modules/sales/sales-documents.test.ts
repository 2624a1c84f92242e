import { strFromU8, unzipSync } from 'fflate';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { priceLines } from '../../../shared/sales.ts';
import { defaultSalesSettings } from '../../../shared/sales-settings.ts';
import { renderSalesDocumentDocx } from './document-docx.ts';
import { renderSalesDocumentPdf } from './document-pdf.ts';
import { documentFileName, type SalesDocument } from './document-text.ts';

async function pdfText(body: Buffer) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(body) }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++)
    text += `${(await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
  return text;
}

const priced = priceLines([
  { description: 'Vélo cargo « Œuvre »', quantity: '1', unitPrice: 349_900, taxRate: '20' },
  { description: 'Livre', quantity: '2', unitPrice: 1_250, discountPercent: '10', taxRate: '5.5' },
]);
const invoice: SalesDocument = {
  kind: 'invoice',
  number: 'INV-2026-0042',
  issuedOn: '2026-11-23',
  dueOn: '2026-12-23',
  reference: 'SO-2026-0007',
  language: 'fr',
  currency: 'EUR',
  seller: {
    ...defaultSalesSettings,
    companyName: 'Nordlys Cykler ApS',
    vatId: 'DK12345678',
    iban: 'DK5000400440116243',
    bic: 'DABADKKK',
  },
  customer: {
    name: 'Amélie Lefèvre',
    company: 'Cycles Lefèvre SARL',
    addressLines: ['1 rue de Łódź', '75001 Paris'],
  },
  ...priced,
  paymentInfo: 'Virement sous 30 jours.',
  footer: 'Nordlys Cykler ApS · CVR 12345678',
};

describe('sales documents (quotes, invoices, credit notes)', () => {
  it('renders an invoice in French: labels, dates and money in the language, bank details, due date', async () => {
    const text = await pdfText(await renderSalesDocumentPdf(invoice));
    expect(text).toContain('Facture INV-2026-0042');
    expect(text).toContain('Échéance');
    expect(text).toContain('23 décembre 2026');
    expect(text).toContain('Vélo cargo « Œuvre »');
    expect(text).toMatch(/3\s?499,00\s?€/);
    expect(text).toContain('TVA 5,5 %');
    expect(text).toContain('IBAN DK5000400440116243');
    expect(text).toContain('Virement sous 30 jours.');
    expect(text).toContain('Nordlys Cykler ApS · CVR 12345678');
    expect(text).toContain('Page 1 sur 1');
  });

  it('names a credit note as such, in Danish, and writes the same text to Word', async () => {
    const note: SalesDocument = { ...invoice, kind: 'credit_note', number: 'CN-2026-0003', language: 'da' };
    expect(await pdfText(await renderSalesDocumentPdf(note))).toContain('Kreditnota CN-2026-0003');
    const xml = strFromU8(
      unzipSync(new Uint8Array(await renderSalesDocumentDocx(note)))['word/document.xml']!,
    );
    expect(xml).toContain('Kreditnota CN-2026-0003');
    expect(xml).toContain('Vélo cargo « Œuvre »');
    expect(documentFileName(note, 'pdf')).toBe('CN-2026-0003.pdf');
  });
});
