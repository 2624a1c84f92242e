import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvText, looksLikeFormula, xlsxText } from './cell-safety.ts';
import type { ExportColumn } from './exports.columns.ts';
import { csvWriter, xlsxWriter } from './exports.writers.ts';

/** Strings that try to start a formula: triggers behind spaces, quotes, tabs, unicode around them. */
const trigger = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠');
const prefix = fc
  .array(fc.constantFrom(' ', '"', "'", '\u00a0', '\n', '\t'), { maxLength: 4 })
  .map((a) => a.join(''));
const hostile = fc
  .tuple(prefix, trigger, fc.string({ unit: 'grapheme', maxLength: 30 }))
  .map(([p, t, rest]) => `${p}${t}${rest}`);
const anyText = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }));

/** How a spreadsheet decides: after leading blanks and quotes, does a formula character come first? */
const spreadsheetSeesFormula = (cell: string) =>
  !cell.startsWith("'") && /^[\s"'\u00a0\u3000]*[=+\-@\t\r＝＋－＠]/u.test(cell);

const column: ExportColumn<{ v: string }> = {
  key: 'v',
  header: { en: 'V', fr: 'V', de: 'V', da: 'V' },
  type: 'text',
  value: (r) => r.v,
};

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await write(out);
  out.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('cell safety', () => {
  it('neutralises every formula start, also behind spaces and quotes, and leaves other text alone', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const cell = csvText(s);
        expect(spreadsheetSeesFormula(cell)).toBe(false);
        expect(cell === s || cell === `'${s}`).toBe(true);
        if (!looksLikeFormula(s)) expect(cell).toBe(s);
      }),
      { numRuns: 2000 },
    );
    for (const s of ['=1+1', ' =HYPERLINK("x")', '"=cmd', "'+1", '\t=1', '\r=1', '-2', '@SUM(A1)', '  \'"=x'])
      expect(csvText(s).startsWith("'")).toBe(true);
    for (const s of ['Møller', 'a=b', 'Jean-Luc', 'x@y.z', '']) expect(csvText(s)).toBe(s);
  });

  it('writes CSV files whose cells, read back, never start a formula', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 20 }), async (values) => {
        const bytes = await collect(async (out) => {
          const w = csvWriter(out, [column], 'en', 'UTC');
          await w.begin([]);
          await w.write(values.map((v) => ({ v })));
          await w.end();
        });
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const rows = parse(bytes, { bom: true, relax_column_count: true }) as string[][];
        expect(rows.slice(1).map((r) => r[0])).toEqual(values.map(csvText));
        for (const r of rows) expect(spreadsheetSeesFormula(r[0] ?? '')).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('writes XLSX text cells that read back as text, never formulas, with the user’s text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 15 }), async (values) => {
        const bytes = await collect(async (out) => {
          const w = xlsxWriter(out, [column], 'en', 'UTC', 'T');
          await w.begin([]);
          await w.write(values.map((v) => ({ v })));
          await w.end();
        });
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as never);
        const ws = wb.worksheets[0]!;
        values.forEach((v, i) => {
          const cell = ws.getCell(i + 2, 1);
          expect(cell.formula).toBeFalsy();
          expect(cell.type === ExcelJS.ValueType.Formula).toBe(false);
          const expected = xlsxText(v);
          if (expected === '') expect(cell.value ?? '').toBe('');
          else expect(cell.value).toBe(expected);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps text XLSX cannot carry out of the file, and nothing else', () => {
    expect(xlsxText('a\u0001b\u000bc')).toBe('abc');
    expect(xlsxText('line\r\nnext\rlast')).toBe('line\nnext\nlast');
    expect(xlsxText('Ørsted 😀 =1')).toBe('Ørsted 😀 =1');
    expect(xlsxText('x'.repeat(40_000))).toHaveLength(32_767);
  });
});
