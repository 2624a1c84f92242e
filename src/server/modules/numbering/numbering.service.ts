import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/** Document kinds and their number prefixes: Q-2026-0001, SO-2026-0001, INV-2026-0001, CN-2026-0001. */
export const documentPrefixes = {
  quote: 'Q',
  order: 'SO',
  invoice: 'INV',
  credit_note: 'CN',
} as const;
export type DocumentKind = keyof typeof documentPrefixes;

/**
 * The next number of a kind in a year, gapless: call it inside the transaction that creates the document.
 * The upsert locks the counter row until that transaction ends, so concurrent documents queue here for a
 * moment and a rollback returns the number.
 */
export async function nextDocumentNumber(db: Executor, kind: DocumentKind, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const rows = await db.execute<{ last: number }>(sql`
    insert into document_sequences (kind, year, last) values (${kind}, ${year}, 1)
    on conflict (kind, year) do update set last = document_sequences.last + 1
    returning last`);
  const last = Number(rows.rows[0]?.last);
  return `${documentPrefixes[kind]}-${year}-${String(last).padStart(4, '0')}`;
}

/**
 * The same counter as a `with document_number as (…)` clause, for a document created by one statement
 * (its own transaction): `cte` takes the number, `expr` is the formatted number for the insert that
 * reads it, `format` formats the `last` the statement returns the same way in TypeScript.
 */
export function documentNumberStatement(kind: DocumentKind, at: Date) {
  const year = at.getUTCFullYear();
  const prefix = `${documentPrefixes[kind]}-${year}-`;
  return {
    cte: sql`document_number as (
      insert into document_sequences (kind, year, last) values (${kind}, ${year}, 1)
      on conflict (kind, year) do update set last = document_sequences.last + 1
      returning last)`,
    expr: sql`(select ${prefix}::text || lpad(last::text, greatest(4, length(last::text)), '0') from document_number)`,
    format: (last: number) => `${prefix}${String(last).padStart(4, '0')}`,
  };
}
