import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { detectFormat, probeFile } from './probe.ts';
import { collect, tempDir, writeTemp } from './test-helpers.ts';
import { plainNumber } from './xlsx-cells.ts';

const writeWorkbook = async () => {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['Ignore me']);
  const people = wb.addWorksheet('People');
  people.addRow(['Name', 'Born', 'Met', 'Score', 'Phone', 'Active', 'Total', 'Bio', 'Site']);
  people.addRow([
    'Mette Møller',
    new Date(Date.UTC(1990, 2, 15)),
    new Date(Date.UTC(2026, 2, 4, 10, 30, 0)),
    0.1 + 0.2,
    4520123456,
    true,
    { formula: 'D2*10', result: 3 },
    { richText: [{ text: 'Sales ' }, { font: { bold: true }, text: 'lead' }] },
    { text: 'Rapport', hyperlink: 'https://example.com' },
  ]);
  people.addRow([
    'Jürgen Weiß',
    null,
    null,
    1234567890123,
    452012345670,
    false,
    { formula: 'D3+1', result: 1234567890124 },
  ]);
  people.getColumn(2).numFmt = 'dd.mm.yyyy';
  people.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  const file = path.join(tempDir(), 'people.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
};

describe('XLSX reader', () => {
  it('reads a workbook written by exceljs: dates, numbers, booleans, formulas, rich text, links, chosen sheet', async () => {
    const file = await writeWorkbook();
    const probe = await probeFile(file, 'people.xlsx', { sheet: 'People' });
    expect(probe.detected).toEqual({ sheets: ['Notes', 'People'], sheet: 'People' });
    expect(probe.columns).toEqual([
      'Name',
      'Born',
      'Met',
      'Score',
      'Phone',
      'Active',
      'Total',
      'Bio',
      'Site',
    ]);
    const { rows } = await collect(file, { format: 'xlsx', sheet: 'People' });
    expect(rows[0]).toEqual({
      rowNo: 2,
      values: {
        Name: 'Mette Møller',
        Born: '1990-03-15',
        Met: '2026-03-04T10:30:00',
        Score: '0.3',
        Phone: '4520123456',
        Active: 'true',
        Total: '3',
        Bio: 'Sales lead',
        Site: 'Rapport',
      },
    });
    expect(rows[1]!.values).toMatchObject({
      Score: '1234567890123',
      Phone: '452012345670',
      Active: 'false',
      Born: '',
    });
  });

  it('takes the first sheet when none is named and rejects an unknown sheet', async () => {
    const file = await writeWorkbook();
    const probe = await probeFile(file, 'people.xlsx');
    expect(probe.detected.sheet).toBe('Notes');
    expect(probe.columns).toEqual(['Ignore me']);
    await expect(probeFile(file, 'people.xlsx', { sheet: 'Nope' })).rejects.toMatchObject({
      code: 'no_sheet',
    });
  });

  it('reads a workbook saved by LibreOffice (sheet before shared strings in the zip)', async () => {
    const file = path.join(import.meta.dirname, 'fixtures/libreoffice.xlsx');
    expect(await detectFormat(file, 'libreoffice.xlsx')).toBe('xlsx');
    const { rows } = await collect(file, { format: 'xlsx' });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      rowNo: 2,
      values: {
        'First name': 'Mette',
        'Last name': 'Møller',
        Email: 'mette@example.dk',
        Phone: '4520123456',
        Amount: '1234.5',
        Birthday: '1990-03-15',
        Active: 'true',
      },
    });
    expect(rows[1]!.values).toMatchObject({
      'Last name': 'Weiß',
      Phone: '49301234567',
      Amount: '0.1',
      Active: 'false',
    });
  });

  it('rejects a truncated workbook', async () => {
    const full = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/libreoffice.xlsx'));
    const file = writeTemp('cut.xlsx', full.subarray(0, Math.floor(full.length / 2)));
    await expect(probeFile(file, 'cut.xlsx')).rejects.toMatchObject({ code: 'truncated_zip' });
  });

  // 100 MiB of zeros (~100 KiB deflated) trips the same ratio rule as 500 MiB and keeps the test quick:
  // yazl's pure-JS CRC makes every 100 MiB cost about 2 s.
  it('rejects a zip bomb from its central directory, without inflating it', async () => {
    const zip = new yazl.ZipFile();
    const zeros = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) yield Buffer.alloc(1024 * 1024);
      })(),
    );
    zip.addReadStream(zeros, 'xl/worksheets/sheet1.xml');
    zip.addBuffer(Buffer.from('<workbook/>'), 'xl/workbook.xml');
    zip.end();
    const file = path.join(tempDir(), 'bomb.xlsx');
    await pipeline(zip.outputStream, fs.createWriteStream(file));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    await expect(probeFile(file, 'bomb.xlsx')).rejects.toMatchObject({ code: 'zip_bomb' });
  }, 60_000);

  it('rejects a .xlsx that is really a CSV, and a .csv that is really a zip or a PDF', async () => {
    const fake = writeTemp('report.xlsx', 'Name,Email\nMette,m@x.dk\n');
    await expect(detectFormat(fake, 'report.xlsx')).rejects.toMatchObject({
      code: 'wrong_extension',
      message: expect.stringMatching(/Excel workbook.*CSV/),
    });
    const zip = path.join(import.meta.dirname, 'fixtures/libreoffice.xlsx');
    await expect(detectFormat(zip, 'data.csv')).rejects.toMatchObject({ code: 'wrong_extension' });
    const pdf = writeTemp('data.csv', '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n');
    await expect(detectFormat(pdf, 'data.csv')).rejects.toMatchObject({
      code: 'wrong_extension',
      message: expect.stringContaining('PDF'),
    });
  });

  it('formats numbers without float noise or exponents', () => {
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(452012345670)).toBe('452012345670');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(-42)).toBe('-42');
    expect(plainNumber(1234.5)).toBe('1234.5');
  });
});
