import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import {
  bankLine,
  discountText,
  documentFormat,
  documentTitle,
  type SalesDocument,
  sellerLines,
} from './document-text.ts';

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
/** DejaVu Sans covers every Latin script (ø, ß, é, Ł, ő…): embedded, subset, with a ToUnicode map. */
const FONT = path.join(fontDir, 'DejaVuSans.ttf');
const FONT_BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

const MARGIN = 50;
const FOOTER_SPACE = 46;
const GREY = '#555555';
const RULE = '#d0d0d0';

type Column = { key: string; width: number; align: 'left' | 'right' };

/**
 * Renders a quote, invoice or credit note to an A4 PDF: the seller's name in the brand colour, addresses,
 * dates, a lines table (repeated header on each page), the tax breakdown per rate, totals, terms, payment
 * details, and "Page n of m" with the seller's details in the footer of every page.
 */
export async function renderSalesDocumentPdf(doc: SalesDocument): Promise<Buffer> {
  const f = documentFormat(doc.language, doc.currency);
  const L = f.labels;
  const brand = doc.seller.brandColor;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    lang: f.language,
    info: {
      Title: documentTitle(doc, f),
      Author: doc.seller.companyName,
      Creator: 'Rapport',
      CreationDate: new Date(`${doc.issuedOn.slice(0, 10)}T00:00:00Z`),
    },
  });
  pdf.registerFont('Sans', FONT);
  pdf.registerFont('Sans-Bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;

  // Brand bar and the seller.
  pdf.rect(0, 0, pdf.page.width, 8).fill(brand);
  pdf
    .fillColor(brand)
    .font('Sans-Bold')
    .fontSize(18)
    .text(doc.seller.companyName, left, MARGIN, {
      width: width / 2,
    });
  const sellerTop = MARGIN;
  pdf
    .fillColor(GREY)
    .font('Sans')
    .fontSize(8.5)
    .text(sellerLines(doc.seller, f).join('\n'), left + width / 2, sellerTop, {
      width: width / 2,
      align: 'right',
    });
  let y = Math.max(pdf.y, MARGIN + 40) + 24;

  // Title and the document's facts.
  pdf.fillColor('#000000').font('Sans-Bold').fontSize(20).text(documentTitle(doc, f), left, y, { width });
  y = pdf.y + 2;
  if (doc.title) {
    pdf.font('Sans').fontSize(11).fillColor(GREY).text(doc.title, left, y, { width });
    y = pdf.y;
  }
  y += 14;

  const blockTop = y;
  pdf.font('Sans-Bold').fontSize(8.5).fillColor(brand).text(L.to.toUpperCase(), left, blockTop);
  const customer = [
    doc.customer.company && doc.customer.company !== doc.customer.name ? doc.customer.company : null,
    doc.customer.name,
    ...doc.customer.addressLines,
    doc.customer.vatId ? `${L.vatId} ${doc.customer.vatId}` : null,
  ].filter((l): l is string => Boolean(l));
  pdf
    .font('Sans')
    .fontSize(10)
    .fillColor('#000000')
    .text(customer.join('\n'), left, pdf.y + 2, { width: width / 2 - 10 });
  const customerBottom = pdf.y;

  const facts: [string, string][] = [[L.date, f.date(doc.issuedOn)]];
  if (doc.validUntil) facts.push([L.validUntil, f.date(doc.validUntil)]);
  if (doc.dueOn) facts.push([L.dueOn, f.date(doc.dueOn)]);
  if (doc.version && doc.version > 1) facts.push([L.version, String(doc.version)]);
  if (doc.reference) facts.push([L.reference, doc.reference]);
  let fy = blockTop;
  const factX = left + width / 2 + 40;
  const factW = width / 2 - 40;
  for (const [label, value] of facts) {
    pdf
      .font('Sans')
      .fontSize(9)
      .fillColor(GREY)
      .text(label, factX, fy, { width: factW / 2 });
    pdf
      .font('Sans-Bold')
      .fontSize(9)
      .fillColor('#000000')
      .text(value, factX + factW / 2, fy, { width: factW / 2, align: 'right' });
    fy = pdf.y + 3;
  }
  y = Math.max(customerBottom, fy) + 22;

  // Lines.
  const columns: Column[] = [
    { key: 'description', width: width - 300, align: 'left' },
    { key: 'quantity', width: 45, align: 'right' },
    { key: 'unitPrice', width: 75, align: 'right' },
    { key: 'discount', width: 55, align: 'right' },
    { key: 'taxRate', width: 40, align: 'right' },
    { key: 'net', width: 85, align: 'right' },
  ];
  const PAD = 4;
  const rowFont = (header?: boolean) => pdf.font(header ? 'Sans-Bold' : 'Sans').fontSize(header ? 8.5 : 9.5);
  const drawRow = (cells: string[], opts: { header?: boolean } = {}) => {
    rowFont(opts.header);
    const heights = cells.map((c, i) => pdf.heightOfString(c, { width: columns[i]!.width - 2 * PAD }));
    const h = Math.max(...heights) + 2 * PAD + 2;
    if (y + h > bottom()) {
      pdf.addPage();
      y = MARGIN;
      if (!opts.header) drawHeader();
      rowFont(opts.header);
    }
    if (opts.header) pdf.rect(left, y, width, h).fill(brand);
    let x = left;
    cells.forEach((c, i) => {
      const col = columns[i]!;
      pdf
        .fillColor(opts.header ? '#ffffff' : '#000000')
        .text(c, x + PAD, y + PAD + 1, { width: col.width - 2 * PAD, align: col.align });
      x += col.width;
    });
    y += h;
    if (!opts.header)
      pdf
        .moveTo(left, y)
        .lineTo(left + width, y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
  };
  const drawHeader = () =>
    drawRow([L.description, L.quantity, L.unitPrice, L.discount, L.taxRate, L.net], { header: true });
  drawHeader();
  for (const line of doc.lines) {
    const description = line.sku ? `${line.description}\n${line.sku}` : line.description;
    drawRow([
      description,
      f.decimal(line.quantity),
      f.money(line.unitPrice),
      discountText(line, f),
      f.percent(line.taxRate),
      f.money(line.net),
    ]);
  }

  // Totals with the breakdown per tax rate.
  y += 10;
  const totals: [string, string, boolean][] = [[L.subtotal, f.money(doc.totals.net), false]];
  for (const b of doc.taxBreakdown)
    totals.push([f.fill(L.tax, { rate: f.percent(b.rate), net: f.money(b.net) }), f.money(b.tax), false]);
  totals.push([L.total, f.money(doc.totals.gross), true]);
  const totalsX = left + width - 280;
  if (y + totals.length * 18 + 10 > bottom()) {
    pdf.addPage();
    y = MARGIN;
  }
  for (const [label, value, strong] of totals) {
    if (strong) {
      pdf
        .moveTo(totalsX, y)
        .lineTo(left + width, y)
        .lineWidth(1)
        .strokeColor(brand)
        .stroke();
      y += 4;
    }
    pdf
      .font(strong ? 'Sans-Bold' : 'Sans')
      .fontSize(strong ? 11 : 9.5)
      .fillColor('#000000');
    pdf.text(label, totalsX, y, { width: 180 });
    pdf.text(value, totalsX + 180, y, { width: 100, align: 'right' });
    y = pdf.y + 4;
  }

  // Terms, payment, footer text.
  const block = (heading: string, body: string) => {
    pdf.font('Sans').fontSize(9.5);
    const h = pdf.heightOfString(body, { width }) + 18;
    if (y + Math.min(h, 60) > bottom()) {
      pdf.addPage();
      y = MARGIN;
    }
    pdf.font('Sans-Bold').fontSize(9).fillColor(brand).text(heading.toUpperCase(), left, y, { width });
    pdf
      .font('Sans')
      .fontSize(9.5)
      .fillColor('#000000')
      .text(body, left, pdf.y + 2, { width });
    y = pdf.y + 14;
  };
  y += 16;
  if (doc.terms?.trim()) block(L.terms, doc.terms.trim());
  const bank = bankLine(doc.seller, f);
  const payment = [doc.paymentInfo?.trim(), doc.kind !== 'quote' ? bank : ''].filter(Boolean).join('\n');
  if (payment) block(L.payment, payment);

  // Footer on every page: the seller's registration details and page numbers.
  const footer = [
    doc.footer?.trim() ||
      [doc.seller.companyName, doc.seller.vatId ? `${L.vatId} ${doc.seller.vatId}` : '']
        .filter(Boolean)
        .join(' · '),
    bank,
  ]
    .filter(Boolean)
    .join('\n');
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const fyTop = pdf.page.height - MARGIN - 26;
    pdf
      .moveTo(left, fyTop - 6)
      .lineTo(left + width, fyTop - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    pdf
      .font('Sans')
      .fontSize(7.5)
      .fillColor(GREY)
      .text(footer, left, fyTop, { width: width - 90, lineBreak: true });
    pdf.text(f.fill(L.page, { n: String(i + 1), m: String(range.count) }), left + width - 90, fyTop, {
      width: 90,
      align: 'right',
    });
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  return done;
}
