import pg from 'pg';
import type { Database } from '../src/server/db/client.ts';
import { WORD_SIMILARITY } from '../src/server/db/client.ts';
import { indexedTerms } from '../src/server/modules/records/search.ts';

/**
 * The raw-SQL baseline: the statements the API needs, written by hand and parameterised, sent straight to
 * the database (a pg client on PostgreSQL, the PGlite instance itself when embedded).
 */
export type Raw = {
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  transaction<T>(fn: (q: Raw['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export async function openRaw(database: Database, url?: string): Promise<Raw> {
  if (database.kind === 'pglite') {
    const lite = database.pglite!;
    const query = async (text: string, params: unknown[] = []) =>
      (await lite.query<Record<string, unknown>>(text, params)).rows;
    return {
      query,
      transaction: (fn) =>
        lite.transaction((tx) =>
          fn(async (text, params = []) => (await tx.query<Record<string, unknown>>(text, params)).rows),
        ),
      close: async () => {},
    };
  }
  // Same session setting as the app's pool, so `<%` means the same thing.
  const client = new pg.Client({
    connectionString: url,
    options: `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY}`,
  });
  await client.connect();
  const query = async (text: string, params: unknown[] = []) =>
    (await client.query<Record<string, unknown>>(text, params)).rows;
  return {
    query,
    async transaction(fn) {
      await client.query('begin');
      try {
        const out = await fn(query);
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback');
        throw err;
      }
    },
    close: () => client.end(),
  };
}

/** The contact DTO's columns and the company name, as the API selects them. */
const cols = `c.id, c.first_name, c.last_name, c.emails, c.phones, c.addresses, c.company_id, c.job_title, c.owner_id, c.tags,
  c.lifecycle_stage, c.relationship_type, c.relationship_stage, c.birthday, c.customer_since, c.language, c.preferred_channel,
  c.source, c.description, c.custom, c.version, c.created_by_id, c.created_at, c.updated_at, c.deleted_at, c.deleted_by_id,
  co.name as company_name`;
const from = 'from contacts c left join companies co on co.id = c.company_id';

// The app orders with NULLS LAST, the order contacts_stage_idx and contacts_created_idx are built in.
export const sqlListPage1 = `select ${cols} ${from}
  where c.deleted_at is null and c.lifecycle_stage = $1
  order by c.created_at desc nulls last, c.id desc nulls last limit 51`;

export const sqlListPage2 = `select ${cols} ${from}
  where c.deleted_at is null and c.lifecycle_stage = $1 and (c.created_at, c.id) < ($2::timestamptz, $3::uuid)
  order by c.created_at desc nulls last, c.id desc nulls last limit 51`;

const prefixMatch = `search_vector @@ to_tsquery('simple', rapport_fold($1))`;
const prefixCandidates = `select id from contacts where deleted_at is null and ${prefixMatch} limit 200`;
const fuzzyCandidates =
  'select id from contacts where deleted_at is null and search_vector @@ $3::tsquery limit 500';
const ranked = (candidates: string) => `select ${cols} ${from}
  where c.deleted_at is null and c.id in (${candidates})
  order by (word_similarity(rapport_fold($2), c.search_names) + (c.${prefixMatch})::int)::float8 desc nulls last, c.id desc nulls last
  limit 21`;

// Per query word: itself as a prefix, or one of its 20 most similar dictionary words; all words must match.
const similarWords = `select string_agg(alts, ' & ' order by i) from (
  select i, '(' || quote_literal(fw) || sfx || case when length(fw) >= 3 then coalesce((
    select string_agg(' | ' || quote_literal(s.word), '' order by s.sim desc, s.word)
      from (select word, similarity(fw, word) as sim from search_words
             where word % fw and similarity(fw, word) >= 0.4 order by sim desc, word limit 20) s), '') else '' end || ')' as alts
  from (select i, rapport_fold(w) as fw, sfx from unnest($2::text[], $3::text[]) with ordinality as q(w, sfx, i)) q) x`;

/**
 * Search as the app does it: fetch the prefix matches (up to a page and one) and, only when they do not
 * fill the page, the similar dictionary words, in one round trip; when prefixes fill the page rank 200
 * prefix candidates, otherwise those few prefix matches and 500 similar-word candidates. $1 the prefix
 * tsquery text, $2 the query as typed (both folded in SQL), $3 the similar-word tsquery, $4 the ids.
 */
export async function rawSearch(raw: Raw, q: string) {
  const terms = indexedTerms(q);
  const [first] = await raw.query(
    `select y.ids, case when cardinality(y.ids) > 20 then null else (${similarWords}) end as fuzzy
       from (select array(select id::text from contacts where deleted_at is null and ${prefixMatch} limit 21) as ids) y`,
    [prefixTsQuery(q), terms.map((t) => t.word), terms.map((t) => (t.prefix ? ':*' : ''))],
  );
  const ids = first!.ids as string[];
  return ids.length > 20
    ? raw.query(ranked(prefixCandidates), [prefixTsQuery(q), q.trim()])
    : raw.query(ranked(`(select unnest($4::uuid[])) union all (${fuzzyCandidates})`), [
        prefixTsQuery(q),
        q.trim(),
        first!.fuzzy,
        ids,
      ]);
}

/** A list total as the app computes it: count up to 10,001 rows; beyond, the planner's estimate. */
export async function rawCount(raw: Raw) {
  const where = "from contacts where deleted_at is null and lifecycle_stage = 'customer'";
  const [row] = await raw.query(`select count(*)::int as n from (select 1 ${where} limit 10001) x`);
  if (Number(row!.n) <= 10_000) return row!.n;
  return raw.query(`explain (format json) select 1 ${where}`);
}

export const sqlGetById = `select ${cols} ${from} where c.id = $1`;

/** `anna møl` → `'anna':* & 'møl':*`: the same words, prefixes and whole words as the app looks up. */
export function prefixTsQuery(q: string): string {
  return indexedTerms(q)
    .map((t) => `'${t.word}'${t.prefix ? ':*' : ''}`)
    .join(' & ');
}

/** What creating a contact takes: duplicate check, insert, read back with the company, history entry. */
export async function rawCreate(
  raw: Raw,
  actorId: string,
  body: { firstName: string; lastName: string; email: string; phone: string },
) {
  return raw.transaction(async (q) => {
    await q('select id from contacts where email_keys && $1::text[] and deleted_at is null', [
      [body.email.toLowerCase()],
    ]);
    const [row] = await q(
      `insert into contacts (first_name, last_name, emails, phones, owner_id, tags, lifecycle_stage, created_by_id)
       values ($1, $2, $3, $4, $5, $6, 'lead', $5) returning id`,
      [
        body.firstName,
        body.lastName,
        JSON.stringify([{ address: body.email, label: 'work' }]),
        JSON.stringify([{ number: body.phone, label: 'mobile' }]),
        actorId,
        ['bench'],
      ],
    );
    const [created] = await q(sqlGetById, [row!.id]);
    await q(
      `insert into record_history (entity, record_id, actor_id, action, changes) values ('contact', $1, $2, 'create', $3)`,
      [row!.id, actorId, JSON.stringify([{ field: 'firstName', old: null, new: body.firstName }])],
    );
    return created;
  });
}

/** A timeline page as the app reads it: each kind's newest entries through its index, merged, then loaded. */
export async function rawTimeline(raw: Raw, contactId: string, before?: { at: string; id: string }) {
  const n = 31;
  const cond = before ? `and (occurred_at, id) < ($2::timestamptz, $3::uuid)` : '';
  const noteCond = before ? `and created_at < $2::timestamptz` : '';
  const changeCond = before ? `and at < $2::timestamptz` : '';
  const params = before ? [contactId, before.at, before.id] : [contactId];
  const page = await raw.query(
    `select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, type, key, id from (
       (select occurred_at as at, 'interaction' as type, id::text as key, id::text as id from interactions
         where contact_id = $1 and deleted_at is null ${cond} order by occurred_at desc nulls last, id desc nulls last limit ${n})
       union all
       (select created_at, 'note', id::text, id::text from notes
         where contact_id = $1 and deleted_at is null ${noteCond} order by created_at desc nulls last, id desc nulls last limit ${n})
       union all
       (select at, 'change', lpad(id::text, 20, '0'), id::text from record_history
         where entity = 'contact' and record_id = $1 ${changeCond} order by at desc, id desc limit ${n})
     ) t order by at desc, type desc, key collate "C" desc limit ${n}`,
    params,
  );
  const ids = page.filter((r) => r.type === 'interaction').map((r) => r.id as string);
  const rows = ids.length
    ? await raw.query(
        `select i.*, nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '') as contact_name, co.name as company_name
         from interactions i left join contacts c on c.id = i.contact_id left join companies co on co.id = i.company_id
         where i.id = any($1::uuid[])`,
        [ids],
      )
    : [];
  return { page, rows };
}

/** A batch of interactions as one multi-row insert that skips stored (source, external_id) pairs. */
export async function rawIngest(
  raw: Raw,
  items: { externalId: string; contactId: string; channel: string; occurredAt: string; subject: string }[],
) {
  return raw.query(
    `insert into interactions (source, external_id, contact_id, company_id, channel, direction, touchpoint, occurred_at, subject)
     select 'bench-raw', k.external_id, k.contact_id, c.company_id, k.channel, 'in', 'shop', k.occurred_at, k.subject
     from unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[])
       as k(external_id, contact_id, channel, occurred_at, subject)
     join contacts c on c.id = k.contact_id and c.deleted_at is null
     on conflict do nothing returning id`,
    [
      items.map((i) => i.externalId),
      items.map((i) => i.contactId),
      items.map((i) => i.channel),
      items.map((i) => i.occurredAt),
      items.map((i) => i.subject),
    ],
  );
}

/** The flow over the kept journeys, as the app computes it (one range of contact_journeys_started_idx). */
export async function rawJourneyFlow(raw: Raw, from: string, to: string) {
  return raw.query(
    `with scope as (
       select j.nodes, j.purchased_at from contact_journeys j join contacts c on c.id = j.contact_id
       where c.deleted_at is null and j.started_at >= $1::timestamptz and j.started_at < $2::timestamptz
     )
     select k as step, nodes[k] as src, nodes[k + 1] as dst, count(*)::int as n
     from scope cross join lateral generate_series(1, least(cardinality(nodes) - 1, 5)) k
     where nodes[k] <> 'purchase'
     group by 1, 2, 3
     union all
     select 0, '', '', count(*) filter (where purchased_at < $2::timestamptz)::int from scope`,
    [from, to],
  );
}

/** One owner's contacts due for a touch: a range of contacts_touch_due_idx. */
export async function rawStayInTouch(raw: Raw, ownerId: string) {
  return raw.query(
    `select c.id, c.first_name, c.last_name, c.company_id, co.name, c.stay_in_touch_days, c.touch_due_at,
       (select max(i.occurred_at) from interactions i where i.contact_id = c.id and i.deleted_at is null) as last_at
     from contacts c left join companies co on co.id = c.company_id
     where c.owner_id = $1 and c.deleted_at is null and c.touch_due_at is not null and c.touch_due_at <= now()
     order by c.touch_due_at, c.id limit 51`,
    [ownerId],
  );
}

/** The activity the stage rules read: one index range of the contact's last 365 days. */
export async function rawRelationship(raw: Raw, contactId: string) {
  return raw
    .query(
      `select count(*) filter (where occurred_at >= now() - interval '90 days' and direction = 'in')::int as in90,
            count(*) filter (where occurred_at >= now() - interval '90 days' and direction = 'out')::int as out90,
            count(*)::int as n365,
            count(*) filter (where touchpoint = 'shop' and direction = 'in')::int as purchases,
            max(occurred_at) filter (where direction = 'in') as last_in
     from interactions where contact_id = $1 and deleted_at is null
       and occurred_at >= now() - interval '365 days' and occurred_at <= now()`,
      [contactId],
    )
    .then(async (activity) => ({
      activity,
      history: await raw.query(
        `select h.at, u.name, h.changes from record_history h left join users u on u.id = h.actor_id
       where h.entity = 'contact' and h.record_id = $1
         and (h.changes @> '[{"field":"relationshipStage"}]' or h.changes @> '[{"field":"relationshipType"}]')
       order by h.id desc limit 50`,
        [contactId],
      ),
    }));
}
