import { foldKey } from './normalize.ts';
import { parseCountry } from './transform-country.ts';
import { parseDate } from './transform-date.ts';
import { splitFullName } from './transform-name.ts';
import { parseDecimal, parseMoneyMinor } from './transform-number.ts';
import { parsePhone } from './transform-phone.ts';
import { parseBoolean, parseEmail, parseTags } from './transform-text.ts';
import {
  type DateOrder,
  fail,
  ok,
  type Result,
  type RowProblem,
  rowProblem,
  type SourceRow,
} from './types.ts';

export type ColumnMapping = {
  column: string;
  target: string;
  transform?: string /* 'date:dmy', 'phone:DK' */;
}[];
export type MappedRow = { rowNo: number; fields: Record<string, unknown>; problems: RowProblem[] };
export type TargetDef = {
  key: string;
  type:
    | 'text'
    | 'email'
    | 'emails'
    | 'phone'
    | 'phones'
    | 'date'
    | 'country'
    | 'boolean'
    | 'tags'
    | 'decimal'
    | 'integer'
    | 'money'
    | 'enum'
    | 'fullName'
    | 'url';
  maxLength?: number;
  enumValues?: string[];
  /** enum: other spellings per value, e.g. translations { customer: ['Kunde', 'Client'] }. */
  enumAliases?: Record<string, string[]>;
  required?: boolean;
  /** Several columns may map to it, e.g. email + email2 → emails[]. */
  multiple?: boolean;
};
export type MapperOptions = { defaultCountry?: string; dateOrder?: DateOrder; decimal?: 'comma' | 'point' };

type Convert = (raw: string, row: SourceRow) => Result<unknown>;

/**
 * Caches a pure parser per compiled mapping. Country, date, boolean and enum columns repeat a small set of
 * values across a million rows, and a Map lookup is far cheaper than re-parsing (folding accents, regexes).
 * Cleared when full so memory stays bounded on columns of unique values.
 */
const memo = <T>(fn: (raw: string) => Result<T>, max = 50_000): ((raw: string) => Result<T>) => {
  const cache = new Map<string, Result<T>>();
  return (raw) => {
    let r = cache.get(raw);
    if (r === undefined) {
      if (cache.size >= max) cache.clear();
      r = fn(raw);
      cache.set(raw, r);
    }
    return r;
  };
};

const checkUrl = (raw: string): Result<string> => {
  const s = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(s);
    // Only web links: a javascript: or data: URL in a CRM field is an XSS vector, not a website.
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.'))
      return ok(url.href);
  } catch {}
  return fail('url_invalid', { value: raw });
};

const enumMatcher = (def: TargetDef): Convert => {
  const lookup = new Map<string, string>();
  for (const v of def.enumValues ?? []) lookup.set(foldKey(v), v);
  for (const [v, aliases] of Object.entries(def.enumAliases ?? {}))
    for (const a of aliases) if (!lookup.has(foldKey(a))) lookup.set(foldKey(a), v);
  return (raw) => {
    const v = lookup.get(foldKey(raw));
    return v === undefined
      ? fail('option_unknown', { options: (def.enumValues ?? []).join(', '), value: raw })
      : ok(v);
  };
};

