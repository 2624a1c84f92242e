import {
  type ImportProblemCode,
  type ImportProblemParamValues,
  importProblemCodes,
  importProblemText,
  importProblemTexts,
} from '../../../shared/import-problems.ts';
import type { FieldError } from '../../../shared/problem.ts';
import { AppError } from '../../http/errors.ts';
import type { ProblemText } from './parse/index.ts';

/**
 * Refusals that come from elsewhere — a contract's Zod issues, a service's field errors — as coded row
 * problems (`src/shared/import-problems.ts`), so they too are worded in the reader's language.
 */

const coded = (code: ImportProblemCode, params: ImportProblemParamValues = {}): ProblemText => ({
  code,
  params,
  message: importProblemText(code, params, 'en') ?? code,
});

/** The contracts' own sentences (`Give the deal a title`): a code whose English sentence has no params. */
const byEnglish = new Map(
  importProblemCodes
    .filter((c) => !importProblemTexts[c].en.includes('{{'))
    .map((c) => [importProblemTexts[c].en as string, c]),
);

/** Zod's own wording (not a contract's): only then does the issue's kind say all there is to say. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Expected )/;

type Issue = {
  code?: string;
  message: string;
  origin?: string;
  maximum?: unknown;
  minimum?: unknown;
  values?: unknown[];
};

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : null);

/** A Zod issue of a contract as a coded problem. */
export function issueProblem(issue: Issue): ProblemText {
  const known = byEnglish.get(issue.message);
  if (known) return coded(known);
  if (!ZOD_DEFAULT.test(issue.message)) return coded('rejected', { reason: issue.message });
  const max = num(issue.maximum);
  const min = num(issue.minimum);
  switch (issue.code) {
    case 'too_big':
      if (max === null) break;
      if (issue.origin === 'string') return coded('too_long', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return coded('too_many', { max });
      return coded('max_value', { max });
    case 'too_small':
      if (min === null) break;
      if (issue.origin === 'string') return min <= 1 ? coded('required') : coded('too_short', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return coded('required');
      return coded('min_value', { min });
    case 'invalid_value':
      if (issue.values?.length) return coded('option_invalid', { options: issue.values.join(', ') });
      break;
    case 'invalid_format':
      return coded('format_invalid');
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return coded('required');
      break;
  }
  return coded('value_invalid');
}

/** A service's field error (custom-field checks, a 422 of a record's service) as a coded problem. */
export function fieldErrorProblem(e: FieldError): ProblemText {
  const known = byEnglish.get(e.message);
  if (known) return coded(known);
  if (e.code === 'required') return coded('required');
  if (e.code === 'not_unique') return coded('value_taken');
  if (e.code === 'unknown_field')
    return coded(e.path.startsWith('custom.') ? 'custom_field_unknown' : 'value_invalid');
  return coded('rejected', { reason: e.message });
}

/** A refusal without field errors (403, 409 …) as a coded problem. */
export function appErrorProblem(err: AppError): ProblemText {
  if (err.code === 'forbidden') return coded('forbidden');
  return coded('rejected', { reason: err.message });
}

/**
 * Thrown by an importer's write step that found its row wrong itself (an amount the deal's currency
 * cannot hold): the problems reach the report as they are, code and params kept.
 */
export class RowProblemsError extends AppError {
  constructor(
    readonly problems: (ProblemText & { field: string | null })[],
    code = 'validation_failed',
    status = 422,
  ) {
    super(code, {
      status,
      detail: problems.map((p) => p.message).join('; '),
      errors: problems.map((p) => ({ path: p.field ?? '', message: p.message, code: p.code })),
    });
  }
}
