import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCompanyInput } from '../../../shared/companies.ts';
import { createContactInput } from '../../../shared/contacts.ts';
import { createProductInput } from '../../../shared/products.ts';
import { fieldErrorProblem, issueProblem } from './imports.problems.ts';

const firstIssue = (r: { success: boolean; error?: { issues: unknown[] } }) =>
  issueProblem(r.error!.issues[0] as Parameters<typeof issueProblem>[0]);

describe('refusals of contracts and services as coded problems', () => {
  it('finds a contract’s own sentence in the catalogue', () => {
    expect(firstIssue(createContactInput.safeParse({}))).toMatchObject({ code: 'name_missing' });
    expect(firstIssue(createCompanyInput.safeParse({ name: '' }))).toMatchObject({
      code: 'company_name_missing',
      message: 'A company needs a name',
    });
    expect(
      firstIssue(createProductInput.safeParse({ sku: 'A B', names: { en: 'Cup' }, unit: 'piece' })),
    ).toMatchObject({ code: 'sku_format' });
  });

  it('words Zod’s generic checks by their kind and limits', () => {
    expect(firstIssue(z.string().max(20).safeParse('x'.repeat(21)))).toEqual({
      code: 'too_long',
      params: { max: 20 },
      message: 'Longer than 20 characters',
    });
    expect(firstIssue(z.number().max(1000).safeParse(2000))).toMatchObject({
      code: 'max_value',
      params: { max: 1000 },
    });
    expect(firstIssue(z.enum(['a', 'b']).safeParse('c'))).toMatchObject({
      code: 'option_invalid',
      params: { options: 'a, b' },
    });
  });

  it('keeps a sentence it does not know as the reason, in English', () => {
    expect(
      firstIssue(
        z
          .string()
          .refine(() => false, 'Not on a Sunday')
          .safeParse('x'),
      ),
    ).toEqual({
      code: 'rejected',
      params: { reason: 'Not on a Sunday' },
      message: 'Not on a Sunday',
    });
    expect(fieldErrorProblem({ path: 'custom.vip', message: 'Required', code: 'required' })).toMatchObject({
      code: 'required',
    });
    expect(
      fieldErrorProblem({ path: 'custom.no', message: 'Another record has this value', code: 'not_unique' }),
    ).toMatchObject({ code: 'value_taken' });
  });
});
