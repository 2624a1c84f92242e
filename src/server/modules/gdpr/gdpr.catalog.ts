import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * Where data about a contact lives, read from the catalogue so that a table another module adds later
 * (consents, merges, surveys …) is in the export without a change here: every table with a foreign key to
 * `contacts` ("direct"), and every table with a foreign key to one of those ("related": order lines,
 * payments, attendees …). Only single-column keys; identifiers come from pg_catalog and are quoted.
 */
export type Link = { table: string; column: string; parent: string; parentColumn: string; key: string[] };
export type ContactLinks = {
  direct: Link[];
  related: Link[];
  /** Every table's columns. */
  columns: Map<string, string[]>;
  /** Tables whose primary key is a uuid `id` (their rows can be the subject of history and notifications). */
  uuidIds: Set<string>;
};

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Columns never exported: secrets (token hashes, passwords) and search data derived from other columns. */
export const hiddenColumn = (name: string) =>
  /(^|_)(token|tokens|secret|password|hash)(_|$)/.test(name) ||
  /^search_/.test(name) ||
  name === 'email_keys';

export async function contactLinks(db: Executor): Promise<ContactLinks> {
  const fks = rowsOf<Omit<Link, 'key'>>(
    await db.execute(sql`
      select ch.relname as "table", ca.attname as "column", pa.relname as parent, pa_att.attname as "parentColumn"
      from pg_constraint f
      join pg_class ch on ch.oid = f.conrelid join pg_namespace n on n.oid = ch.relnamespace
      join pg_class pa on pa.oid = f.confrelid
      join pg_attribute ca on ca.attrelid = f.conrelid and ca.attnum = f.conkey[1]
      join pg_attribute pa_att on pa_att.attrelid = f.confrelid and pa_att.attnum = f.confkey[1]
      where f.contype = 'f' and n.nspname = 'public' and cardinality(f.conkey) = 1
      order by ch.relname, ca.attname`),
  );
  const keyRows = rowsOf<{ table: string; name: string; type: string }>(
    await db.execute(sql`
      select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where n.nspname = 'public' and i.indisprimary order by c.relname, k.ord`),
  );
  const colRows = rowsOf<{ table: string; name: string }>(
    await db.execute(sql`
      select c.relname as "table", a.attname as name
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const keys = new Map<string, string[]>();
  for (const k of keyRows) keys.set(k.table, [...(keys.get(k.table) ?? []), k.name]);
  const columns = new Map<string, string[]>();
  for (const c of colRows) columns.set(c.table, [...(columns.get(c.table) ?? []), c.name]);
  const withKey = (l: Omit<Link, 'key'>): Link => ({ ...l, key: keys.get(l.table) ?? [] });
  // The contact's own row is the subject; a link from contacts to contacts would bring in other people.
  const direct = fks.filter((f) => f.parent === 'contacts' && f.table !== 'contacts').map(withKey);
  const directTables = new Set(direct.map((d) => d.table));
  const related = fks
    .filter(
      (f) =>
        directTables.has(f.parent) &&
        !directTables.has(f.table) &&
        f.table !== 'contacts' &&
        // Only through the parent's own single-column primary key (ids of the subject's rows).
        (keys.get(f.parent) ?? []).join() === f.parentColumn,
    )
    .map(withKey);
  const uuidIds = new Set(
    keyRows
      .filter((k) => k.name === 'id' && k.type === 'uuid' && keys.get(k.table)?.length === 1)
      .map((k) => k.table),
  );
  return { direct, related, columns, uuidIds };
}
