import ExcelJS from 'exceljs';
import { type RawRecord, type TabularOptions, tabularRows } from './columns.ts';
import { MAX_COLUMNS } from './limits.ts';
import { FileFormatError, type RowProblem, type SourceRow } from './types.ts';
import { cellText } from './xlsx-cells.ts';
import { inspectXlsx, type XlsxInfo } from './xlsx-zip.ts';

type StreamRow = { number: number; values: unknown; getCell(i: number): { value: unknown; numFmt?: string } };

/** The sheet to read: the named one, else the first in tab order. */
export const chooseSheet = (sheets: string[], wanted?: string): string => {
  if (wanted === undefined) {
    if (sheets.length === 0) throw new FileFormatError('no_sheet', 'The workbook has no sheets');
    return sheets[0]!;
  }
  if (!sheets.includes(wanted))
    throw new FileFormatError(
      'no_sheet',
      `The workbook has no sheet "${wanted}" (sheets: ${sheets.join(', ')})`,
    );
  return wanted;
};

/**
 * Raw records of one sheet, numbered by the sheet's own row numbers. exceljs's streaming reader keeps only
 * the shared-string table in memory (bounded by inspectXlsx); sheets are streamed row by row.
 */
export async function* xlsxRecords(
  path: string,
  sheet: string,
  model?: XlsxInfo['model'],
): AsyncGenerator<RawRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date-formatted numbers from plain ones
    hyperlinks: 'ignore', // a hyperlink cell's value is already its text
    entries: 'ignore',
  });
  // exceljs names a worksheet from workbook.xml; when the zip holds a sheet before workbook.xml (the order
  // of entries varies, also in files exceljs writes) it reads `model.sheets` before it has a model and
  // throws. The model read beforehand with yauzl fills that gap; workbook.xml replaces it when it comes.
  if (model) (reader as unknown as { model: unknown }).model = model;
  let found = false;
  try {
    for await (const ws of reader) {
      if ((ws as unknown as { name?: string }).name !== sheet) continue; // unread sheets are drained
      found = true;
      for await (const row of ws as unknown as AsyncIterable<StreamRow>) {
        const values = row.values as unknown[];
        if (values.length - 1 > MAX_COLUMNS)
          throw new FileFormatError(
            'too_many_columns',
            `Row ${row.number} has more than ${MAX_COLUMNS} columns`,
          );
        const cells: string[] = new Array(Math.max(values.length - 1, 0)).fill('');
        for (let i = 1; i < values.length; i++)
          if (values[i] !== undefined) cells[i - 1] = cellText(row.getCell(i));
        yield { rowNo: row.number, cells };
      }
      break;
    }
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw new FileFormatError('truncated_zip', `The workbook could not be read: ${(err as Error).message}`);
  } finally {
    (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  }
  if (!found) throw new FileFormatError('no_sheet', `The workbook has no readable sheet "${sheet}"`);
}

/** Checks the zip, picks the sheet and streams its data rows. */
export async function* readXlsx(
  path: string,
  sheet: string | undefined,
  opts: TabularOptions & { onSheets?: (sheets: string[], chosen: string) => void },
  onProblem: (p: RowProblem) => void,
): AsyncGenerator<SourceRow> {
  const info = await inspectXlsx(path);
  const chosen = chooseSheet(info.sheets, sheet);
  opts.onSheets?.(info.sheets, chosen);
  yield* tabularRows(xlsxRecords(path, chosen, info.model), { ...opts, strictWidth: false }, onProblem);
}
