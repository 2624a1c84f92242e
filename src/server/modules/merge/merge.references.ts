import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * Every row that points to a contact or a company, found from the catalog rather than a hand-kept list: a
 * table another module adds tomorrow with a foreign key to `contacts` is re-pointed by a merge without a
 * change here (merge.test.ts fails if a reference is left out). Identifiers come from pg_catalog, never from
 * a request, and are quoted with `sql.identifier`.
 */
export type Reference = {
  table: string;
  column: string;
  /** Primary key columns of the referencing table (to record exactly which rows moved). */
  pk: string[];
  /** The table has `deleted_at`: live and binned rows are updated apart, each through its own index. */
  softDelete: boolean;
  /** Unique indexes over the column, as their other columns ([] = one row per record). */
  unique: string[][];
};

export type Moved = { table: string; column: string; pk: string[]; keys: Record<string, unknown>[] };
export type Removed = { table: string; rows: Record<string, unknown>[] };

type RefRow = { table_name: string; column_name: string; pk: string[] | null; soft: boolean; uniq: unknown };

export async function referencesTo(db: Executor, target: 'contacts' | 'companies'): Promise<Reference[]> {
  const rows = (await db.execute(sql`
    select cl.relname as table_name, att.attname as column_name,
      (select array_agg(pa.attname::text order by pa.attnum) from pg_index pi
         join pg_attribute pa on pa.attrelid = pi.indrelid and pa.attnum = any(pi.indkey)
        where pi.indrelid = con.conrelid and pi.indisprimary) as pk,
      exists (select 1 from pg_attribute d where d.attrelid = con.conrelid and d.attname = 'deleted_at'
               and not d.attisdropped) as soft,
      (select coalesce(json_agg(others), '[]'::json) from (
         select coalesce((select json_agg(ua.attname order by ua.attnum) from pg_attribute ua
                  where ua.attrelid = ui.indrelid and ua.attnum = any(ui.indkey) and ua.attnum <> att.attnum),
                '[]'::json) as others
           from pg_index ui
          where ui.indrelid = con.conrelid and ui.indisunique and att.attnum = any(ui.indkey)
            and not (0 = any(ui.indkey))) u) as uniq
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
    where con.contype = 'f' and cardinality(con.conkey) = 1
      and con.confrelid = to_regclass(${target})
    order by 1, 2`)) as unknown as { rows?: RefRow[] } | RefRow[];
  const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
  return list.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    pk: r.pk ?? [],
    softDelete: r.soft,
    unique: (typeof r.uniq === 'string' ? JSON.parse(r.uniq) : r.uniq) as string[][],
  }));
}

const id = (name: string) => sql.identifier(name);

/** `col = $id`, split by `deleted_at` so each half reads an index (most are partial, over live rows). */
function pointing(ref: Reference, alias: string, recordId: string): SQL[] {
  const col = sql`${id(alias)}.${id(ref.column)} = ${recordId}::uuid`;
  if (!ref.softDelete) return [col];
  return [
    sql`${col} and ${id(alias)}."deleted_at" is null`,
    sql`${col} and ${id(alias)}."deleted_at" is not null`,
  ];
}

export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(res) ? res : (res.rows ?? []);
}

/** How many rows of each referencing table point to a record (the merge preview). */
export async function countReferences(db: Executor, refs: Reference[], recordId: string) {
  const out: { table: string; column: string; count: number }[] = [];
  for (const ref of refs) {
    let count = 0;
    for (const where of pointing(ref, 't', recordId)) {
      const [r] = await queryRows<{ n: number | string }>(
        db,
        sql`select count(*) as n from ${id(ref.table)} t where ${where}`,
      );
      count += Number(r?.n ?? 0);
    }
    if (count) out.push({ table: ref.table, column: ref.column, count });
  }
  return out;
}

const keyObject = (pk: string[], alias: string) =>
  sql`jsonb_build_object(${sql.join(
    pk.map((c) => sql`${c}::text, ${id(alias)}.${id(c)}`),
    sql`, `,
  )})`;

