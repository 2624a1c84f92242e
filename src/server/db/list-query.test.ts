import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase } from '../../../tests/helpers/db.ts';
import type { CustomFieldDto } from '../../shared/custom-fields.ts';
import { type FilterOp, filterOps, opsByType } from '../../shared/filters.ts';
import { AppError } from '../http/errors.ts';
import { companySpec } from '../modules/companies/companies.fields.ts';
import { contactSpec } from '../modules/contacts/contacts.fields.ts';
import { type Database, rowsOf } from './client.ts';
import {
  compileFilter,
  decodeCursor,
  type EntitySpec,
  encodeCursor,
  filtersFromQuery,
  keysetWhere,
  likeEscape,
  orderBy,
  resolveSort,
  type SortKey,
  sortColumns,
} from './list-query.ts';

/**
 * SECURITY.md, SQL injection: every identifier comes from the allow-list and every value is a bound
 * parameter. These tests throw many hostile strings at the compiler and read the SQL text it produces.
 */

const dialect = new PgDialect();
const render = (q: SQL) => dialect.sqlToQuery(q);

/** A small deterministic PRNG, so a failing case can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARK = 'ZQX';
const cores = [
  "'",
  "''",
  "' or '1'='1",
  "'); drop table contacts;--",
  ';--',
  '; select pg_sleep(10);',
  '$1',
  '$$',
  '$tag$ x $tag$',
  '\\',
  "\\'",
  '%',
  '_',
  '%_\\',
  '"',
  '"; drop table users; --',
  '/* comment */',
  '-- comment',
  "E'\\x41'",
  "U&'\\0041'",
  '\u0000',
  '\n\r\t',
  'ø æ å ü ß',
  '𝕏🙂',
  '\u202e',
  "1' union select password_hash from users --",
  '::text',
  ') or true or (',
  'null',
  'true',
  '{"a":1}',
  '[1,2]',
  '?',
  '?|',
  '@>',
  "COPY x TO PROGRAM 'id'",
];
const chars = `abcXYZ019 '"\\%_;$-/*()[]{},.:?@|&!<>=+~^\`#\u0000\n\tøå🙂`;

function hostileValues(seed: number, n: number): string[] {
  const r = rng(seed);
  const out = cores.map((c) => `${MARK}${c}${MARK}`);
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(r() * 24);
    let s = '';
    for (let j = 0; j < len; j++) s += [...chars][Math.floor(r() * [...chars].length)];
    out.push(`${MARK}${s}`);
  }
  return out;
}

const def = (key: string, type: CustomFieldDto['type'], options: string[] = []): CustomFieldDto => ({
  id: crypto.randomUUID(),
  entity: 'contact',
  key,
  type,
  labels: { en: key },
  options: options.map((value) => ({ value, labels: { en: value } })),
  required: false,
  unique: false,
  position: 0,
  createdAt: '',
  updatedAt: '',
});

const defs: CustomFieldDto[] = [
  def('nickname', 'text'),
  def('notes', 'long_text'),
  def('budget', 'integer'),
  def('score', 'decimal'),
  def('renewal', 'date'),
  def('newsletter', 'boolean'),
  def('tier', 'select', ['gold', 'silver']),
  def('interests', 'multi_select', ['golf', 'wine']),
  def('homepage', 'url'),
  def('arr', 'money'),
];
const specs: [string, EntitySpec][] = [
  ['contacts', contactSpec(defs)],
  ['companies', companySpec(defs)],
];

/** Either a 400 `invalid_query` AppError, or SQL whose text holds none of the value. */
function expectSafe(build: () => SQL, value: string, label: string) {
  let q: SQL;
  try {
    q = build();
  } catch (err) {
    expect(err, label).toBeInstanceOf(AppError);
    expect((err as AppError).status, label).toBe(400);
    expect((err as AppError).code, label).toBe('invalid_query');
    return 'refused' as const;
  }
  const { sql: text, params } = render(q);
  expect(text.includes(MARK), `${label}: value in SQL text: ${text}`).toBe(false);
  expect(text.includes(value), label).toBe(false);
  // Text values travel as parameters; others (dates, numbers) are parsed and re-formatted first.
  return JSON.stringify(params).toLowerCase().includes(MARK.toLowerCase())
    ? ('bound' as const)
    : ('normalised' as const);
}

