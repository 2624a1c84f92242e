import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../exports/index.ts';
import { unneutralise } from './csv-reader.ts';
import { probeFile } from './probe.ts';
import { collect, writeTemp } from './test-helpers.ts';
import { FileFormatError } from './types.ts';

const csv = (name: string, text: string | Buffer) => writeTemp(name, text);

describe('CSV reader', () => {
  it.each([
    [',', 'Name,Email,City\nMette,m@x.dk,Aarhus\n'],
    [';', 'Name;Email;City\n"Møller, Mette";m@x.dk;Aarhus\n'],
    ['\t', 'Name\tEmail\tCity\nMette\tm@x.dk\tAarhus, DK\n'],
    ['|', 'Name|Email|City\nMette|m@x.dk|Aarhus\n'],
  ])('detects the delimiter %j', async (delimiter, text) => {
    const probe = await probeFile(csv('d.csv', text), 'd.csv');
    expect(probe.detected.delimiter).toBe(delimiter);
    expect(probe.columns).toEqual(['Name', 'Email', 'City']);
    expect(probe.sample[0]!.rowNo).toBe(2);
  });

  it.each([
    ['UTF-8 without BOM', Buffer.from('Navn;By\nSøren Ødegård;Århus\n'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.from('\ufeffNavn;By\nSøren Ødegård;Århus\n'), 'utf-8'],
    [
      'UTF-16LE with BOM',
      iconv.encode('Navn;By\nSøren Ødegård;Århus\n', 'utf-16le', { addBOM: true }),
      'utf-16le',
    ],
    ['Windows-1252', iconv.encode('Navn;By\nSøren Ødegård;Århus\n', 'windows-1252'), 'windows-1252'],
  ])('decodes %s', async (_, bytes, encoding) => {
    const file = csv('e.csv', bytes);
    const probe = await probeFile(file, 'e.csv');
    expect(probe.detected.encoding).toBe(encoding);
    expect(probe.columns).toEqual(['Navn', 'By']);
    expect(probe.sample[0]!.values).toEqual({ Navn: 'Søren Ødegård', By: 'Århus' });
  });

  it('decodes é and ß in Windows-1252', async () => {
    const text = 'Name,City\nÉmilie Lefèvre,Orléans\nJürgen Weiß,Straße\n'.repeat(20);
    const { rows } = await collect(csv('w.csv', iconv.encode(text, 'windows-1252')), { format: 'csv' });
    expect(rows[1]!.values).toEqual({ Name: 'Jürgen Weiß', City: 'Straße' });
  });

  it('keeps quoted delimiters, quotes and newlines, with CRLF line ends, and numbers rows by record', async () => {
    const text = 'Name,Note\r\n"Møller, Mette","line 1\r\nline 2 with ""quotes"""\r\nHans,plain\r\n';
    const { rows } = await collect(csv('q.csv', text), { format: 'csv' });
    expect(rows).toEqual([
      { rowNo: 2, values: { Name: 'Møller, Mette', Note: 'line 1\r\nline 2 with "quotes"' } },
      { rowNo: 3, values: { Name: 'Hans', Note: 'plain' } },
    ]);
  });

  it('reports ragged rows with their row number and skips them', async () => {
    const text = 'A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n\n13,14,15\n';
    const { rows, problems } = await collect(csv('r.csv', text), { format: 'csv' });
    expect(rows.map((r) => r.rowNo)).toEqual([2, 5, 7]);
    expect(problems).toEqual([
      {
        rowNo: 3,
        field: null,
        code: 'row_width',
        params: { cells: 2, columns: 3 },
        message: 'Row has 2 cells but the header has 3 columns',
      },
      {
        rowNo: 4,
        field: null,
        code: 'row_width',
        params: { cells: 4, columns: 3 },
        message: 'Row has 4 cells but the header has 3 columns',
      },
    ]);
  });

  it('names columns when there is no header and de-duplicates header names', async () => {
    const a = await collect(csv('h.csv', 'x,y\n1,2\n'), { format: 'csv', hasHeader: false });
    expect(a.rows[0]).toEqual({ rowNo: 1, values: { 'Column 1': 'x', 'Column 2': 'y' } });
    const b = await probeFile(csv('h2.csv', 'Email,email,,Email\n1,2,3,4\n'), 'h2.csv');
    expect(b.columns).toEqual(['Email', 'email (2)', 'Column 3', 'Email (3)']);
  });

  it('rejects a 100k-column header quickly, from the first bytes', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const file = csv('wide.csv', `${header}\n${'1,'.repeat(99_999)}1\n`);
    const started = performance.now();
    await expect(probeFile(file, 'wide.csv')).rejects.toMatchObject({ code: 'too_many_columns' });
    await expect(collect(file, { format: 'csv' })).rejects.toMatchObject({ code: 'too_many_columns' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a 2 MB cell as a row problem naming the column, and keeps reading', async () => {
    const text = `A,B\n1,2\n3,${'x'.repeat(2_000_000)}\n4,5\n`;
    const { rows, problems } = await collect(csv('big.csv', text), { format: 'csv' });
    expect(rows.map((r) => r.rowNo)).toEqual([2, 4]);
    expect(problems).toEqual([
      {
        rowNo: 3,
        field: 'B',
        code: 'cell_too_large',
        params: expect.objectContaining({ column: 'B' }),
        message: expect.stringContaining('larger than'),
      },
    ]);
  });

  it('stops with field_too_large on a 10 MB field (an unclosed quote looks the same)', async () => {
    const text = `A,B\n1,2\n3,"${'x'.repeat(10_000_000)}"\n4,5\n`;
    const err = await collect(csv('huge.csv', text), { format: 'csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect(err).toMatchObject({ code: 'field_too_large', rowNo: 3 });
  });

  it('rejects an empty file and reads a header-only file as no rows', async () => {
    await expect(probeFile(csv('empty.csv', ''), 'empty.csv')).rejects.toMatchObject({ code: 'empty_file' });
    await expect(probeFile(csv('blank.csv', '\n\n'), 'blank.csv')).rejects.toMatchObject({
      code: 'empty_file',
    });
    const probe = await probeFile(csv('head.csv', 'First name,Last name\n'), 'head.csv');
    expect(probe).toMatchObject({ format: 'csv', columns: ['First name', 'Last name'], sample: [] });
  });

  it('reports an unclosed quote at the end as malformed_csv', async () => {
    await expect(collect(csv('bad.csv', 'A,B\n1,"2\n'), { format: 'csv' })).rejects.toMatchObject({
      code: 'malformed_csv',
      rowNo: 2,
    });
  });

  it('uses given columns by position', async () => {
    const { rows } = await collect(csv('c.csv', 'a,b\n1,2\n'), { format: 'csv', columns: ['X', 'Y'] });
    expect(rows).toEqual([{ rowNo: 2, values: { X: '1', Y: '2' } }]);
  });

  it('takes back exactly the quote a CSV export put before formula-like text, and nothing else', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc
        .tuple(
          fc.constantFrom('', "'", "''", ' ', '"'),
          fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', 'a', "'"),
          fc.string({ maxLength: 10 }),
        )
        .map((p) => p.join('')),
    );
    fc.assert(fc.property(text, (t) => unneutralise(csvText(t)) === t));
    const file = csv('neutralised.csv', `Name,Note\n'=HYPERLINK("x"),'plain\n'-5,''=quoted\n`);
    const { rows } = await collect(file, { format: 'csv' });
    expect(rows.map((r) => Object.values(r.values))).toEqual([
      ['=HYPERLINK("x")', "'plain"],
      ['-5', "'=quoted"],
    ]);
  });
});
