import { type SQL, sql } from 'drizzle-orm';
import type { MergeEntity } from '../../../shared/merge.ts';

/**
 * The candidate pairs, computed set-based in one statement per entity and bounded, so a million contacts
 * take seconds rather than the 5·10¹¹ comparisons of every pair:
 * - the same e-mail address (contacts' trigger-kept `email_keys`) or phone (the last 8 digits, so +45 12 34 56 78 and 12345678 meet) — grouped by key; a key shared by more than
 *   GROUP_MAX records (info@…, a switchboard) says nothing and is skipped;
 * - contacts: a similar name (trigram similarity of the folded names) within one company, compared only
 *   inside companies of at most BLOCK_MAX contacts;
 * - companies: the same domain (from `domain` or the website's host), or a similar name after legal forms
 *   (A/S, GmbH, Ltd…) are cut, compared only with the NEIGHBOURS nearest names in sorted order, forwards
 *   and reversed (sorted neighbourhood: a typo early in a name still meets its twin).
 * Each signal has a strength; a pair's score is 1 − Π(1 − s) over its signals, 0–100.
 */
export const GROUP_MAX = 20;
export const BLOCK_MAX = 300;
export const NAME_MIN = 0.5;
export const COMPANY_NAME_MIN = 0.7;

/** Pairs from groups of ids sharing a key: `(a, b, strength, reason)`. */
const groupPairs = (groups: string, strength: number, kind: string) => `
  select x as a, y as b, ${strength} as s, jsonb_build_object('kind', '${kind}', 'value', g.k) as r
  from ${groups} g, unnest(g.ids) x, unnest(g.ids) y where x < y`;

const grouped = (name: string, source: string) => `${name} as (
  select k, array_agg(id) as ids from (select distinct id, k from (${source}) s where k is not null and k <> '') d
  group by k having count(*) between 2 and ${GROUP_MAX})`;

// The digits of each number (what rapport_phone_keys keeps), with translate() over the characters a phone
// entry may hold (+ ( ) . / - and space): a regular expression per number cost 20 µs, 2 s per 100,000.
const phoneKeys = `select id, right(d, 8) as k from (
  select id, translate(p->>'number', ' +()./-', '') as d from live, jsonb_array_elements(phones) p) x
  where length(d) >= 6`;

const contactsSql = sql.raw(`
with live as materialized (
  select id, company_id, first_name, last_name, search_names, email_keys, phones
  from contacts where deleted_at is null
),
${grouped('emails', 'select id, unnest(email_keys) as k from live')},
${grouped('phones', phoneKeys)},
blocks as (
  select company_id from live where company_id is not null
  group by company_id having count(*) between 2 and ${BLOCK_MAX}
),
named as (
  select l.id, l.company_id, l.search_names, left(l.first_name, 1) as f, left(l.last_name, 1) as l
  from live l join blocks b using (company_id)
  where l.search_names <> ''
),
-- Within a company, only names sharing the first or the last name's initial are compared (a typo is
-- rarely in both initials): a tenth of the pairs.
alike as (
  select a.id as a, b.id as b, similarity(a.search_names, b.search_names) as sim
  from named a join named b on a.company_id = b.company_id and lower(a.f) = lower(b.f) and a.id < b.id
  union
  select a.id, b.id, similarity(a.search_names, b.search_names)
  from named a join named b on a.company_id = b.company_id and lower(a.l) = lower(b.l) and a.id < b.id
),
signals as (
  ${groupPairs('emails', 0.95, 'email')}
  union all
  ${groupPairs('phones', 0.85, 'phone')}
  union all
  select a, b, 0.4 + 0.5 * sim as s,
    jsonb_build_object('kind', 'name_company', 'similarity', round(sim::numeric, 2)) as r
  from alike where sim >= ${NAME_MIN}
)`);

const legalForms = `'\\m(a/s|aps|as|ivs|i/s|k/s|gmbh|ag|kg|ohg|ltd|limited|inc|llc|plc|corp|co|sas|sarl|sa|bv|nv|ab|oy|asa)\\M\\.?'`;

