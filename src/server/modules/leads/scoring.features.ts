import { sql } from 'drizzle-orm';
import { leadFeatures } from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';

/**
 * What scoring knows about a lead: an allow-list of its fields, its company's, and counts of its engagement.
 * Rule points and the learned model read the same attributes.
 */
export type LeadAttrs = {
  id: string;
  email: string | null;
  jobTitle: string | null;
  phones: number;
  companyId: string | null;
  companyName: string | null;
  industry: string | null;
  employees: number | null;
  source: string | null;
  country: string | null;
  tags: string[];
  inbound30: number;
  meetings90: number;
  submissions: number;
};

/** Free-mail providers: an address there says nothing about an employer. */
export const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.dk',
  'outlook.com',
  'outlook.fr',
  'outlook.de',
  'outlook.dk',
  'live.com',
  'live.fr',
  'live.dk',
  'msn.com',
  'yahoo.com',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.dk',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'gmx.de',
  'gmx.net',
  'gmx.fr',
  'web.de',
  't-online.de',
  'freenet.de',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'mail.dk',
  'jubii.dk',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.com',
];
const freeMail = new Set(FREE_MAIL_DOMAINS);

const DAY = 86_400_000;

/**
 * The attributes query over `ids` as a SQL fragment (a CTE body): one row per live contact. The engagement
 * counts read each contact's interactions through `interactions_contact_idx`.
 */
export function attrsSql(ids: string[], now: Date) {
  const since30 = new Date(now.getTime() - 30 * DAY).toISOString();
  const since90 = new Date(now.getTime() - 90 * DAY).toISOString();
  const until = now.toISOString();
  return sql`
    select c.id, c.email_keys[1] as email, c.job_title as "jobTitle",
      jsonb_array_length(c.phones)::int as phones, c.company_id as "companyId", p.company_name as "companyName",
      co.industry, co.employees, c.source, upper(c.addresses->0->>'country') as country, c.tags,
      (select count(*) from interactions i where i.contact_id = c.id and i.deleted_at is null
         and i.direction = 'in' and i.occurred_at >= ${since30}::timestamptz
         and i.occurred_at <= ${until}::timestamptz)::int as inbound30,
      (select count(*) from interactions i where i.contact_id = c.id and i.deleted_at is null
         and i.channel = 'meeting' and i.occurred_at >= ${since90}::timestamptz
         and i.occurred_at <= ${until}::timestamptz)::int as meetings90,
      coalesce(p.submissions, 0)::int as submissions
    from contacts c
    left join companies co on co.id = c.company_id
    left join lead_profiles p on p.contact_id = c.id
    where c.id = any(${sql.param(ids)}::uuid[]) and c.deleted_at is null`;
}

export async function loadAttrs(db: Executor, ids: string[], now: Date): Promise<LeadAttrs[]> {
  if (!ids.length) return [];
  const res = await db.execute(attrsSql(ids, now));
  return (res.rows as LeadAttrs[]).map((r) => ({ ...r, employees: r.employees ?? null, tags: r.tags ?? [] }));
}

const SENIOR =
  /\b(ceo|cto|cfo|coo|cio|cmo|chief|founder|owner|president|vp|vice|director|head|partner|managing|directeur|directrice|gérant|geschäftsführer|leiter|leiterin|vorstand|direktør|chef|ejer|indehaver)/i;

export const emailDomain = (email: string | null) => (email ? (email.split('@')[1] ?? '') : '');
export const isBusinessEmail = (email: string | null) =>
  Boolean(email) && !freeMail.has(emailDomain(email).toLowerCase());

/** The fixed features, then one indicator per category value the model knows (`source:…`, `country:…`). */
export function featureRow(a: LeadAttrs, features: string[]): number[] {
  const base: Record<(typeof leadFeatures)[number], number> = {
    business_email: isBusinessEmail(a.email) ? 1 : 0,
    senior_title: a.jobTitle && SENIOR.test(a.jobTitle) ? 1 : 0,
    has_phone: a.phones > 0 ? 1 : 0,
    has_company: a.companyId || a.companyName ? 1 : 0,
    company_size: Math.log1p(Math.max(0, a.employees ?? 0)),
    inbound_30d: Math.log1p(a.inbound30),
    meetings_90d: Math.log1p(a.meetings90),
    form_submissions: Math.log1p(a.submissions),
    tag_count: Math.log1p(a.tags.length),
  };
  return features.map((f) => {
    if (f in base) return base[f as keyof typeof base];
    const [kind, value] = [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)];
    if (kind === 'source') return (a.source ?? '').toLowerCase() === value ? 1 : 0;
    if (kind === 'country') return a.country === value ? 1 : 0;
    return 0;
  });
}

/** The feature list of a new model: the fixed ones and the frequent sources and countries of its data. */
export function featureNames(rows: LeadAttrs[], minCount = 5, max = 5): string[] {
  const top = (values: (string | null)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()]
      .filter(([, n]) => n >= minCount && n < rows.length)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([v]) => v);
  };
  return [
    ...leadFeatures,
    ...top(rows.map((r) => r.source?.toLowerCase() ?? null)).map((s) => `source:${s}`),
    ...top(rows.map((r) => r.country)).map((c) => `country:${c}`),
  ];
}
