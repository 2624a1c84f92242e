import { describe, expect, it } from 'vitest';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import { renderedPaths, resolvePath } from './form-errors.ts';
import {
  changedFields,
  customFromForm,
  customToForm,
  emptyFormValues,
  pruneEmptyRows,
} from './form-values.ts';
import { fromFilterTree, isComplete, toFilterTree } from './list-state.ts';
import { nextSort, parseSort } from './sort.ts';
import { roundEstimate } from './use-record-list.ts';

const def = (type: CustomFieldDto['type'], key = 'f'): CustomFieldDto => ({
  id: '00000000-0000-4000-8000-000000000000',
  entity: 'contact',
  key,
  type,
  labels: { en: key },
  options: [],
  required: false,
  unique: false,
  position: 0,
  createdAt: '',
  updatedAt: '',
});

describe('sort', () => {
  it('cycles a column ascending, descending, unsorted', () => {
    expect(nextSort(null, 'lastName', false)).toBe('lastName');
    expect(nextSort('lastName', 'lastName', false)).toBe('-lastName');
    expect(nextSort('-lastName', 'lastName', false)).toBeNull();
  });
  it('adds further keys with shift, at most three', () => {
    expect(nextSort('lastName', 'createdAt', true)).toBe('lastName,createdAt');
    expect(nextSort('a,b,c', 'd', true)).toBe('b,c,d');
    expect(parseSort('-createdAt,lastName')).toEqual([
      { field: 'createdAt', desc: true },
      { field: 'lastName', desc: false },
    ]);
  });
});

describe('filter tree', () => {
  it('sends only complete conditions, ANDed', () => {
    const tree = toFilterTree(
      [
        { id: '1', field: 'lifecycleStage', op: 'eq', value: 'customer' },
        { id: '2', field: 'tags', op: 'hasAny', value: [] },
        { id: '3', field: 'jobTitle', op: 'isEmpty' },
      ],
      null,
    );
    expect(tree).toEqual({
      and: [
        { field: 'lifecycleStage', op: 'eq', value: 'customer' },
        { field: 'jobTitle', op: 'isEmpty' },
      ],
    });
    expect(isComplete({ id: 'x', field: '', op: 'eq', value: 'a' })).toBe(false);
  });
  it('keeps what the builder cannot show as an advanced part', () => {
    const { conditions, advanced } = fromFilterTree({
      and: [{ field: 'a', op: 'eq', value: 1 }, { or: [] }],
    });
    expect(conditions).toHaveLength(1);
    expect(advanced).toEqual({ or: [] });
    expect(toFilterTree(conditions, advanced)).toEqual({
      and: [{ or: [] }, { field: 'a', op: 'eq', value: 1 }],
    });
  });
});

describe('record form values', () => {
  it('sends only changed fields, custom fields key by key', () => {
    const before = { firstName: 'A', tags: ['x'], custom: { a: 1, b: null } };
    const after = { firstName: 'A', tags: ['x', 'y'], custom: { a: 1, b: 'new' } };
    expect(changedFields(before, after)).toEqual({ tags: ['x', 'y'], custom: { b: 'new' } });
  });
  it('converts money between major units in the form and minor units in the API', () => {
    const money = def('money');
    expect(customToForm(money, { amount: 199900, currency: 'EUR' })).toEqual({
      amount: 1999,
      currency: 'EUR',
    });
    expect(customFromForm(money, { amount: 19.99, currency: 'EUR' })).toEqual({
      amount: 1999,
      currency: 'EUR',
    });
    expect(customFromForm(money, { amount: 500, currency: 'JPY' })).toEqual({ amount: 500, currency: 'JPY' });
    expect(customFromForm(money, { amount: '', currency: 'EUR' })).toBeNull();
    expect(customFromForm(def('text'), '  ')).toBeNull();
  });
  it('drops blank rows before sending', () => {
    const v = emptyFormValues([]);
    v.emails.push({ key: 'k', address: 'a@b.dk', label: 'home' });
    expect(pruneEmptyRows(v).emails.map((e) => e.address)).toEqual(['a@b.dk']);
  });
});

describe('API error paths', () => {
  it('map to the nearest input, unknown ones to none', () => {
    const v = emptyFormValues([def('money', 'budget'), def('multi_select', 'tags2')]);
    const paths = renderedPaths(v, ['firstName'], [def('money', 'budget'), def('multi_select', 'tags2')]);
    expect(resolvePath('emails.0.address', paths)).toBe('emails.0.address');
    expect(resolvePath('custom.budget', paths)).toBe('custom.budget.amount');
    expect(resolvePath('custom.tags2.1', paths)).toBe('custom.tags2');
    expect(resolvePath('headers.if-match', paths)).toBeNull();
  });
});

describe('roundEstimate', () => {
  it('shows estimates to two significant digits and small numbers as they are', () => {
    expect(roundEstimate(987_654)).toBe(990_000);
    expect(roundEstimate(10_001)).toBe(10_000);
    expect(roundEstimate(1_234_567)).toBe(1_200_000);
    expect(roundEstimate(42)).toBe(42);
  });
});
