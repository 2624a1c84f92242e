import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Executor, rowsOf } from '../../../db/client.ts';

/** A (source, id in that system) pair as one map key. */
export const externalKey = (source: string, externalId: string) => JSON.stringify([source, externalId]);

const unpack = (keys: string[]) => {
  const pairs = [...new Set(keys)].map((k) => JSON.parse(k) as [string, string]);
  return sql`unnest(${sql.param(pairs.map((p) => p[0]))}::text[], ${sql.param(pairs.map((p) => p[1]))}::text[])
    as k(source, external_id)`;
};

/**
 * Whether a binned record is what an import's undo left behind and nobody touched since: its newest history
 * entry is the undo's delete (which names the import). A re-import treats such a record as gone.
 */
const leftover = (entity: string) => sql`coalesce((select h.action = 'delete'
    and h.changes @> '[{"field":"import"}]'::jsonb from record_history h
    where h.entity = ${entity} and h.record_id = t.id order by h.id desc limit 1), false)`;

export type ExternalHit = { key: string; id: string; deleted: boolean };

/**
 * Records of `table` holding any of the (source, external id) keys, through its unique (source,
 * external_id) index, with the extra `columns` (an SQL list over alias `t`). Binned records count — the
 * index holds them too, so the service would refuse the key — except those an undone import left behind,
 * which {@link purgeUndoneLeftovers} erases when the key is imported again.
 */
export async function findByExternalKeys<T extends Record<string, unknown>>(
  db: Executor,
  table: PgTable,
  historyEntity: string,
  keys: string[],
  columns: SQL,
): Promise<(ExternalHit & T)[]> {
  if (!keys.length) return [];
  const rows = rowsOf<{ source: string; external_id: string; id: string; deleted: boolean } & T>(
    await db.execute(sql`select k.source, k.external_id, t.id, t.deleted_at is not null as deleted, ${columns}
      from ${unpack(keys)}
      join ${table} t on t.source = k.source and t.external_id = k.external_id
      where t.external_id is not null and (t.deleted_at is null or not ${leftover(historyEntity)})`),
  );
  return rows.map((r) => ({ ...r, key: externalKey(r.source, r.external_id) }));
}

/**
 * Erases for good the binned records with these keys that an undone import left behind (see
 * {@link findByExternalKeys}), so the file can be imported again after an undo. In a savepoint: a record
 * something still points at stays (and its key is then refused as before). The number erased.
 */
export async function purgeUndoneLeftovers(
  db: Executor,
  table: PgTable,
  historyEntity: string,
  keys: string[],
): Promise<number> {
  if (!keys.length) return 0;
  try {
    return await db.transaction(
      async (sp) =>
        rowsOf(
          await sp.execute(sql`delete from ${table} t using ${unpack(keys)}
          where t.source = k.source and t.external_id = k.external_id and t.deleted_at is not null
            and ${leftover(historyEntity)}
          returning t.id`),
        ).length,
    );
  } catch {
    return 0;
  }
}
