import type { Executor } from './client.ts';

/**
 * A hot query built once per database handle (or transaction) instead of on every call: drizzle's query
 * building costs more than a primary-key look-up. On PostgreSQL the statement is also named, so each pooled
 * connection parses and plans it only once. Build only fixed-shape queries here, with `sql.placeholder()`
 * for the values.
 */
export function prepared<T>(build: (db: Executor) => T): (db: Executor) => T {
  const byDb = new WeakMap<Executor, T>();
  return (db) => {
    let statement = byDb.get(db);
    if (!statement) {
      statement = build(db);
      byDb.set(db, statement);
    }
    return statement;
  };
}
