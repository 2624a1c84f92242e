import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  bankLine,
  discountText,
  documentFormat,
  documentTitle,
  type SalesDocument,
  sellerLines,
} from './document-text.ts';

const FONT = 'Arial';
const hex = (colour: string) => colour.replace('#', '').toUpperCase();

type RunOpts = { bold?: boolean; size?: number; color?: string };
const run = (text: string, o: RunOpts = {}) =>
  new TextRun({ text, font: FONT, bold: o.bold, size: o.size ?? 19, color: o.color });
/** A paragraph per line of text (Word keeps no newlines inside a run). */
const lines = (
  text: string,
  o: RunOpts & { align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) =>
  text
    .split('\n')
    .map((l) => new Paragraph({ alignment: o.align, spacing: { after: 0 }, children: [run(l, o)] }));

const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

/** The same document as `renderSalesDocumentPdf`, as an editable Word file (A4, page numbers in the footer). */
export async function renderSalesDocumentDocx(doc: SalesDocument): Promise<Buffer> {
  const f = documentFormat(doc.language, doc.currency);
  const L = f.labels;
  const brand = hex(doc.seller.brandColor);

  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: [
              new Paragraph({
                children: [run(doc.seller.companyName, { bold: true, size: 32, color: brand })],
              }),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: lines(sellerLines(doc.seller, f).join('\n') || ' ', {
              size: 16,
              color: '555555',
              align: AlignmentType.RIGHT,
            }),
          }),
        ],
      }),
    ],
  });

  const customer = [
    doc.customer.company && doc.customer.company !== doc.customer.name ? doc.customer.company : null,
    doc.customer.name,
    ...doc.customer.addressLines,
    doc.customer.vatId ? `${L.vatId} ${doc.customer.vatId}` : null,
  ].filter((l): l is string => Boolean(l));
  const facts: [string, string][] = [[L.date, f.date(doc.issuedOn)]];
  if (doc.validUntil) facts.push([L.validUntil, f.date(doc.validUntil)]);
  if (doc.dueOn) facts.push([L.dueOn, f.date(doc.dueOn)]);
  if (doc.version && doc.version > 1) facts.push([L.version, String(doc.version)]);
  if (doc.reference) facts.push([L.reference, doc.reference]);

  const addressBlock = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 55, type: WidthType.PERCENTAGE },
            children: [
              new Paragraph({ children: [run(L.to.toUpperCase(), { bold: true, size: 16, color: brand })] }),
              ...lines(customer.join('\n'), { size: 20 }),
            ],
          }),
          new TableCell({
            width: { size: 45, type: WidthType.PERCENTAGE },
            children: facts.map(
              ([label, value]) =>
                new Paragraph({
                  alignment: AlignmentType.RIGHT,
                  children: [run(`${label}: `, { color: '555555' }), run(value, { bold: true })],
                }),
            ),
          }),
        ],
      }),
    ],
  });

  const widths = [40, 9, 14, 11, 8, 18];
  const aligns = [AlignmentType.LEFT, ...Array(5).fill(AlignmentType.RIGHT)];
  const cell = (text: string, i: number, headerRow: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.PERCENTAGE },
      shading: headerRow ? { type: ShadingType.SOLID, color: brand, fill: brand } : undefined,
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
      children: lines(text, { bold: headerRow, color: headerRow ? 'FFFFFF' : undefined, align: aligns[i] }),
    });
  const lineTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [L.description, L.quantity, L.unitPrice, L.discount, L.taxRate, L.net].map((h, i) =>
          cell(h, i, true),
        ),
      }),
      ...doc.lines.map(
        (l) =>
          new TableRow({
            cantSplit: true,
            children: [
              l.sku ? `${l.description}\n${l.sku}` : l.description,
              f.decimal(l.quantity),
              f.money(l.unitPrice),
              discountText(l, f),
              f.percent(l.taxRate),
              f.money(l.net),
            ].map((c, i) => cell(c, i, false)),
          }),
      ),
    ],
  });

  const totals: [string, string, boolean][] = [[L.subtotal, f.money(doc.totals.net), false]];
  for (const b of doc.taxBreakdown)
    totals.push([f.fill(L.tax, { rate: f.percent(b.rate), net: f.money(b.net) }), f.money(b.tax), false]);
  totals.push([L.total, f.money(doc.totals.gross), true]);
  const totalsTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: totals.map(
      ([label, value, strong]) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: 45, type: WidthType.PERCENTAGE }, children: [new Paragraph('')] }),
            new TableCell({
              width: { size: 35, type: WidthType.PERCENTAGE },
              children: [new Paragraph({ children: [run(label, { bold: strong, size: strong ? 22 : 19 })] })],
            }),
            new TableCell({
              width: { size: 20, type: WidthType.PERCENTAGE },
              children: [
                new Paragraph({
                  alignment: AlignmentType.RIGHT,
                  children: [run(value, { bold: strong, size: strong ? 22 : 19 })],
                }),
              ],
            }),
          ],
        }),
    ),
  });

  const section = (heading: string, body: string) => [
    new Paragraph({
      spacing: { before: 240 },
      children: [run(heading.toUpperCase(), { bold: true, size: 16, color: brand })],
    }),
    ...lines(body),
  ];
  const bank = bankLine(doc.seller, f);
  const payment = [doc.paymentInfo?.trim(), doc.kind !== 'quote' ? bank : ''].filter(Boolean).join('\n');
  const footerText = [
    doc.footer?.trim() ||
      [doc.seller.companyName, doc.seller.vatId ? `${L.vatId} ${doc.seller.vatId}` : '']
        .filter(Boolean)
        .join(' · '),
    bank,
  ]
    .filter(Boolean)
    .join(' · ');
  const [before, middle, after] = (() => {
    const [a = '', rest = ''] = L.page.split('{n}');
    const [b = '', c = ''] = rest.split('{m}');
    return [a, b, c];
  })();

  const document = new Document({
    creator: 'Rapport',
    title: documentTitle(doc, f),
    styles: { default: { document: { run: { font: FONT, size: 19 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 900, bottom: 900, left: 1000, right: 1000 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ children: [run(footerText, { size: 14, color: '555555' })] }),
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    font: FONT,
                    size: 14,
                    color: '555555',
                    children: [before, PageNumber.CURRENT, middle, PageNumber.TOTAL_PAGES, after],
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          header,
          new Paragraph({
            spacing: { before: 360 },
            children: [run(documentTitle(doc, f), { bold: true, size: 36 })],
          }),
          ...(doc.title
            ? [new Paragraph({ children: [run(doc.title, { size: 22, color: '555555' })] })]
            : []),
          new Paragraph(''),
          addressBlock,
          new Paragraph(''),
          lineTable,
          new Paragraph(''),
          totalsTable,
          ...(doc.terms?.trim() ? section(L.terms, doc.terms.trim()) : []),
          ...(payment ? section(L.payment, payment) : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
