import {
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
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
import type { FactSheet } from './fact-sheet.data.ts';
import { factSheetLabels } from './fact-sheet.labels.ts';

const FONT = 'Arial';
const BRAND = '1C7ED6';
const run = (text: string, o: { bold?: boolean; size?: number; color?: string } = {}) =>
  new TextRun({ text, font: FONT, bold: o.bold, size: o.size ?? 19, color: o.color });
const para = (text: string, o: { bold?: boolean; size?: number; color?: string } = {}) =>
  new Paragraph({ spacing: { after: 40 }, children: [run(text, o)] });
const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 280, after: 100 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: BRAND, space: 2 } },
    children: [run(text, { bold: true, size: 24, color: BRAND })],
  });
const thin = { style: BorderStyle.SINGLE, size: 2, color: 'DDDDDD' };
const borders = {
  top: thin,
  bottom: thin,
  left: thin,
  right: thin,
  insideHorizontal: thin,
  insideVertical: thin,
};

function table(header: string[] | null, rows: string[][], widths?: number[]) {
  const cell = (text: string, head = false, width?: number) =>
    new TableCell({
      width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined,
      shading: head ? { type: ShadingType.CLEAR, color: 'auto', fill: 'EFF3F8' } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: text.split('\n').map((line) => para(line, { bold: head })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: [
      ...(header
        ? [new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, widths?.[i])) })]
        : []),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, false, widths?.[i])) })),
    ],
  });
}

/** Labelled values as a two-column table (label in bold). */
function pairs(rows: [string, string][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: 30, type: WidthType.PERCENTAGE },
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F8F9FA' },
              children: [para(k, { bold: true })],
            }),
            new TableCell({
              width: { size: 70, type: WidthType.PERCENTAGE },
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children: v.split('\n').map((line) => para(line)),
            }),
          ],
        }),
    ),
  });
}

/** A contact's or company's fact sheet as an editable Word document (A4, page numbers). */
export async function renderFactSheetDocx(s: FactSheet): Promise<Buffer> {
  const L = factSheetLabels[s.language];
  const section = (title: string, header: string[], rows: string[][], widths?: number[]) => [
    heading(title),
    rows.length ? table(header, rows, widths) : para(L.none, { color: '868E96' }),
  ];
  const children = [
    para(s.kind === 'contact' ? L.contactSheet : L.companySheet, { color: '868E96', size: 18 }),
    new Paragraph({ spacing: { after: 60 }, children: [run(s.name, { bold: true, size: 40 })] }),
    ...(s.subtitle ? [para(s.subtitle, { size: 22, color: '495057' })] : []),
    heading(L.details),
    s.details.length ? pairs(s.details) : para(L.none, { color: '868E96' }),
    ...(s.custom.length ? [heading(L.custom), pairs(s.custom)] : []),
    ...(s.kind === 'company' ? section(L.people, [L.name, L.jobTitle, L.email, L.phone], s.people) : []),
    ...section(L.interactions, [L.when, L.channel, L.subject, L.by], s.interactions, [24, 18, 40, 18]),
    ...section(L.deals, [L.title, L.amount, L.expectedClose, L.owner], s.deals),
    heading(L.orders),
    para(L.ordersCount.replace('{count}', s.orders.count)),
    ...(s.orders.rows.length ? [table([L.number, L.date, L.status, L.total], s.orders.rows)] : []),
    ...section(L.revenue, [L.currency, L.lifetime, L.last12], s.revenue),
    ...section(L.tasks, [L.title, L.due, L.priority, L.assignee], s.tasks),
    ...section(L.events, [L.title, L.starts], s.events, [60, 40]),
  ];
  const doc = new Document({
    creator: 'Rapport',
    title: s.name,
    styles: { default: { document: { run: { font: FONT, size: 19 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                children: [
                  run(`${L.generated.replace('{when}', s.generated)} · `, { size: 16, color: '868E96' }),
                  new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 16, color: '868E96' }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const factSheetFileName = (name: string) =>
  `${name.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 80) || 'fact-sheet'}.docx`;
