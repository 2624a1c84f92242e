import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { historyEntries, json, recordImported, type WriteEnv } from './imports.write.ts';

/**
 * Live companies by domain and by name (case and outer spaces ignored), one statement for a batch's keys;
 * where several share a key the oldest is taken.
 */
export async function findCompanies(
  db: Executor,
  domainList: (string | undefined)[],
  nameList: (string | undefined)[],
): Promise<{ byDomain: Map<string, string>; byName: Map<string, string> }> {
  const domains = [...new Set(domainList.filter((d): d is string => Boolean(d)))];
  const names = [
    ...new Set(nameList.map((n) => n?.trim().toLowerCase()).filter((n): n is string => Boolean(n))),
  ];
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  if (!domains.length && !names.length) return { byDomain, byName };
  const found = rowsOf<{ id: string; domain: string | null; lname: string }>(
    await db.execute(sql`select id, domain, lower(trim(name)) as lname from companies
      where deleted_at is null and (domain = any(${sql.param(domains)}::text[])
        or lower(trim(name)) = any(${sql.param(names)}::text[]))
      order by created_at, id`),
  );
  for (const f of found) {
    if (f.domain && !byDomain.has(f.domain)) byDomain.set(f.domain, f.id);
    if (!byName.has(f.lname)) byName.set(f.lname, f.id);
  }
  return { byDomain, byName };
}

/**
 * Live contacts by e-mail (lower-cased keys): one probe a key through the e-mail keys' GIN index, one
 * statement for a batch; where several contacts share an address the oldest is taken.
 */
export async function findContactsByEmail(db: Executor, emails: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(emails)];
  if (!keys.length) return new Map();
  const found = rowsOf<{ key: string; id: string }>(
    await db.execute(sql`select k.key, c.id from unnest(${sql.param(keys)}::text[]) as k(key)
      cross join lateral (select id from contacts where email_keys @> array[k.key] and deleted_at is null
        order by created_at, id limit 1) c`),
  );
  return new Map(found.map((f) => [f.key, f.id]));
}

/** Companies named in a contact file: found by domain, then by name; created when allowed and missing. */
export async function resolveCompanies(
  tx: Executor,
  env: WriteEnv,
  refs: { rowNo: number; name?: string; domain?: string }[],
  opts: { create: boolean },
): Promise<{ ids: Map<number, string | null>; created: number }> {
  const out = new Map<number, string | null>();
  if (!refs.length) return { ids: out, created: 0 };
  const { byDomain, byName } = await findCompanies(
    tx,
    refs.map((r) => r.domain),
    refs.map((r) => r.name),
  );
  const toCreate = new Map<string, { id: string; name: string; domain: string | null; rowNo: number }>();
  for (const r of refs) {
    const lname = r.name?.toLowerCase();
    const hit = (r.domain && byDomain.get(r.domain)) || (lname && byName.get(lname));
    if (hit) {
      out.set(r.rowNo, hit);
      continue;
    }
    if (!opts.create || !env.settings.createCompanies || !r.name) {
      out.set(r.rowNo, null);
      continue;
    }
    const key = lname!;
    let c = toCreate.get(key);
    if (!c) {
      c = { id: randomUUID(), name: r.name, domain: r.domain ?? null, rowNo: r.rowNo };
      toCreate.set(key, c);
    }
    out.set(r.rowNo, c.id);
  }
  if (toCreate.size) {
    const list = [...toCreate.values()];
    await tx.execute(sql`insert into companies (id, name, domain, owner_id, created_by_id, created_at, updated_at)
      select c.id, c.name, c.domain, ${env.defaultOwnerId}::uuid, ${env.actorId}::uuid, ${env.now}, ${env.now}
      from jsonb_to_recordset(${json(list)}) as c(id uuid, name text, domain text)`);
    await recordImported(
      tx,
      env,
      'companies',
      list.map((c) => ({ id: c.id, rowNo: c.rowNo, action: 'created' as const })),
    );
    await historyEntries(
      tx,
      env,
      'company',
      'create',
      list.map((c) => ({ id: c.id, changes: [{ field: 'import', old: null, new: env.importId }] })),
    );
  }
  return { ids: out, created: toCreate.size };
}
