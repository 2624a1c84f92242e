import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from '../../db/client.ts';
import { columnList, ident, type Query, type TableInfo } from './backup.catalog.ts';

/**
 * One connection in one transaction, on either database: catalogue queries, COPY out and COPY in, in the
 * text format. PostgreSQL streams COPY through pg-copy-streams; PGlite has no streamed COPY, so it reads a
 * table in ranges of heap pages (`COPY (… WHERE ctid in a block range) TO '/dev/blob'`) and loads it in
 * blobs cut at row ends: memory stays bounded by one batch whatever the table's size.
 */
export type Session = {
  query: Query;
  copyOut(table: TableInfo): AsyncIterable<Uint8Array>;
  /** Loads the rows of `source` (COPY text); resolves with the number of rows PostgreSQL reports. */
  copyIn(table: TableInfo, source: Readable): Promise<number>;
};

/** Session settings that make the COPY text of timestamps, dates and floats the same on every server. */
const COPY_SETTINGS = [
  "set local timezone to 'UTC'",
  "set local datestyle to 'ISO, YMD'",
  "set local intervalstyle to 'postgres'",
  'set local extra_float_digits to 3',
  "set local client_encoding to 'UTF8'",
];

/** Heap pages per PGlite read batch (8 kB each): about 8 MB of rows in memory at a time. */
const PGLITE_PAGES = 1024;
/** Bytes per PGlite load batch: PGlite copies the whole blob into its virtual file system first. */
const PGLITE_BLOB_BYTES = 8 * 1024 * 1024;

export async function withSession<T>(
  database: Database,
  mode: 'read' | 'write',
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  if (database.kind === 'pglite') {
    // PGlite's transaction holds its single connection: no other query runs until this one ends, which
    // is also what makes the read a consistent snapshot of every table.
    return database.pglite!.transaction(async (tx) => {
      for (const s of COPY_SETTINGS) await tx.exec(s);
      return fn(pgliteSession(tx));
    });
  }
  const client = await database.pool!.connect();
  let broken = false;
  try {
    await client.query(
      mode === 'read'
        ? 'begin isolation level repeatable read, read only'
        : 'begin isolation level read committed',
    );
    for (const s of COPY_SETTINGS) await client.query(s);
    const result = await fn(pgSession(client));
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

function pgSession(client: pg.PoolClient): Session {
  return {
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    copyOut: (t) => client.query(copyTo(`copy ${ident(t.name)} (${columnList(t)}) to stdout`)),
    async copyIn(t, source) {
      const sink = client.query(copyFrom(`copy ${ident(t.name)} (${columnList(t)}) from stdin`));
      await pipeline(source, sink);
      return Number(sink.rowCount ?? 0);
    },
  };
}

function pgliteSession(tx: Transaction): Session {
  return {
    query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
    async *copyOut(t) {
      const [size] = (
        await tx.query<{ pages: number }>(
          `select (pg_relation_size($1::regclass) / current_setting('block_size')::bigint)::int as pages`,
          [ident(t.name)],
        )
      ).rows;
      for (let start = 0; start < (size?.pages ?? 0); start += PGLITE_PAGES) {
        const res = await tx.query(
          `copy (select ${columnList(t)} from ${ident(t.name)}
             where ctid >= '(${start},0)'::tid and ctid < '(${start + PGLITE_PAGES},0)'::tid) to '/dev/blob'`,
        );
        if (res.blob?.size) yield new Uint8Array(await res.blob.arrayBuffer());
      }
    },
    async copyIn(t, source) {
      const statement = `copy ${ident(t.name)} (${columnList(t)}) from '/dev/blob'`;
      let rows = 0;
      const load = async (parts: Buffer[]) => {
        if (!parts.length) return;
        const res = await tx.query(statement, [], { blob: new Blob(parts as Uint8Array<ArrayBuffer>[]) });
        rows += res.affectedRows ?? 0;
      };
      let parts: Buffer[] = [];
      let size = 0;
      for await (const chunk of source as AsyncIterable<Buffer>) {
        // Cut at the last row end in this chunk: a COPY text row never holds a raw newline.
        const cut = size + chunk.length >= PGLITE_BLOB_BYTES ? chunk.lastIndexOf(10) : -1;
        if (cut < 0) {
          parts.push(chunk);
          size += chunk.length;
          continue;
        }
        parts.push(chunk.subarray(0, cut + 1));
        await load(parts);
        const rest = chunk.subarray(cut + 1);
        parts = rest.length ? [rest] : [];
        size = rest.length;
      }
      await load(parts);
      return rows;
    },
  };
}
