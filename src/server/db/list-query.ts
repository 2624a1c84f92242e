import { type SQL, sql } from 'drizzle-orm';
import type { FieldMeta, FilterNode, FilterOp } from '../../shared/filters.ts';
import { filterNode, opsByType } from '../../shared/filters.ts';
import { AppError } from '../http/errors.ts';

/**
 * Compiles list requests (filter tree, sort, keyset cursor) to parameterised SQL. Field names and
 * operators come only from the entity's allow-list; every value is a bound parameter.
 */
export type SqlCast = 'text' | 'date' | 'timestamptz' | 'numeric' | 'jsonb' | 'uuid' | 'boolean' | 'float8';

export type FieldSpec = {
  meta: FieldMeta;
  /** The value expression used by the generic operators. */
  expr: SQL;
  /** SQL type of `sortExpr`, used to cast cursor values back. */
  cast: SqlCast;
  nullable: boolean;
  /** See SortKey.descIndexed. */
  descIndexed?: boolean;
  sortExpr?: SQL;
  /** Field-specific operator SQL (for index-friendly forms); return undefined to use the generic one. */
  filter?: (op: FilterOp, value: unknown) => SQL | undefined;
};

export type EntitySpec = { fields: Record<string, FieldSpec>; id: SQL };

export type SortKey = {
  name: string;
  expr: SQL;
  desc: boolean;
  cast: SqlCast;
  nullable: boolean;
  /** Non-null key with a `DESC` index (drizzle builds it `DESC NULLS LAST`), e.g. createdAt. */
  descIndexed?: boolean;
};

const bad = (path: string, message: string) =>
  new AppError('invalid_query', {
    status: 400,
    detail: 'The list query is invalid.',
    errors: [{ path, message }],
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const LIKE_ESCAPE = /[\\%_]/g;
export const likeEscape = (s: string) => s.replace(LIKE_ESCAPE, (m) => `\\${m}`);

function asList(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  const out = list.map((v) => String(v).trim()).filter((v) => v !== '');
  if (!out.length || out.length > 200) throw bad(path, 'Give 1–200 values');
  return out;
}

function coerceOne(meta: FieldMeta, value: unknown, path: string): unknown {
  const s = typeof value === 'string' ? value.trim() : value;
  switch (meta.type) {
    case 'text':
    case 'tags':
    case 'multiselect':
      if (typeof s !== 'string' || s.length > 500) throw bad(path, 'Expected text of at most 500 characters');
      return s;
    case 'enum':
      if (typeof s !== 'string' || !meta.options?.includes(s))
        throw bad(path, `Expected one of: ${meta.options?.join(', ')}`);
      return s;
    case 'uuid':
      if (typeof s !== 'string' || !UUID.test(s)) throw bad(path, 'Expected an id');
      return s.toLowerCase();
    case 'date':
      if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s)))
        throw bad(path, 'Expected a date YYYY-MM-DD');
      return s;
    case 'datetime': {
      // ISO 8601 only: Date.parse alone also accepts free text ("x 5" is a date in V8).
      if (typeof s !== 'string' || !ISO_DATETIME.test(s) || Number.isNaN(Date.parse(s)))
        throw bad(path, 'Expected an ISO date-time');
      return new Date(s).toISOString();
    }
    case 'integer':
    case 'decimal':
    case 'money': {
      const n =
        typeof s === 'number'
          ? s
          : typeof s === 'string' && /^-?\d+(\.\d+)?$/.test(s)
            ? Number(s)
            : Number.NaN;
      if (!Number.isFinite(n) || (meta.type === 'integer' && !Number.isInteger(n)))
        throw bad(path, 'Expected a number');
      return n;
    }
    case 'boolean':
      if (s === true || s === 'true') return true;
      if (s === false || s === 'false') return false;
      throw bad(path, 'Expected true or false');
  }
}

const castSql = (cast: SqlCast) => sql.raw(cast);

/** The allow-listed field, never an inherited property (`constructor`, `__proto__`, …). */
const fieldOf = (spec: EntitySpec, name: string): FieldSpec | undefined =>
  Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;

