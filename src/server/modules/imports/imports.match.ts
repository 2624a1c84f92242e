import { sql } from 'drizzle-orm';
import type { ImportEntity } from '../../../shared/imports.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { BuiltRow } from './imports.build.ts';

type Row = { key: string; id: string; owner_id: string | null; name: string; created_at: string | Date };

/** An existing record a row matched. */
export type Match = { id: string; ownerId: string | null; name: string; reason: string };

const digits = (s: string) => s.replace(/[^0-9]/g, '');
const table = (entity: ImportEntity) => sql.identifier(entity);
const nameExpr = (entity: ImportEntity) =>
  entity === 'contacts' ? sql`concat_ws(' ', first_name, last_name)` : sql`name`;

/** The keys a row is matched by, normalised the way the database keeps them. */
export function matchKeys(row: BuiltRow, match: string, entity: ImportEntity): string[] {
  const f = row.fields;
  if (match === 'email')
    return ((f.emails as { address: string }[] | undefined) ?? []).map((e) => e.address.toLowerCase());
  if (match === 'phone')
    return ((f.phones as { number: string }[] | undefined) ?? [])
      .map((p) => digits(p.number))
      .filter((k) => k.length >= 3);
  if (match === 'externalId') return typeof f.externalId === 'string' ? [f.externalId] : [];
  if (match === 'name' && entity === 'companies')
    return typeof f.name === 'string' ? [f.name.trim().toLowerCase()] : [];
  if (match === 'domain' && entity === 'companies') return typeof f.domain === 'string' ? [f.domain] : [];
  if (match.startsWith('custom.')) {
    const v = (f.custom as Record<string, unknown> | undefined)?.[match.slice(7)];
    return v === undefined || v === null || v === '' ? [] : [JSON.stringify(v)];
  }
  return [];
}

/**
 * Live records holding any of the keys, key → record (the oldest when several share one). One statement a
 * batch, through the index that keeps each key: the e-mail keys' GIN, the phone keys' GIN, the external id's
 * unique index, the custom fields' jsonb GIN.
 */
export async function findByKeys(
  db: Executor,
  entity: ImportEntity,
  match: string,
  keys: string[],
): Promise<Map<string, Match>> {
  const found = new Map<string, Match>();
  if (!keys.length) return found;
  const t = table(entity);
  const name = nameExpr(entity);
  const list = sql.param([...new Set(keys)]);
  // One probe a key through a lateral join: the planner estimates an `&&` over a thousand keys at half
  // the table and scans it all (14 s a batch at a million contacts); a key at a time is an index look-up.
  const each = (probe: ReturnType<typeof sql>) =>
    q<Row>(
      db,
      sql`select k.key, c.id, c.owner_id, c.name, c.created_at from unnest(${list}::text[]) as k(key)
        cross join lateral (select id, owner_id, ${name} as name, created_at from ${t}
          where ${probe} and deleted_at is null) c`,
    );
  let rows: Row[];
  if (match === 'email' && entity === 'contacts') rows = await each(sql`email_keys @> array[k.key]`);
  else if (match === 'phone') rows = await each(sql`rapport_phone_keys(phones) @> array[k.key]`);
  else if (match === 'externalId') rows = await each(sql`external_id = k.key`);
  else if (match === 'name' && entity === 'companies') rows = await each(sql`lower(trim(name)) = k.key`);
  else if (match === 'domain' && entity === 'companies') rows = await each(sql`domain = k.key`);
  else if (match.startsWith('custom.')) {
    // Each key is a JSON value; `{"<field>": value}` probes the custom fields' jsonb_path_ops GIN index.
    const field = match.slice(7);
    rows = await each(sql`custom @> jsonb_build_object(${field}::text, k.key::jsonb)`);
  } else rows = [];
  rows.sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || a.id.localeCompare(b.id));
  for (const r of rows)
    if (!found.has(r.key))
      found.set(r.key, { id: r.id, ownerId: r.owner_id, name: r.name, reason: `${match} ${r.key}` });
  return found;
}

/**
 * Similar names at the same company (contacts) or similar company names: trigram similarity of the folded
 * names, at least 0.6. Contacts are looked up through the company index (a company has few people);
 * companies through the trigram search on their folded names.
 */
export async function findSimilar(
  db: Executor,
  entity: ImportEntity,
  rows: { index: number; name: string; companyId: string | null }[],
): Promise<Map<number, Match>> {
  const out = new Map<number, Match>();
  const usable = rows.filter((r) => r.name.trim() && (entity === 'companies' || r.companyId));
  if (!usable.length) return out;
  const idx = sql.param(usable.map((r) => r.index));
  const names = sql.param(usable.map((r) => r.name));
  const fold = sql`lower(public.unaccent('public.unaccent'::regdictionary, u.name))`;
  const hits =
    entity === 'contacts'
      ? await q<{ i: number; id: string; owner_id: string | null; name: string; score: number }>(
          db,
          sql`select u.i, m.id, m.owner_id, m.name, m.score
            from unnest(${idx}::int[], ${names}::text[], ${sql.param(usable.map((r) => r.companyId))}::uuid[]) as u(i, name, company_id)
            cross join lateral (
              select c.id, c.owner_id, concat_ws(' ', c.first_name, c.last_name) as name,
                similarity(c.search_names, ${fold}) as score
              from contacts c where c.company_id = u.company_id and c.deleted_at is null
                and similarity(c.search_names, ${fold}) >= 0.6
              order by score desc, c.id limit 1) m`,
        )
      : await q<{ i: number; id: string; owner_id: string | null; name: string; score: number }>(
          db,
          sql`select u.i, m.id, m.owner_id, m.name, m.score
            from unnest(${idx}::int[], ${names}::text[]) as u(i, name)
            cross join lateral (
              select c.id, c.owner_id, c.name, similarity(c.search_names, ${fold}) as score
              from companies c where c.search_names % ${fold} and c.deleted_at is null
                and similarity(c.search_names, ${fold}) >= 0.6
              order by score desc, c.id limit 1) m`,
        );
  for (const h of hits)
    out.set(h.i, {
      id: h.id,
      ownerId: h.owner_id,
      name: h.name,
      reason: `similar name ${Number(h.score).toFixed(2)}${entity === 'contacts' ? ' at the same company' : ''}`,
    });
  return out;
}

async function q<T = { id: string; owner_id: string | null; name: string; keys: string[] }>(
  db: Executor,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}
