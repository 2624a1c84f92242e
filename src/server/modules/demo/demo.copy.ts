import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../db/client.ts';

/**
 * Bulk loading through COPY (text format) on both databases: a streamed COPY FROM STDIN on PostgreSQL,
 * COPY FROM '/dev/blob' on PGlite. Rows go in as prepared text lines; the search columns are left to the
 * trigger, so COPY keeps them as true as the API does.
 */
export type CopyValue = string | number | null;

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/g;
const esc = (s: string) => s.replace(SPECIAL, (ch) => escapes[ch]!);

export const copyText = (v: CopyValue): string =>
  v === null ? '\\N' : typeof v === 'number' ? String(v) : esc(v);
export const copyJson = (v: unknown): string => esc(JSON.stringify(v));
export const copyArray = (list: readonly string[]): string =>
  esc(`{${list.map((x) => `"${x.replace(/["\\]/g, (ch) => `\\${ch}`)}"`).join(',')}}`);
export const copyLine = (values: string[]) => `${values.join('\t')}\n`;

export type TableLoad = {
  table: string;
  columns: readonly string[];
  total: number;
  /** The COPY line (with its newline) for row i. */
  line(i: number): string;
  progress?(done: number): void;
};

/** Rows per COPY statement: each statement commits, so an interrupted load keeps what it finished. */
const PG_STATEMENT_ROWS = 50_000;
const PG_STREAMS = 2;
/** PGlite reads the whole blob into its virtual file system first: keep it to a few MB. */
const PGLITE_STATEMENT_ROWS = 10_000;
const CHUNK_ROWS = 2_000;

const done = new WeakMap<TableLoad, number>();

function* chunks(from: number, to: number, load: TableLoad): Generator<string> {
  for (let start = from; start < to; start += CHUNK_ROWS) {
    const end = Math.min(to, start + CHUNK_ROWS);
    let text = '';
    for (let i = start; i < end; i++) text += load.line(i);
    yield text;
    // Rows handed to the driver so far, across parallel streams.
    const rows = (done.get(load) ?? 0) + (end - start);
    done.set(load, rows);
    load.progress?.(rows);
  }
}

export async function copyRows(database: Database, load: TableLoad): Promise<void> {
  const statement = `COPY ${load.table} (${load.columns.join(', ')}) FROM`;
  if (database.kind === 'postgres') {
    // The per-row trigger makes the server, not Node, the bottleneck: two COPY streams use both cores.
    let next = 0;
    const worker = async () => {
      while (next < load.total) {
        const from = next;
        const to = Math.min(load.total, from + PG_STATEMENT_ROWS);
        next = to;
        const client = await database.pool!.connect();
        try {
          await pipeline(Readable.from(chunks(from, to, load)), client.query(copyFrom(`${statement} STDIN`)));
        } finally {
          client.release();
        }
      }
    };
    const streams = load.total >= 2 * CHUNK_ROWS ? PG_STREAMS : 1;
    await Promise.all(Array.from({ length: streams }, worker));
    return;
  }
  const pglite = database.pglite!;
  for (let from = 0; from < load.total; from += PGLITE_STATEMENT_ROWS) {
    const to = Math.min(load.total, from + PGLITE_STATEMENT_ROWS);
    const text = [...chunks(from, to, load)].join('');
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: new Blob([text]) });
  }
}