/** One condition → SQL, through the field's own operator form or the generic one. */
function compileCondition(
  spec: EntitySpec,
  field: string,
  op: FilterOp,
  rawValue: unknown,
  path: string,
): SQL {
  const f = fieldOf(spec, field);
  if (!f) throw bad(path, `Unknown field "${field}"`);
  if (!opsByType[f.meta.type].includes(op)) throw bad(path, `Operator "${op}" does not apply to ${field}`);
  const listOp = op === 'in' || op === 'hasAny' || op === 'hasAll';
  const noValue = op === 'isEmpty' || op === 'isNotEmpty';
  const value = noValue
    ? undefined
    : listOp
      ? asList(rawValue, path).map((v) => coerceOne(f.meta, v, path))
      : coerceOne(f.meta, rawValue, path);
  const own = f.filter?.(op, value);
  if (own) return own;
  const e = f.expr;
  const isText = f.meta.type === 'text';
  const arr = f.meta.type === 'tags';
  switch (op) {
    case 'eq':
      return sql`${e} = ${value}`;
    case 'neq':
      return sql`${e} is distinct from ${value}`;
    case 'contains':
      return sql`rapport_fold(${e}) like '%' || rapport_fold(${likeEscape(value as string)}) || '%'`;
    case 'startsWith':
      return sql`rapport_fold(${e}) like rapport_fold(${likeEscape(value as string)}) || '%'`;
    case 'in':
      return sql`${e} = any(${sql.param(value)}::${castSql(f.meta.type === 'integer' ? 'numeric' : f.meta.type === 'uuid' ? 'uuid' : 'text')}[])`;
    case 'gt':
      return sql`${e} > ${value}`;
    case 'gte':
      return sql`${e} >= ${value}`;
    case 'lt':
      return sql`${e} < ${value}`;
    case 'lte':
      return sql`${e} <= ${value}`;
    case 'isEmpty':
      return arr ? sql`cardinality(${e}) = 0` : isText ? sql`coalesce(${e}, '') = ''` : sql`${e} is null`;
    case 'isNotEmpty':
      return arr
        ? sql`cardinality(${e}) > 0`
        : isText
          ? sql`coalesce(${e}, '') <> ''`
          : sql`${e} is not null`;
    case 'hasAny':
      return sql`${e} && ${sql.param(value)}::text[]`;
    case 'hasAll':
      return sql`${e} @> ${sql.param(value)}::text[]`;
  }
}

export function compileFilter(spec: EntitySpec, node: FilterNode, path = 'query.filter', depth = 0): SQL {
  if (depth > 8) throw bad(path, 'The filter is nested too deeply');
  if ('and' in node)
    return node.and.length
      ? sql`(${sql.join(
          node.and.map((n, i) => compileFilter(spec, n, `${path}.and.${i}`, depth + 1)),
          sql` and `,
        )})`
      : sql`true`;
  if ('or' in node)
    return node.or.length
      ? sql`(${sql.join(
          node.or.map((n, i) => compileFilter(spec, n, `${path}.or.${i}`, depth + 1)),
          sql` or `,
        )})`
      : sql`false`;
  if ('not' in node) return sql`not (${compileFilter(spec, node.not, `${path}.not`, depth + 1)})`;
  return compileCondition(spec, node.field, node.op, node.value, `${path}.${node.field}`);
}

const PARAM = /^([A-Za-z0-9_.]+)(?:\[([A-Za-z]+)\])?$/;

/**
 * Query-string sugar for the filter tree: `lifecycleStage=customer`, `tags[hasAny]=vip,b2b`,
 * `createdAt[gte]=2026-01-01`, plus `filter=<JSON tree>`. All are combined with AND.
 */
export function filtersFromQuery(
  query: Record<string, unknown>,
  reserved: ReadonlySet<string>,
): FilterNode[] {
  const nodes: FilterNode[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (reserved.has(k) || v === undefined) continue;
    const m = PARAM.exec(k);
    if (!m) throw bad(`query.${k}`, 'Unknown parameter');
    const op = (m[2] ?? 'eq') as FilterOp;
    if (!Object.hasOwn(opsByTypeAll, op)) throw bad(`query.${k}`, `Unknown operator "${m[2]}"`);
    const values = Array.isArray(v) ? v : [v];
    const listOp = op === 'in' || op === 'hasAny' || op === 'hasAll';
    if (listOp) nodes.push({ field: m[1]!, op, value: values.flatMap((x) => String(x).split(',')) });
    else for (const x of values) nodes.push({ field: m[1]!, op, value: x });
  }
  const raw = query.filter;
  if (typeof raw === 'string' && raw.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw bad('query.filter', 'Not valid JSON');
    }
    const r = filterNode.safeParse(parsed);
    if (!r.success)
      throw bad(
        `query.filter${r.error.issues[0]?.path.length ? `.${r.error.issues[0].path.join('.')}` : ''}`,
        r.error.issues[0]?.message ?? 'Invalid filter',
      );
    nodes.push(r.data);
  }
  return nodes;
}
const opsByTypeAll = Object.fromEntries(Object.values(opsByType).flatMap((ops) => ops.map((o) => [o, true])));

