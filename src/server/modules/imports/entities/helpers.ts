import { minorUnits, parseMajor } from '../../../../shared/money.ts';
import type { BuiltRow } from '../imports.build.ts';
import { issueProblem } from '../imports.problems.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import { type MappedRow, type RowProblem, rowProblem } from '../parse/index.ts';

type Labels = ImportTargetDef['labels'];

/** A target: its key, how a cell is read, its label in each UI language. */
export const target = (
  key: string,
  type: ImportTargetDef['type'],
  labels: Labels,
  extra: Partial<ImportTargetDef> = {},
): ImportTargetDef => ({ key, type, labels, ...extra });

/** A mapped cell as a non-empty string, else undefined. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/**
 * An amount in major units (a decimal string the reader normalised) as integer minor units of the currency:
 * "19.99" EUR → 1999, "1500" JPY → 1500; more decimals than the currency has is a problem, not a rounding.
 */
export function minor(
  value: unknown,
  currency: string | undefined,
  rowNo: number,
  field: string,
  problems: RowProblem[],
): number | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  if (!currency) {
    problems.push(rowProblem(rowNo, field, 'amount_currency_missing'));
    return undefined;
  }
  const n = parseMajor(s, currency);
  if (n === null) {
    const digits = minorUnits(currency);
    problems.push(
      digits === 0
        ? rowProblem(rowNo, field, 'amount_in_currency_whole', { currency, value: s })
        : rowProblem(rowNo, field, 'amount_in_currency', { currency, digits, value: s }),
    );
    return undefined;
  }
  return n;
}

/** The mapped rows' problems, and a built row (the first row's number stands for the record). */
export function builtFrom(
  rows: MappedRow[],
  fields: Record<string, unknown>,
  more: RowProblem[] = [],
): BuiltRow {
  return {
    rowNo: rows[0]!.rowNo,
    fields,
    company: null,
    problems: [...rows.flatMap((r) => r.problems), ...more],
  };
}

/** Zod issues of a contract as problems of the row, named by the mapped field. */
export function issuesAsProblems(
  rowNo: number,
  issues: (Parameters<typeof issueProblem>[0] & { path: PropertyKey[] })[],
  fieldOf: (path: string) => string,
): RowProblem[] {
  return issues.map((i) => ({ rowNo, field: fieldOf(i.path.map(String).join('.')), ...issueProblem(i) }));
}