/** Each non-empty part through `parse`: all their values, or the first part's problem. */
const each = <T>(parts: string[], parse: (part: string) => Result<T>): Result<T[]> => {
  const out: T[] = [];
  for (const part of parts) {
    const v = part.trim();
    if (!v) continue;
    const r = parse(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
};

/** The converter for one mapped column: the target's type, parameterised by the column's transform. */
const converterFor = (
  def: TargetDef,
  transform: string | undefined,
  opts: MapperOptions,
  rowCountry: (row: SourceRow) => string | undefined,
): Convert => {
  const [kind, arg] = transform
    ? (transform.split(':', 2) as [string, string | undefined])
    : [def.type, undefined];
  switch (kind) {
    case 'email':
      return parseEmail;
    case 'phone':
      return (raw, row) => parsePhone(raw, rowCountry(row) ?? arg ?? opts.defaultCountry);
    // Several values in one cell, as exports write them: `a@x.dk; b@y.dk`, `+45 12 34 56 78, +49 30 123456`.
    case 'emails':
      return (raw) => each(raw.split(/[\s,;]+/), parseEmail);
    case 'phones':
      return (raw, row) =>
        each(raw.split(/[,;]/), (one) => parsePhone(one, rowCountry(row) ?? arg ?? opts.defaultCountry));
    case 'date': {
      const order = (arg as DateOrder | undefined) ?? opts.dateOrder;
      return memo((raw) => parseDate(raw, order));
    }
    case 'country':
      return memo(parseCountry);
    case 'boolean':
      return memo(parseBoolean);
    case 'tags':
      return (raw) => ok(parseTags(raw));
    case 'decimal':
      return (raw) => parseDecimal(raw, (arg as 'comma' | 'point' | undefined) ?? opts.decimal);
    case 'integer':
      return (raw) => {
        const d = parseDecimal(raw, (arg as 'comma' | 'point' | undefined) ?? opts.decimal);
        if (!d.ok || /\.\d*[1-9]/.test(d.value)) return fail('integer_invalid', { value: raw });
        const n = Number(d.value.split('.')[0]);
        return Number.isSafeInteger(n) ? ok(n) : fail('number_too_large', { value: raw });
      };
    case 'money':
      return (raw) => parseMoneyMinor(raw, arg === undefined ? 2 : Number(arg), opts.decimal);
    case 'enum':
      return memo(enumMatcher(def) as (raw: string) => Result<unknown>);
    case 'url':
      return checkUrl;
    case 'fullName':
      return (raw) => ok(splitFullName(raw));
    default:
      return (raw) => ok(raw);
  }
};

/**
 * Compiles a column mapping once into a function applied to every row. Empty cells are absent (not
 * errors); each failed conversion becomes a problem naming the target field, and the field is left out.
 * A 'fullName' target fills firstName/lastName where no mapped column gave them a value. Phone numbers use
 * the row's own country column when one is mapped, else the transform's or the options' default country.
 */
export const compileMapping = (
  mapping: ColumnMapping,
  targets: TargetDef[],
  opts: MapperOptions = {},
): ((row: SourceRow) => MappedRow) => {
  const defs = new Map(targets.map((t) => [t.key, t]));
  const countryColumns = mapping.filter((m) => defs.get(m.target)?.type === 'country').map((m) => m.column);
  const country = memo(parseCountry);
  const rowCountry = (row: SourceRow): string | undefined => {
    for (const c of countryColumns) {
      const v = row.values[c]?.trim();
      if (v) {
        const r = country(v);
        if (r.ok) return r.value;
      }
    }
    return undefined;
  };
  const steps = mapping.flatMap((m) => {
    const def = defs.get(m.target);
    if (!def) return [];
    return [{ column: m.column, def, convert: converterFor(def, m.transform, opts, rowCountry) }];
  });
  const required = targets.filter((t) => t.required).map((t) => t.key);

  return (row) => {
    const fields: Record<string, unknown> = {};
    const problems: RowProblem[] = [];
    let names: { firstName: string; lastName: string } | null = null;
    for (const { column, def, convert } of steps) {
      const raw = row.values[column];
      if (raw === undefined) continue;
      const value = raw.trim();
      if (value === '') continue;
      if (def.maxLength !== undefined && value.length > def.maxLength && def.type !== 'tags') {
        problems.push(rowProblem(row.rowNo, def.key, 'too_long', { max: def.maxLength }));
        continue;
      }
      const r = convert(value, row);
      if (!r.ok) {
        problems.push({
          rowNo: row.rowNo,
          field: def.key,
          code: r.code,
          params: r.params,
          message: r.message,
        });
        continue;
      }
      if (def.type === 'fullName') {
        names = r.value as { firstName: string; lastName: string };
        continue;
      }
      if (def.type === 'tags') {
        const tags = r.value as string[];
        const prev = (fields[def.key] as string[] | undefined) ?? [];
        fields[def.key] = prev.length ? parseTags([...prev, ...tags].join('\n')) : tags;
        if (def.maxLength !== undefined)
          fields[def.key] = (fields[def.key] as string[]).filter((t) => t.length <= def.maxLength!);
      } else if (def.multiple) {
        const prev = (fields[def.key] as unknown[] | undefined) ?? [];
        if (!prev.includes(r.value)) fields[def.key] = [...prev, r.value];
      } else if (fields[def.key] === undefined) fields[def.key] = r.value;
    }
    if (names) {
      if (fields.firstName === undefined && names.firstName) fields.firstName = names.firstName;
      if (fields.lastName === undefined && names.lastName) fields.lastName = names.lastName;
    }
    for (const key of required)
      if (fields[key] === undefined && !(key === 'lastName' || key === 'firstName' ? fields[key] : false))
        problems.push(rowProblem(row.rowNo, key, 'required'));
    return { rowNo: row.rowNo, fields, problems };
  };
};
