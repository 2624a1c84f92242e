import { once } from 'node:events';
import fs from 'node:fs';
import { analyticsError } from './analytics.errors.ts';
import { fitBgNbd } from './bgnbd.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import { fitParetoNbd } from './pareto-nbd.ts';
import { type InputFormat, inputFormats, parseCdnow, parseOrdersCsv, parseSummaryCsv } from './readers.ts';
import { associationRules, parseBaskets, type Rule } from './rules.ts';
import { type CustomerScore, scoreCustomers, type TransactionModel, transactionModels } from './score.ts';
import { type CustomerSummary, summarize, type TimeUnit, timeUnits, toColumns } from './summary.ts';

export const fitModels = ['bgnbd', 'pareto', 'ggamma'] as const;

export interface InputOptions {
  input: string;
  format: string;
  calibrationEnd?: string;
  unit: string;
}

const oneOf = <T extends string>(what: string, value: string, allowed: readonly T[]): T => {
  if (!(allowed as readonly string[]).includes(value)) {
    throw analyticsError('invalid_option', `--${what} must be one of ${allowed.join(', ')}, not "${value}".`);
  }
  return value as T;
};

/** Reads the input file into a customer summary (a `summary` file is taken as it is, in its own unit). */
export function loadSummary(o: InputOptions): { rows: CustomerSummary[]; unit: TimeUnit } {
  const format: InputFormat = oneOf('format', o.format, inputFormats);
  const unit: TimeUnit = oneOf('unit', o.unit, timeUnits);
  const text = fs.readFileSync(o.input, 'utf8');
  if (format === 'summary') return { rows: parseSummaryCsv(text), unit };
  const transactions = format === 'cdnow' ? parseCdnow(text) : parseOrdersCsv(text);
  return { rows: summarize(transactions, { unit, calibrationEnd: o.calibrationEnd }), unit };
}

/** `rapport analytics fit`: one JSON object `{"model", "params", "logLikelihood"}`. */
export function runAnalyticsFit(o: InputOptions & { model: string }): string {
  const model = oneOf('model', o.model, fitModels);
  const cols = toColumns(loadSummary(o).rows);
  const fit =
    model === 'bgnbd' ? fitBgNbd(cols) : model === 'pareto' ? fitParetoNbd(cols) : fitGammaGamma(cols);
  return JSON.stringify({ model, params: fit.params, logLikelihood: fit.logLikelihood });
}

const cell = (v: number | null) => (v === null ? '' : String(Math.round(v * 1e6) / 1e6));
const csvId = (id: string) => (/[",\r\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);

export const scoreHeader = 'id,frequency,recency,T,p_alive,expected_purchases,expected_value,clv';
export const scoreLine = (s: CustomerScore) =>
  [csvId(s.id), s.frequency, cell(s.recency), cell(s.T)].join(',') +
  `,${cell(s.pAlive)},${cell(s.expectedPurchases)},${cell(s.expectedValue)},${cell(s.clv)}`;

/** `rapport analytics score`: the scores as CSV to `out` (a path) or standard output. */
export async function runAnalyticsScore(
  o: InputOptions & {
    model: string;
    params?: string;
    horizon: string;
    discountRate: string;
    margin: string;
    out?: string;
  },
): Promise<void> {
  const model: TransactionModel = oneOf('model', o.model, transactionModels);
  let params: Record<string, number> | undefined;
  if (o.params !== undefined) {
    try {
      params = JSON.parse(o.params) as Record<string, number>;
    } catch {
      throw analyticsError(
        'invalid_params',
        '--params must be a JSON object, e.g. {"r":0.24,"alpha":4.4,…}.',
      );
    }
    if (typeof params !== 'object' || params === null) {
      throw analyticsError('invalid_params', '--params must be a JSON object.');
    }
  }
  const { rows, unit } = loadSummary(o);
  const scores = scoreCustomers(rows, {
    model,
    horizon: Number(o.horizon),
    unit,
    monthlyDiscountRate: Number(o.discountRate),
    marginRate: Number(o.margin),
    params,
  });
  await writeLines(o.out && o.out !== '-' ? o.out : null, scoreHeader, scores, scoreLine);
}

/** A CSV field, quoted when it holds a quote, comma, line break or leading/trailing space. */
const csvText = (text: string) => (/[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const measure = (v: number) => String(Number(v.toPrecision(10)));

export const rulesHeader = 'lhs,rhs,support,confidence,lift,count';
/** lhs items sorted and joined by `|` (an empty lhs is an empty field). */
export const ruleLine = (r: Rule) =>
  `${csvText(r.lhs.join('|'))},${csvText(r.rhs)},${measure(r.support)},${measure(r.confidence)},${measure(r.lift)},${r.count}`;

/**
 * `rapport analytics rules`: association rules (arules' apriori semantics) of the baskets in `input` — one
 * basket a line, items separated by commas — as CSV to `out` (a path) or standard output, best lift first.
 */
export async function runAnalyticsRules(o: {
  input: string;
  minSupport: string;
  minConfidence: string;
  maxLength?: string;
  minLength?: string;
  out?: string;
}): Promise<void> {
  const number = (what: string, value: string | undefined) => {
    const v = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(v))
      throw analyticsError('invalid_option', `--${what} must be a number, not "${value}".`);
    return v;
  };
  const options = {
    minSupport: number('min-support', o.minSupport),
    minConfidence: number('min-confidence', o.minConfidence),
    maxLength: o.maxLength === undefined ? undefined : number('max-length', o.maxLength),
    minLength: o.minLength === undefined ? undefined : number('min-length', o.minLength),
  };
  const baskets = parseBaskets(fs.readFileSync(o.input, 'utf8'));
  const rules = associationRules(baskets, options);
  await writeLines(o.out && o.out !== '-' ? o.out : null, rulesHeader, rules, ruleLine);
}

/**
 * The header and a line per item to a file or standard output, 10,000 lines a write with back-pressure
 * (never one string of a million lines). A reader that stops early (`| head`) ends the command quietly.
 */
async function writeLines<T>(file: string | null, header: string, items: T[], line: (item: T) => string) {
  const out = file ? fs.createWriteStream(file) : process.stdout;
  let closed = false;
  let stop = () => {};
  const stopped = new Promise<void>((done) => {
    stop = done;
  });
  const failed = new Promise<never>((_, reject) =>
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (file || err.code !== 'EPIPE') return reject(err);
      closed = true;
      stop();
    }),
  );
  failed.catch(() => {});
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : Promise.race([once(out, 'drain'), stopped, failed]);
  await write(`${header}\n`);
  for (let i = 0; i < items.length && !closed; i += 10_000)
    await write(
      `${items
        .slice(i, i + 10_000)
        .map(line)
        .join('\n')}\n`,
    );
  if (file) await Promise.race([new Promise<void>((done) => out.end(done)), failed]);
}
