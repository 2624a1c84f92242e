import type { Writable } from 'node:stream';
import type { ExportEntity, ExportFormat } from '../../../shared/exports.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { ExportColumn, Lang } from './exports.columns.ts';
import {
  chooseColumns,
  EXPORT_PAGE,
  type ExportSource,
  loadPeople,
  parseListQuery,
} from './exports.source.ts';
import { csvWriter, type RowWriter, vcfWriter, xlsxWriter } from './exports.writers.ts';
import { companySource, contactSource } from './sources.records.ts';
import { dealSource, invoiceSource, orderSource, productSource, taskSource } from './sources.sales.ts';

export const sources: Record<ExportEntity, ExportSource<never, unknown>> = {
  contacts: contactSource as never,
  companies: companySource as never,
  deals: dealSource as never,
  orders: orderSource as never,
  invoices: invoiceSource as never,
  products: productSource as never,
  tasks: taskSource as never,
};

export type ExportRequest = {
  entity: ExportEntity;
  format: ExportFormat;
  query: Record<string, unknown>;
  columns?: string[];
  language: Lang;
  timeZone: string;
};

/** A checked export: the parsed list query and the columns it will write. */
export type PreparedExport = {
  source: ExportSource<unknown, unknown>;
  query: unknown;
  columns: ExportColumn<unknown>[];
  request: ExportRequest;
};

/**
 * Checks an export request the way the list would (query contract, filter fields, columns) so a bad one is
 * refused at once rather than failing later in a job. Throws 4xx AppErrors.
 */
export async function prepareExport(ctx: Ctx, request: ExportRequest): Promise<PreparedExport> {
  const source = sources[request.entity] as unknown as ExportSource<unknown, unknown>;
  if (request.format === 'vcf' && request.entity !== 'contacts')
    throw new AppError('invalid_format', {
      status: 422,
      errors: [{ path: 'format', message: 'vCard exports only contacts' }],
    });
  const query = parseListQuery(source, request.query);
  const all = await source.columns(ctx, request.language, await loadPeople(ctx));
  const columns = chooseColumns(source, all, request.columns);
  // Runs the list's own planning once: unknown filter fields, bad operators and bad sorts answer 400 now.
  await source.page(ctx, query, undefined, 1);
  return { source, query, columns, request };
}

export async function countExport(ctx: Ctx, p: PreparedExport) {
  return p.source.count ? p.source.count(ctx, p.query) : null;
}

/** Localised sheet names. */
const sheetNames: Record<ExportEntity, Record<Lang, string>> = {
  contacts: { en: 'Contacts', fr: 'Contacts', de: 'Kontakte', da: 'Kontakter' },
  companies: { en: 'Companies', fr: 'Entreprises', de: 'Firmen', da: 'Virksomheder' },
  deals: { en: 'Deals', fr: 'Affaires', de: 'Deals', da: 'Salgsmuligheder' },
  orders: { en: 'Orders', fr: 'Commandes', de: 'Aufträge', da: 'Ordrer' },
  invoices: { en: 'Invoices', fr: 'Factures', de: 'Rechnungen', da: 'Fakturaer' },
  products: { en: 'Products', fr: 'Produits', de: 'Produkte', da: 'Produkter' },
  tasks: { en: 'Tasks', fr: 'Tâches', de: 'Aufgaben', da: 'Opgaver' },
};

/** `contacts-2026-12-03.xlsx`, with the entity's name in the export's language. */
export function exportFileName(entity: ExportEntity, format: ExportFormat, lang: Lang, now: Date) {
  return `${sheetNames[entity][lang].toLowerCase()}-${now.toISOString().slice(0, 10)}.${format}`;
}

function writerFor(out: Writable, p: PreparedExport): RowWriter<unknown> {
  const { format, language, timeZone, entity } = p.request;
  if (format === 'vcf') return vcfWriter(out) as RowWriter<unknown>;
  if (format === 'xlsx') return xlsxWriter(out, p.columns, language, timeZone, sheetNames[entity][language]);
  return csvWriter(out, p.columns, language, timeZone);
}

/**
 * Writes every row the list matches to `out`, one keyset page at a time (never OFFSET, never the whole
 * list in memory). `onPage` runs after each page with the rows written so far; it may throw to stop.
 */
export async function writeExport(
  ctx: Ctx,
  p: PreparedExport,
  out: Writable,
  onPage: (rows: number) => Promise<void> = async () => {},
  pageSize = EXPORT_PAGE,
): Promise<number> {
  const writer = writerFor(out, p);
  let cursor: string | undefined;
  let rows = 0;
  let first = true;
  try {
    do {
      const page = await p.source.page(ctx, p.query, cursor, pageSize);
      if (first) {
        await writer.begin(page.data);
        first = false;
      }
      await writer.write(page.data);
      rows += page.data.length;
      cursor = page.nextCursor ?? undefined;
      await onPage(rows);
    } while (cursor);
    await writer.end();
  } catch (err) {
    writer.abort();
    throw err;
  }
  return rows;
}