export function resolveSort(spec: EntitySpec, sort: string | undefined, fallback: SortKey[]): SortKey[] {
  if (!sort) return fallback;
  const seen = new Set<string>();
  return sort.split(',').map((part) => {
    const desc = part.startsWith('-');
    const name = desc ? part.slice(1) : part;
    const f = fieldOf(spec, name);
    if (!f?.meta.sortable) throw bad('query.sort', `Cannot sort by "${name}"`);
    if (seen.has(name)) throw bad('query.sort', `"${name}" appears twice`);
    seen.add(name);
    return {
      name,
      expr: f.sortExpr ?? f.expr,
      desc,
      cast: f.cast,
      nullable: f.nullable,
      descIndexed: f.descIndexed,
    };
  });
}

/**
 * Nullable keys sort NULLS LAST (what the cursor logic assumes). For non-null keys the null order changes
 * nothing but the plan: it is chosen to match an index, read forwards (`DESC NULLS LAST`, as drizzle builds
 * descending indexes) or backwards (an ascending index read backwards is `DESC NULLS FIRST`).
 */
export function orderBy(keys: SortKey[], id: SQL): SQL {
  const nulls = (k: SortKey) => (k.nullable || !k.desc || k.descIndexed ? 'nulls last' : 'nulls first');
  const last = keys[keys.length - 1];
  const parts = keys.map((k) => sql`${k.expr} ${sql.raw(k.desc ? 'desc' : 'asc')} ${sql.raw(nulls(k))}`);
  parts.push(
    sql`${id} ${sql.raw(last?.desc ? 'desc' : 'asc')} ${sql.raw(last ? nulls(last) : 'nulls last')}`,
  );
  return sql.join(parts, sql`, `);
}

/** Selected beside each row: the sort values as text, so the cursor keeps full precision. */
export function sortColumns(keys: SortKey[]): Record<string, SQL<string | null>> {
  return Object.fromEntries(keys.map((k, i) => [`_s${i}`, sql<string | null>`(${k.expr})::text`]));
}

type CursorPayload = { s: string; v: (string | null)[]; id: string };

export function encodeCursor(keys: SortKey[], row: Record<string, unknown>, id: string): string {
  const payload: CursorPayload = {
    s: keys.map((k) => `${k.desc ? '-' : ''}${k.name}`).join(','),
    v: keys.map((_, i) => (row[`_s${i}`] as string | null) ?? null),
    id,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, keys: SortKey[]): CursorPayload {
  let p: CursorPayload;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw bad('query.cursor', 'The cursor is not valid');
  }
  const signature = keys.map((k) => `${k.desc ? '-' : ''}${k.name}`).join(',');
  if (
    !p ||
    p.s !== signature ||
    !Array.isArray(p.v) ||
    p.v.length !== keys.length ||
    typeof p.id !== 'string' ||
    !UUID.test(p.id)
  ) {
    throw bad('query.cursor', 'The cursor does not belong to this sort order');
  }
  if (p.v.some((v) => v !== null && (typeof v !== 'string' || v.length > 1000)))
    throw bad('query.cursor', 'The cursor is not valid');
  return p;
}

/**
 * Rows strictly after the cursor in the sort order. Non-null keys in one direction use a row comparison
 * (which an index serves); otherwise the comparison is expanded key by key with NULLS LAST semantics.
 */
export function keysetWhere(keys: SortKey[], id: SQL, cursor: CursorPayload): SQL {
  const vals = cursor.v.map((v, i) => (v === null ? null : sql`${v}::${castSql(keys[i]!.cast)}`));
  const desc = keys[keys.length - 1]?.desc ?? false;
  const uniform = keys.every((k) => k.desc === desc && !k.nullable) && vals.every((v) => v !== null);
  const idVal = sql`${cursor.id}::uuid`;
  if (uniform) {
    const left = sql.join([...keys.map((k) => sql`${k.expr}`), id], sql`, `);
    const right = sql.join([...(vals as SQL[]), idVal], sql`, `);
    return sql`(${left}) ${sql.raw(desc ? '<' : '>')} (${right})`;
  }
  const branches: SQL[] = [];
  for (let i = 0; i <= keys.length; i++) {
    const eqs = keys
      .slice(0, i)
      .map((k, j) => (vals[j] === null ? sql`${k.expr} is null` : sql`${k.expr} = ${vals[j]}`));
    let after: SQL | null;
    if (i === keys.length) after = sql`${id} ${sql.raw(desc ? '<' : '>')} ${idVal}`;
    else {
      const k = keys[i]!;
      const v = vals[i];
      // NULLS LAST: nothing comes after a null except nulls (handled by equality); after a value come larger values, then nulls.
      after =
        v === null
          ? null
          : sql`(${k.expr} ${sql.raw(k.desc ? '<' : '>')} ${v}${k.nullable ? sql` or ${k.expr} is null` : sql``})`;
    }
    if (after) branches.push(sql.join([...eqs, after], sql` and `));
  }
  return branches.length
    ? sql`(${sql.join(
        branches.map((b) => sql`(${b})`),
        sql` or `,
      )})`
    : sql`false`;
}
