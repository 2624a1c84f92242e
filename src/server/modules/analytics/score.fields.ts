import { type SQL, sql } from 'drizzle-orm';
import { type ScoreSubject, scoreListFields } from '../../../shared/analytics.ts';
import type { FieldSpec, SqlCast } from '../../db/list-query.ts';

/** The score table and its key column of each subject (identifiers fixed here, never from a request). */
const tables: Record<ScoreSubject, { table: string; key: string }> = {
  contact: { table: 'contact_scores', key: 'contact_id' },
  company: { table: 'company_scores', key: 'company_id' },
};

const columns: Record<keyof typeof scoreListFields, { column: string; cast: SqlCast }> = {
  'score.rfmSegment': { column: 'rfm_segment', cast: 'text' },
  'score.churnBand': { column: 'churn_band', cast: 'text' },
  'score.pAlive': { column: 'p_alive', cast: 'numeric' },
  'score.clv12': { column: 'clv12', cast: 'numeric' },
  'score.clv36': { column: 'clv36', cast: 'numeric' },
  'score.expectedPurchases12m': { column: 'expected_purchases_12m', cast: 'numeric' },
  'score.profit': { column: 'profit', cast: 'numeric' },
};

/**
 * The list fields of a customer's latest scores (`score.clv12`, `score.churnBand`…) for the contact and company
 * lists. A filter becomes `id in (select key from <scores> where <condition>)` (a semi-join through the score
 * table's indexes; it also works where the list is only counted); "not equal" and "is empty" also match
 * customers without scores. Sorting reads the column of the score table the list query left-joins
 * (`contact_scores` / `company_scores` on the customer's id; customers without scores sort as empty).
 */
export function scoreFieldSpecs(subject: ScoreSubject, id: SQL): Record<string, FieldSpec> {
  const { table, key } = tables[subject];
  const t = sql.identifier(table);
  const k = sql.identifier(key);
  const out: Record<string, FieldSpec> = {};
  for (const [name, meta] of Object.entries(scoreListFields)) {
    const { column, cast } = columns[name as keyof typeof scoreListFields];
    const col = sql.identifier(column);
    // The list joins the score table (`scoreJoin`), so a sort reads the joined column, not a sub-select a row.
    const expr = sql`${t}.${col}`;
    const where = (cond: SQL) => sql`${id} in (select s.${k} from ${t} s where ${cond})`;
    const whereNot = (cond: SQL) => sql`not exists (select 1 from ${t} s where s.${k} = ${id} and ${cond})`;
    out[name] = {
      meta,
      expr,
      cast,
      nullable: true,
      filter: (op, v) => {
        const c = sql`s.${col}`;
        switch (op) {
          case 'eq':
            return where(sql`${c} = ${v}`);
          case 'neq':
            return whereNot(sql`${c} = ${v}`);
          case 'in':
            return where(
              sql`${c} = any(${sql.param(v)}::${sql.raw(meta.type === 'enum' ? 'text' : 'numeric')}[])`,
            );
          case 'gt':
            return where(sql`${c} > ${v}`);
          case 'gte':
            return where(sql`${c} >= ${v}`);
          case 'lt':
            return where(sql`${c} < ${v}`);
          case 'lte':
            return where(sql`${c} <= ${v}`);
          case 'isEmpty':
            return whereNot(sql`${c} is not null`);
          case 'isNotEmpty':
            return where(sql`${c} is not null`);
          default:
            return undefined;
        }
      },
    };
  }
  return out;
}