/**
 * Points every reference from `loserId` to `survivorId`. A row that would break a unique index (the
 * survivor already has one: a journey, a lead profile, an attendance of the same event) is set aside in
 * `removed` instead — the survivor's row wins and undo puts the loser's back.
 */
export async function repoint(
  tx: Executor,
  refs: Reference[],
  loserId: string,
  survivorId: string,
): Promise<{ moved: Moved[]; removed: Removed[] }> {
  const moved: Moved[] = [];
  const removed: Removed[] = [];
  for (const ref of refs) {
    const gone: Record<string, unknown>[] = [];
    for (const others of ref.unique) {
      const same = others.map((c) => sql` and s.${id(c)} = l.${id(c)}`);
      const rows = await queryRows<{ row: Record<string, unknown> }>(
        tx,
        sql`delete from ${id(ref.table)} l where l.${id(ref.column)} = ${loserId}::uuid
              and exists (select 1 from ${id(ref.table)} s where s.${id(ref.column)} = ${survivorId}::uuid${sql.join(same, sql``)})
            returning to_jsonb(l) as row`,
      );
      gone.push(...rows.map((r) => r.row));
    }
    if (gone.length) removed.push({ table: ref.table, rows: gone });
    if (!ref.pk.length) throw new Error(`${ref.table} has no primary key: a merge cannot record its rows`);
    if (ref.pk.length === 1 && ref.pk[0] === ref.column) {
      // One row per record (the key is the reference): moved whole, remembered as a removal + re-insert.
      const rows = await queryRows<{ row: Record<string, unknown> }>(
        tx,
        sql`select to_jsonb(l) as row from ${id(ref.table)} l where l.${id(ref.column)} = ${loserId}::uuid`,
      );
      if (!rows.length) continue;
      await tx.execute(
        sql`update ${id(ref.table)} set ${id(ref.column)} = ${survivorId}::uuid where ${id(ref.column)} = ${loserId}::uuid`,
      );
      moved.push({
        table: ref.table,
        column: ref.column,
        pk: [],
        keys: rows.map((r) => r.row),
      });
      continue;
    }
    const keys: Record<string, unknown>[] = [];
    for (const where of pointing(ref, 'l', loserId)) {
      const rows = await queryRows<{ key: Record<string, unknown> }>(
        tx,
        sql`update ${id(ref.table)} l set ${id(ref.column)} = ${survivorId}::uuid where ${where}
            returning ${keyObject(ref.pk, 'l')} as key`,
      );
      keys.push(...rows.map((r) => r.key));
    }
    if (keys.length) moved.push({ table: ref.table, column: ref.column, pk: ref.pk, keys });
  }
  return { moved, removed };
}

/** Undoes `repoint`: the moved rows go back to the loser (if still on the survivor), removed rows return. */
export async function putBack(
  tx: Executor,
  moved: Moved[],
  removed: Removed[],
  loserId: string,
  survivorId: string,
) {
  for (const m of moved) {
    if (!m.pk.length) {
      // One row per record: the survivor had none before the merge (else the loser's would have been set
      // aside), so the row it holds now is the loser's; the loser's comes back as it was.
      await tx.execute(sql`delete from ${id(m.table)} where ${id(m.column)} = ${survivorId}::uuid`);
      await tx.execute(
        sql`insert into ${id(m.table)} select * from jsonb_populate_recordset(null::${id(m.table)}, ${JSON.stringify(m.keys)}::jsonb) on conflict do nothing`,
      );
      continue;
    }
    const match = m.pk.map((c) => sql` and t.${id(c)} = r.${id(c)}`);
    await tx.execute(
      sql`update ${id(m.table)} t set ${id(m.column)} = ${loserId}::uuid
            from jsonb_populate_recordset(null::${id(m.table)}, ${JSON.stringify(m.keys)}::jsonb) r
           where t.${id(m.column)} = ${survivorId}::uuid${sql.join(match, sql``)}`,
    );
  }
  for (const r of removed) {
    await tx.execute(
      sql`insert into ${id(r.table)} select * from jsonb_populate_recordset(null::${id(r.table)}, ${JSON.stringify(r.rows)}::jsonb) on conflict do nothing`,
    );
  }
}