const expectRefused = (fn: () => unknown, label: string, path?: RegExp) => {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, label).toBeInstanceOf(AppError);
  expect((thrown as AppError).status, label).toBe(400);
  if (path) expect((thrown as AppError).errors?.[0]?.path, label).toMatch(path);
};

describe('list query compiler', () => {
  describe('values', () => {
    for (const [entity, spec] of specs) {
      it(`binds every hostile filter value as a parameter on every ${entity} field and operator`, () => {
        const values = hostileValues(entity.length, 150);
        let compiled = 0;
        for (const [field, f] of Object.entries(spec.fields)) {
          for (const op of opsByType[f.meta.type]) {
            if (op === 'isEmpty' || op === 'isNotEmpty') continue;
            for (const value of values) {
              const list = op === 'in' || op === 'hasAny' || op === 'hasAll';
              const raw = list ? [value, `${MARK}second`] : value;
              if (
                expectSafe(
                  () => compileFilter(spec, { field, op, value: raw }),
                  value,
                  `${field}[${op}]=${JSON.stringify(value)}`,
                ) === 'bound'
              )
                compiled++;
            }
          }
        }
        // Text-like fields accept these strings, so most of the corpus really reached SQL.
        expect(compiled).toBeGreaterThan(values.length * 10);
      });
    }

    it('binds hostile values inside nested and/or/not trees and query-string sugar', () => {
      const spec = specs[0]![1];
      for (const value of hostileValues(7, 60)) {
        const tree = {
          or: [
            {
              and: [
                { field: 'lastName', op: 'contains' as const, value },
                { not: { field: 'custom.nickname', op: 'eq' as const, value } },
              ],
            },
            { field: 'tags', op: 'hasAll' as const, value: [value] },
          ],
        };
        expectSafe(() => compileFilter(spec, tree), value, `tree ${JSON.stringify(value)}`);
        const nodes = filtersFromQuery(
          { 'firstName[startsWith]': value, email: value, 'phone[eq]': value, filter: JSON.stringify(tree) },
          new Set(['filter']),
        );
        expect(nodes).toHaveLength(4);
        for (const node of nodes)
          expectSafe(() => compileFilter(spec, node), value, `query ${JSON.stringify(value)}`);
      }
    });

    it('refuses values of the wrong kind instead of passing them on', () => {
      const spec = specs[0]![1];
      const cases: [string, FilterOp, unknown][] = [
        ['custom.budget', 'eq', '1; drop table x'],
        ['custom.budget', 'gt', '1e999'],
        ['custom.budget', 'eq', '0x10'],
        ['custom.budget', 'eq', 1.5],
        ['custom.score', 'lt', 'NaN'],
        ['custom.arr', 'gt', 'Infinity'],
        ['custom.renewal', 'gt', "2026-01-01' or '1'='1"],
        ['birthday', 'eq', '2026-02-30x'],
        ['createdAt', 'gt', 'x'.repeat(41)],
        ['createdAt', 'gt', 'ZQX>0'],
        ['createdAt', 'lt', 'hello 5'],
        ['updatedAt', 'gte', '2026-01-01; drop table x'],
        ['ownerId', 'eq', "00000000-0000-0000-0000-000000000000' or 1=1 --"],
        ['companyId', 'in', ['not-a-uuid']],
        ['lifecycleStage', 'eq', "customer' or 'a'='a"],
        ['custom.tier', 'eq', 'platinum'],
        ['custom.newsletter', 'eq', 'yes'],
        ['firstName', 'eq', { toString: () => 'x' }],
        ['firstName', 'contains', 'x'.repeat(501)],
        ['firstName', 'in', []],
        ['firstName', 'in', Array.from({ length: 201 }, (_, i) => `v${i}`)],
        ['firstName', 'gt', 'a'],
        ['tags', 'eq', 'vip'],
        ['custom.interests', 'eq', 'golf'],
      ];
      for (const [field, op, value] of cases)
        expectRefused(
          () => compileFilter(spec, { field, op, value }),
          `${field}[${op}]=${String(value)}`,
          /^query\.filter/,
        );
    });

    it('escapes LIKE wildcards so % and _ match themselves', () => {
      expect(likeEscape('100%_\\x')).toBe('100\\%\\_\\\\x');
      const { sql: text, params } = render(
        compileFilter(specs[0]![1], { field: 'lastName', op: 'contains', value: '%_' }),
      );
      expect(text).not.toContain('%_');
      expect(params).toContain('\\%\\_');
    });
  });

  describe('field names', () => {
    const prototypeNames = [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__defineGetter__',
      'prototype',
    ];

    function hostileNames(seed: number, n: number): string[] {
      const r = rng(seed);
      const known = ['firstName', 'lastName', 'email', 'custom.budget', 'createdAt'];
      const out = [
        ...prototypeNames,
        ...cores,
        'custom',
        'custom.',
        'custom.nope',
        'custom.budget.x',
        'custom.__proto__',
        'passwordHash',
        'searchText',
        'search_text',
        'emailKeys',
        'deletedAt',
        'createdById',
        'first_name',
        'FIRSTNAME',
        ' firstName',
        'firstName ',
        'contacts.first_name',
        '"first_name"',
      ];
      for (let i = 0; i < n; i++) {
        const base = known[Math.floor(r() * known.length)]!;
        const at = Math.floor(r() * (base.length + 1));
        const ch = [...chars][Math.floor(r() * [...chars].length)];
        out.push(base.slice(0, at) + ch + base.slice(at));
      }
      return out;
    }

    for (const [entity, spec] of specs) {
      it(`refuses every ${entity} field name outside the allow-list, in filters and in sorts`, () => {
        const allowed = new Set(Object.keys(spec.fields));
        const names = hostileNames(entity.length * 31, 400).filter((n) => !allowed.has(n.replace(/^-/, '')));
        expect(names.length).toBeGreaterThan(400);
        for (const name of names) {
          for (const op of filterOps)
            expectRefused(
              () => compileFilter(spec, { field: name, op, value: 'x' }),
              `filter ${JSON.stringify(name)}[${op}]`,
              /^query\.filter/,
            );
          for (const sort of [name, `-${name}`, `firstName,${name}`])
            expectRefused(() => resolveSort(spec, sort, []), `sort ${JSON.stringify(sort)}`, /^query\.sort$/);
        }
      });
    }

    it('refuses prototype names given as query-string filters', () => {
      const spec = specs[0]![1];
      for (const name of prototypeNames.filter((n) => /^[A-Za-z0-9_.]+$/.test(n))) {
        const nodes = filtersFromQuery({ [name]: 'x' }, new Set());
        for (const node of nodes) expectRefused(() => compileFilter(spec, node), name);
        expectRefused(
          () => filtersFromQuery({ [`firstName[${name}]`]: 'x' }, new Set()),
          `op ${name}`,
          /^query\./,
        );
      }
    });

    it('refuses unknown operators, malformed filter JSON and trees nested too deeply', () => {
      const spec = specs[0]![1];
      for (const q of [
        { 'firstName[regex]': 'x' },
        { 'first-name': 'x' },
        { "firstName'": 'x' },
        { filter: '{"field":' },
        { filter: '{"field":"firstName","op":"like","value":"x"}' },
        { filter: '{"field":"firstName","op":"eq","value":"x","sql":"1"}' },
      ]) {
        expectRefused(() => filtersFromQuery(q, new Set(['q'])), JSON.stringify(q), /^query\./);
      }
      let deep: object = { field: 'firstName', op: 'eq', value: 'x' };
      for (let i = 0; i < 12; i++) deep = { not: deep };
      expectRefused(() => compileFilter(spec, deep as never), 'deep', /^query\.filter/);
      expectRefused(() => resolveSort(spec, 'firstName,firstName', []), 'twice');
      expectRefused(() => resolveSort(spec, 'custom.interests', []), 'not sortable');
      expectRefused(() => resolveSort(spec, 'email', []), 'not sortable');
    });
  });

  describe('cursors', () => {
    const spec = specs[0]![1];
    const keys = resolveSort(spec, '-custom.budget,lastName', []);
    const id = '0b7e6f5c-1d2a-4c3b-8e9f-a0b1c2d3e4f5';
    const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

    it('round-trips a cursor and binds its values as parameters', () => {
      const c = encodeCursor(keys, { _s0: '42', _s1: 'Møller' }, id);
      const p = decodeCursor(c, keys);
      expect(p).toEqual({ s: '-custom.budget,lastName', v: ['42', 'Møller'], id });
      for (const value of hostileValues(11, 80)) {
        const tampered = decodeCursor(cursorOf({ s: p.s, v: [value, value], id }), keys);
        expectSafe(() => keysetWhere(keys, spec.id, tampered), value, `cursor ${JSON.stringify(value)}`);
      }
    });

    it('refuses tampered cursors with 400 on query.cursor', () => {
      const bad: unknown[] = [
        'not base64 at all!!',
        '%%%',
        Buffer.from('garbage').toString('base64url'),
        Buffer.from('{"s":').toString('base64url'),
        cursorOf(null),
        cursorOf(42),
        cursorOf([]),
        cursorOf({}),
        cursorOf({ s: 'createdAt', v: ['1', 'x'], id }),
        cursorOf({ s: '-custom.budget', v: ['1'], id }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1'], id }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x', 'y'], id }),
        cursorOf({ s: '-custom.budget,lastName', v: [1, 'x'], id }),
        cursorOf({ s: '-custom.budget,lastName', v: [{ a: 1 }, 'x'], id }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'.repeat(1001)], id }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'], id: 'not-a-uuid' }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'], id: '-'.repeat(36) }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'], id: `${id}'` }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'], id: "00000000-0000-0000-0000-00000000000'" }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'], id: 7 }),
        cursorOf({ s: '-custom.budget,lastName', v: ['1', 'x'] }),
        cursorOf({ s: '-custom.budget,lastName', v: 'x', id }),
      ];
      for (const c of bad) expectRefused(() => decodeCursor(c as string, keys), String(c), /^query\.cursor$/);
    });
  });

  describe('on a database', () => {
    let database: Database;
    beforeAll(async () => {
      database = await cloneDatabase('pglite');
    });
    afterAll(async () => {
      await database?.close();
    });

    it('compiles every operator of every field to SQL the database accepts', async () => {
      const spec = contactSpec(defs);
      const sample: Record<string, unknown> = {
        text: 'x',
        tags: 'vip',
        multiselect: 'golf',
        enum: undefined,
        uuid: crypto.randomUUID(),
        date: '2026-01-01',
        datetime: '2026-01-01T00:00:00Z',
        integer: 3,
        decimal: 1.5,
        money: 100,
        boolean: true,
      };
      for (const [field, f] of Object.entries(spec.fields)) {
        for (const op of opsByType[f.meta.type]) {
          const value = f.meta.type === 'enum' ? f.meta.options![0] : sample[f.meta.type];
          const list = op === 'in' || op === 'hasAny' || op === 'hasAll';
          const where = compileFilter(spec, { field, op, value: list ? [value] : value });
          const q = sql`select id from contacts where ${where} limit 1`;
          await expect(database.db.execute(q), `${field}[${op}]`).resolves.toBeDefined();
        }
      }
    });

    it('runs hostile values and cursors as data, not as SQL', async () => {
      const spec = contactSpec(defs);
      await database.db.execute(
        sql`insert into contacts (first_name, last_name, custom) values ('Robert', ${"'); drop table contacts;--"}, '{"nickname":"x"}')`,
      );
      for (const value of hostileValues(3, 40).map((v) => v.replaceAll('\u0000', ''))) {
        for (const node of [
          { field: 'lastName', op: 'eq' as const, value },
          { field: 'lastName', op: 'contains' as const, value },
          { field: 'custom.nickname', op: 'eq' as const, value },
          { field: 'tags', op: 'hasAny' as const, value: [value] },
          { field: 'email', op: 'in' as const, value: [value] },
        ]) {
          const rows = rowsOf(
            await database.db.execute(sql`select id from contacts where ${compileFilter(spec, node)}`),
          );
          expect(rows, `${node.field} ${JSON.stringify(value)}`).toEqual([]);
        }
        const keys: SortKey[] = resolveSort(spec, 'lastName,custom.nickname', []);
        const where = keysetWhere(keys, spec.id, {
          s: 'lastName,custom.nickname',
          v: [value, null],
          id: crypto.randomUUID(),
        });
        await database.db.execute(
          sql`select id, ${sql.join(Object.values(sortColumns(keys)), sql`, `)} from contacts where ${where} order by ${orderBy(keys, spec.id)}`,
        );
      }
      const found = rowsOf<{ n: number }>(
        await database.db.execute(sql`select count(*)::int as n from contacts`),
      );
      expect(found[0]!.n).toBe(1);
    });
  });
});