const companiesSql = sql.raw(`
with live as materialized (
  select id, search_names, domain, website, emails, phones from companies where deleted_at is null
),
${grouped(
  'domains',
  `select id, lower(split_part(regexp_replace(coalesce(nullif(domain, ''), website), '^\\s*(https?://)?(www\\.)?', '', 'i'), '/', 1)) as k
   from live where coalesce(nullif(domain, ''), website) is not null`,
)},
${grouped('emails', `select id, lower(e->>'address') as k from live, jsonb_array_elements(emails) e`)},
${grouped('phones', phoneKeys)},
names as (
  select id, btrim(regexp_replace(regexp_replace(search_names, ${legalForms}, '', 'g'), '\\s+', ' ', 'g')) as k
  from live where search_names <> ''
),
near as (
  select id, k, array[lead(id, 1) over w, lead(id, 2) over w, lead(id, 3) over w] as ids,
         array[lead(k, 1) over w, lead(k, 2) over w, lead(k, 3) over w] as ks
  from names where k <> '' window w as (order by k, id)
  union all
  select id, k, array[lead(id, 1) over w, lead(id, 2) over w, lead(id, 3) over w],
         array[lead(k, 1) over w, lead(k, 2) over w, lead(k, 3) over w]
  from names where k <> '' window w as (order by reverse(k), id)
),
alike as (
  select distinct least(n.id, o.id) as a, greatest(n.id, o.id) as b, similarity(n.k, o.k) as sim
  from near n, unnest(n.ids, n.ks) as o(id, k) where o.id is not null
),
signals as (
  ${groupPairs('domains', 0.9, 'domain')}
  union all
  ${groupPairs('emails', 0.9, 'email')}
  union all
  ${groupPairs('phones', 0.8, 'phone')}
  union all
  select a, b, 0.4 + 0.5 * sim as s, jsonb_build_object('kind', 'name', 'similarity', round(sim::numeric, 2)) as r
  from alike where sim >= ${COMPANY_NAME_MIN}
)`);

/** `insert … select` of every candidate pair of one entity, dismissed pairs left out. */
export function candidatesInsert(entity: MergeEntity, now: Date): SQL {
  const signals = entity === 'contact' ? contactsSql : companiesSql;
  return sql`insert into duplicate_candidates (entity, a_id, b_id, score, reasons, refreshed_at, cluster_id)
${signals}
select ${entity}, s.a, s.b,
  least(100, round(100 * (1 - exp(sum(ln(greatest(1 - s.s, 0.0001)))))))::smallint,
  jsonb_agg(s.r order by s.s desc), ${now}, s.a
from signals s
where not exists (select 1 from duplicate_dismissals d where d.entity = ${entity} and d.a_id = s.a and d.b_id = s.b)
group by s.a, s.b`;
}

/** Pairs' records with their cluster label, both ends of every pair of one entity. */
const ends = (entity: MergeEntity) => sql`
  select a_id as id, cluster_id as c, score from duplicate_candidates where entity = ${entity}
  union all select b_id, cluster_id, score from duplicate_candidates where entity = ${entity}`;

/**
 * One round of label propagation: each pair takes the smallest label of its two records. Repeated until
 * nothing changes, every pair of a connected group (a–b, b–c) carries the group's smallest id. Returns how
 * many pairs changed. Labels compare as text in the C collation, which is uuid order.
 */
export const clusterRound = (entity: MergeEntity) => sql`
  with lab as (select id, min(c::text collate "C")::uuid as c from (${ends(entity)}) x group by id),
  upd as (
    update duplicate_candidates d set cluster_id = least(la.c, lb.c)
    from lab la, lab lb
    where d.entity = ${entity} and la.id = d.a_id and lb.id = d.b_id and least(la.c, lb.c) < d.cluster_id
    returning 1)
  select count(*) as n from upd`;

/** Each cluster's best score and number of records, on all its pairs. */
export const clusterTotals = (entity: MergeEntity) => sql`
  update duplicate_candidates d set cluster_score = t.best, cluster_size = least(t.size, 32767)
  from (select c, max(score) as best, count(distinct id) as size from (${ends(entity)}) x group by c) t
  where d.entity = ${entity} and d.cluster_id = t.c`;
