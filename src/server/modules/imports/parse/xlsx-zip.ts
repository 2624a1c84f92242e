import yauzl from 'yauzl';
import { MAX_XLSX_SHARED_STRINGS_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES, MAX_ZIP_RATIO } from './limits.ts';
import { FileFormatError } from './types.ts';

export type XlsxInfo = {
  sheets: string[];
  /** The workbook's sheets as exceljs models them (name, id, relationship id). */
  model: { sheets: { name: string; id: number; rId: string; state: string }[] };
  entries: string[];
};

const MAX_WORKBOOK_XML = 4 * 1024 * 1024;

/**
 * Inspects an XLSX's zip central directory before exceljs touches it: the declared sizes must stay under
 * MAX_XLSX_UNCOMPRESSED_BYTES in total and MAX_ZIP_RATIO per entry (zip bombs), the archive must be
 * complete (a truncated upload has no central directory), and the sheet names are read from
 * xl/workbook.xml in workbook order (the zip order of sheet files is not the tab order).
 */
export const inspectXlsx = async (path: string): Promise<XlsxInfo> => {
  const zip = await openZip(path);
  try {
    const entries: string[] = [];
    let total = 0;
    let workbookXml = '';
    for await (const entry of iterateEntries(zip)) {
      entries.push(entry.fileName);
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (ratio > MAX_ZIP_RATIO && entry.uncompressedSize > 1024 * 1024)
        throw new FileFormatError('zip_bomb', `"${entry.fileName}" expands ${Math.round(ratio)}-fold`);
      if (total > MAX_XLSX_UNCOMPRESSED_BYTES)
        throw new FileFormatError('zip_bomb', 'The workbook expands to more than 1 GiB');
      if (entry.fileName === 'xl/sharedStrings.xml' && entry.uncompressedSize > MAX_XLSX_SHARED_STRINGS_BYTES)
        throw new FileFormatError(
          'xlsx_too_large',
          'The workbook has too much text to import as XLSX; save it as CSV (UTF-8) and import that',
        );
      if (entry.fileName === 'xl/workbook.xml' && entry.uncompressedSize <= MAX_WORKBOOK_XML)
        workbookXml = await readEntry(zip, entry);
    }
    if (!entries.some((e) => e.startsWith('xl/')))
      throw new FileFormatError('wrong_extension', 'The file is a zip archive but not an Excel workbook');
    return { sheets: sheetNames(workbookXml), model: sheetModel(workbookXml), entries };
  } finally {
    zip.close();
  }
};

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(zipError(err)) : resolve(zip),
    ),
  );

const zipError = (err: Error) =>
  /central directory|signature|end of|truncated|unexpected EOF|invalid/i.test(err.message)
    ? new FileFormatError('truncated_zip', `The workbook is damaged or incomplete (${err.message})`)
    : err;

async function* iterateEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => done(e);
      const onEnd = () => done(null);
      const onError = (err: Error) => {
        cleanup();
        reject(zipError(err));
      };
      const done = (e: yauzl.Entry | null) => {
        cleanup();
        resolve(e);
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

const readEntry = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<string>((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(zipError(err));
      const parts: Buffer[] = [];
      stream.on('data', (b: Buffer) => parts.push(b));
      stream.on('error', (e) => reject(zipError(e)));
      stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    }),
  );

const xmlDecode = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
    );
  });

export const sheetNames = (workbookXml: string): string[] =>
  [...workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => xmlDecode(m[1]!));

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** `<sheet name=… sheetId=… r:id=…>` entries of workbook.xml, in exceljs's model shape. */
export const sheetModel = (workbookXml: string): XlsxInfo['model'] => ({
  sheets: [...workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => ({
    name: xmlDecode(attr(m[0], 'name') ?? ''),
    id: Number(attr(m[0], 'sheetId') ?? 0),
    rId: attr(m[0], '(?:\\w+:)?id') ?? '',
    state: attr(m[0], 'state') ?? 'visible',
  })),
});
