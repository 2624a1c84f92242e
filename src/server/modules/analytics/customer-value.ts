import { and, desc, eq, sql } from 'drizzle-orm';
import type { CustomerValueDto, ScoreSubject } from '../../../shared/analytics.ts';
import type { Currency } from '../../../shared/money.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { analyticsRuns } from './analytics.schema.ts';
import { getAnalyticsSettings } from './analytics.settings.ts';
import { latestRun } from './scoring.queue.ts';

const tables: Record<ScoreSubject, { scores: string; key: string; subject: string }> = {
  contact: { scores: 'contact_scores', key: 'contact_id', subject: 'contacts' },
  company: { scores: 'company_scores', key: 'company_id', subject: 'companies' },
};

/** Bucket edges of the CLV histogram in major units: 0, 10, 20, 50, 100, 200, 500, 1,000 … (× 100 minor). */
const EDGES = [0, ...Array.from({ length: 8 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** (e + 1))).flat()].map(
  (v) => v * 100,
);
/** Points of the concentration curve (every 5 % of customers). */
const STEPS = 20;

const num = (v: unknown) => Number(v ?? 0);

export type StoredDashboard = Omit<CustomerValueDto, 'run'>;

/**
 * The Customer value dashboard as of the newest finished run: each run computes it once when its scores are
 * written (six scans of the score table: seconds at a million customers), and this reads it back. Before the
 * first run it is computed from the (empty) tables.
 */
export async function customerValue(ctx: Ctx, subject: ScoreSubject): Promise<CustomerValueDto> {
  const run = await latestRun(ctx.db);
  const [done] = await ctx.db
    .select({ dashboards: analyticsRuns.dashboards })
    .from(analyticsRuns)
    .where(and(eq(analyticsRuns.status, 'done'), sql`${analyticsRuns.dashboards} ? ${subject}`))
    .orderBy(desc(analyticsRuns.createdAt))
    .limit(1);
  const stored = (done?.dashboards as Partial<Record<ScoreSubject, StoredDashboard>> | undefined)?.[subject];
  if (stored) return { ...stored, run };
  const { churnThreshold } = await getAnalyticsSettings(ctx.db);
  return { ...(await computeCustomerValue(ctx.db, subject, churnThreshold, run?.currency ?? null)), run };
}

/**
 * The dashboard of contacts or companies from the stored scores: totals, the CLV histogram, the RFM grid
 * (R by F), segments, customers at risk by owner and the revenue concentration curve.
 */
export async function computeCustomerValue(
  db: Executor,
  subject: ScoreSubject,
  churnThreshold: number,
  runCurrency: string | null,
): Promise<StoredDashboard> {
  const t = tables[subject];
  const scores = sql.identifier(t.scores);
  const key = sql.identifier(t.key);
  const subjects = sql.identifier(t.subject);
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));

  const [totals] = await q<Record<string, unknown>>(sql`
    select count(*)::int as customers, coalesce(sum(clv12), 0)::text as clv12,
           (count(*) filter (where churn_band = 'high'))::int as at_risk,
           coalesce(sum(clv12) filter (where churn_band = 'high'), 0)::text as at_risk_clv12,
           coalesce(sum(revenue), 0)::text as revenue, coalesce(sum(profit), 0)::text as profit,
           min(currency) as currency
      from ${scores}`);
  const buckets = await q<{ b: number; n: number }>(sql`
    select width_bucket(clv12, ${sql.param(EDGES)}::bigint[]) as b, count(*)::int as n
      from ${scores} where clv12 is not null group by 1 order by 1`);
  const grid = await q<{ r: number; f: number; n: number; avg: string }>(sql`
    select rfm_r as r, rfm_f as f, count(*)::int as n, round(avg(average_value))::text as avg
      from ${scores} group by 1, 2`);
  const segments = await q<{ segment: string; n: number; revenue: string }>(sql`
    select rfm_segment as segment, count(*)::int as n, sum(revenue)::text as revenue
      from ${scores} group by 1 order by 2 desc`);
  const owners = await q<{
    owner_id: string | null;
    owner_name: string | null;
    n: number;
    clv12: string;
  }>(sql`
    select x.owner_id::text as owner_id, u.name as owner_name, count(*)::int as n,
           coalesce(sum(s.clv12), 0)::text as clv12
      from ${scores} s join ${subjects} x on x.id = s.${key}
      left join users u on u.id = x.owner_id
     where s.churn_band = 'high' and x.deleted_at is null
     group by 1, 2 order by sum(s.clv12) desc nulls last, 3 desc limit 25`);
  const curve = await q<{ customers: string; revenue: string }>(sql`
    with r as (
      select row_number() over (order by revenue desc, ${key}) as k, count(*) over () as n,
             sum(revenue) over (order by revenue desc, ${key} rows unbounded preceding) as cum,
             sum(revenue) over () as total
        from ${scores}
    )
    select (max(k)::float8 / max(n))::text as customers, (max(cum)::float8 / nullif(max(total), 0))::text as revenue
      from r group by ceil(k * ${STEPS}::numeric / n) order by 1`);

  const lastEdge = EDGES.length;
  const byBucket = new Map(buckets.map((b) => [Number(b.b), Number(b.n)]));
  const maxBucket = Math.max(0, ...byBucket.keys());
  const clvDistribution = [];
  // width_bucket: 0 below the first edge (negative CLV cannot happen), i for [edge i-1, edge i), last for ≥ max.
  for (let i = 1; i <= Math.min(maxBucket, lastEdge); i++) {
    clvDistribution.push({
      from: EDGES[i - 1]!,
      to: i < lastEdge ? EDGES[i]! : null,
      customers: byBucket.get(i) ?? 0,
    });
  }
  const points = curve
    .map((p) => ({ customers: num(p.customers), revenue: num(p.revenue) }))
    .filter((p) => Number.isFinite(p.customers) && Number.isFinite(p.revenue) && p.revenue > 0);
  return {
    subjectType: subject,
    currency: ((totals?.currency as string | null) ?? runCurrency ?? 'EUR') as Currency,
    churnThreshold,
    totals: {
      customers: num(totals?.customers),
      clv12: num(totals?.clv12),
      atRisk: num(totals?.at_risk),
      atRiskClv12: num(totals?.at_risk_clv12),
      revenue: num(totals?.revenue),
      profit: num(totals?.profit),
    },
    clvDistribution,
    rfmGrid: grid.map((g) => ({ r: num(g.r), f: num(g.f), customers: num(g.n), averageValue: num(g.avg) })),
    segments: segments.map((s) => ({
      segment: s.segment as CustomerValueDto['segments'][number]['segment'],
      customers: num(s.n),
      revenue: num(s.revenue),
    })),
    atRiskByOwner: owners.map((o) => ({
      ownerId: o.owner_id,
      ownerName: o.owner_name,
      customers: num(o.n),
      clv12: num(o.clv12),
    })),
    concentration: points.length ? [{ customers: 0, revenue: 0 }, ...points] : [],
  };
}
