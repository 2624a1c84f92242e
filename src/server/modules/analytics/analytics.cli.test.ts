import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { datasetPath, sameDigits } from './test-data.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
// No RAPPORT_DATA_DIR or DATABASE_URL: the analytics commands never open a database.
const rapport = (args: string[]) => run('node', ['bin/rapport.mjs', 'analytics', ...args], { cwd: root });
const summary = datasetPath('cdnow_customers_summary.csv');
const groceries = path.join(path.dirname(datasetPath('x')), '../groceries/groceries.csv');

describe('rapport analytics (CLI)', () => {
  it('prints the BG/NBD fit of the CDNOW summary as one JSON object', async () => {
    const { stdout } = await rapport(['fit', '--input', summary, '--format', 'summary', '--model', 'bgnbd']);
    const out = JSON.parse(stdout) as {
      model: string;
      params: Record<string, number>;
      logLikelihood: number;
    };
    expect(out.model).toBe('bgnbd');
    expect(Object.keys(out.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(sameDigits(out.params.alpha as number, 4.414)).toBe(true);
    expect(out.logLikelihood).toBeCloseTo(-9582.4, 1);
  }, 60_000);

  it('fits the Gamma-Gamma model from the CDNOW transaction file', async () => {
    const { stdout } = await rapport([
      'fit',
      '--input',
      datasetPath('CDNOW_sample.txt'),
      '--format',
      'cdnow',
      '--calibration-end',
      '1997-09-30',
      '--model',
      'ggamma',
    ]);
    const out = JSON.parse(stdout) as { params: Record<string, number> };
    expect(Object.keys(out.params)).toEqual(['p', 'q', 'v']);
    expect(sameDigits(out.params.p as number, 6.25)).toBe(true);
  }, 60_000);

  it('scores every customer with given parameters into a CSV file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-analytics-'));
    try {
      const out = path.join(dir, 'scores.csv');
      const params = JSON.stringify({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
      await rapport([
        'score',
        '--input',
        summary,
        '--format',
        'summary',
        '--params',
        params,
        '--horizon',
        '39',
        '--out',
        out,
      ]);
      const lines = (await fs.readFile(out, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('id,frequency,recency,T,p_alive,expected_purchases,expected_value,clv');
      expect(lines).toHaveLength(2358);
      const first = (lines[1] as string).split(',');
      expect(first.slice(0, 4)).toEqual(['1', '2', '30.43', '38.86']);
      expect(Number(first[5])).toBeCloseTo(1.226, 2);
      expect(first[6]).toBe(''); // no monetary values in this summary
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes the association rules of Groceries as CSV: 5,668 at support 0.001, confidence 0.5 (as arules)', async () => {
    const { stdout } = await rapport([
      'rules',
      '--input',
      groceries,
      '--min-support',
      '0.001',
      '--min-confidence',
      '0.5',
    ]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('lhs,rhs,support,confidence,lift,count');
    expect(lines).toHaveLength(1 + 5668);
    expect(lines[1]).toBe(
      'Instant food products|soda,hamburger meat,0.001220132181,0.6315789474,18.99565427,12',
    );
    // An item with a trailing space is quoted so that CSV readers keep it.
    expect(lines.find((l) => l.endsWith(',10') && l.includes(',"cream cheese ",'))).toBeDefined();
  }, 60_000);

  it('writes rules to --out with --max-length, and rejects a support of 0', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-rules-'));
    try {
      const out = path.join(dir, 'rules.csv');
      await rapport([
        'rules',
        '--input',
        groceries,
        '--min-support',
        '0.001',
        '--min-confidence',
        '0.8',
        '--max-length',
        '3',
        '--out',
        out,
      ]);
      const lines = (await fs.readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(1 + 29); // the 29 rules of length 3 among arules' 410
      expect(lines[1]).toBe('liquor|red/blush wine,bottled beer,0.001931875953,0.9047619048,11.23526936,19');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const failed = await rapport([
      'rules',
      '--input',
      groceries,
      '--min-support',
      '0',
      '--min-confidence',
      '0.5',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('minimum support');
  }, 60_000);

  it('exits with a clear message on a horizon of 0', async () => {
    const failed = await rapport([
      'score',
      '--input',
      summary,
      '--format',
      'summary',
      '--horizon',
      '0',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('horizon must be');
  }, 60_000);
});
