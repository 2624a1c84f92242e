/** Runs one catalogue query on the connection (and transaction) the backup or restore holds. */
export type Query = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * What a backup holds, read from the database catalogue (never a hard-coded list): every ordinary table of
 * the `public` schema with its stored columns, in foreign-key order, and the sequences behind serial ids.
 * Other modules add tables all the time; a backup and a restore pick them up without a change here.
 */
export type TableInfo = { name: string; columns: { name: string; type: string }[]; primaryKey: string[] };
export type Catalogue = { tables: TableInfo[]; sequences: string[] };

/** A catalogue name as an SQL identifier (names come from pg_catalog, never from a user). */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const columnList = (t: Pick<TableInfo, 'columns'>) => t.columns.map((c) => ident(c.name)).join(', ');

export async function readCatalogue(q: Query): Promise<Catalogue> {
  const tables = await q<{ name: string }>(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`);
  // Generated columns are computed again on restore, so they are neither written nor read back.
  const columns = await q<{ table: string; name: string; type: string }>(`
      select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and a.attgenerated = ''
      order by c.relname, a.attnum`);
  const keys = await q<{ table: string; name: string }>(`
      select c.relname as table, a.attname as name
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where n.nspname = 'public' and i.indisprimary
      order by c.relname, k.ord`);
  const refs = await q<{ child: string; parent: string }>(`
      select ch.relname as child, pa.relname as parent
      from pg_constraint f join pg_class ch on ch.oid = f.conrelid join pg_class pa on pa.oid = f.confrelid
      join pg_namespace n on n.oid = ch.relnamespace
      where f.contype = 'f' and n.nspname = 'public'`);
  const sequences = (
    await q<{ name: string }>(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`)
  ).map((r) => r.name);

  const byName = new Map<string, TableInfo>(
    tables.map((t) => [t.name, { name: t.name, columns: [], primaryKey: [] }]),
  );
  for (const c of columns) byName.get(c.table)?.columns.push({ name: c.name, type: c.type });
  for (const k of keys) byName.get(k.table)?.primaryKey.push(k.name);
  return { tables: foreignKeyOrder([...byName.values()], refs), sequences };
}

/**
 * Parents before children (Kahn's algorithm, alphabetical among equals so archives are stable). A table
 * referring to itself is fine (COPY checks its rows at the end of the statement); a cycle between tables
 * cannot be loaded with the constraints on, so it is named rather than loaded half-way.
 */
export function foreignKeyOrder(tables: TableInfo[], refs: { child: string; parent: string }[]): TableInfo[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const r of refs)
    if (r.child !== r.parent && names.has(r.child) && names.has(r.parent))
      parents.get(r.child)!.add(r.parent);
  const ordered: TableInfo[] = [];
  const left = new Map(tables.map((t) => [t.name, t]));
  while (left.size) {
    const ready = [...left.values()]
      .filter((t) => [...parents.get(t.name)!].every((p) => !left.has(p)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (!ready.length)
      throw new Error(`Foreign keys form a cycle between tables: ${[...left.keys()].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      left.delete(t.name);
    }
  }
  return ordered;
}

/** The newest migration applied to this database (drizzle's journal of applied files), or null when none. */
export async function appliedMigration(q: Query): Promise<{ when: number; hash: string } | null> {
  const [exists] = await q<{ ok: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  );
  if (!exists?.ok) return null;
  const [row] = await q<{ when: string; hash: string }>(
    'select created_at::text as "when", hash from drizzle.__drizzle_migrations order by created_at desc limit 1',
  );
  return row ? { when: Number(row.when), hash: row.hash } : null;
}
