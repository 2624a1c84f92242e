import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');

/** `rapport export` as a real child process on a PGlite data directory filled by `rapport demo`. */
describe('rapport export (CLI)', () => {
  let dir: string;
  // PGlite in its own directory, whatever the test process was given.
  const { DATABASE_URL: _url, ...env } = process.env;
  const rapport = (args: string[]) =>
    run('node', ['bin/rapport.mjs', ...args], {
      cwd: root,
      env: { ...env, RAPPORT_DATA_DIR: dir, RAPPORT_LOG_LEVEL: 'warn' },
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-export-cli-'));
    await rapport(['demo', '--contacts', '300']);
  }, 180_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('writes the filtered list to a CSV file and says so on stderr only', async () => {
    const out = path.join(dir, 'customers.csv');
    const all = await rapport([
      'export',
      '--entity',
      'contacts',
      '--format',
      'csv',
      '--out',
      '-',
      '--columns',
      'lastName,lifecycleStage',
    ]);
    const everyone = parse(all.stdout, { bom: true }) as string[][];
    expect(everyone).toHaveLength(301);
    const customers = everyone.filter((r) => r[1] === 'customer').length;
    expect(customers).toBeGreaterThan(0);
    const filter = JSON.stringify({ field: 'lifecycleStage', op: 'eq', value: 'customer' });
    const res = await rapport([
      'export',
      '--entity',
      'contacts',
      '--format',
      'csv',
      '--out',
      out,
      '--filter',
      filter,
      '--columns',
      'name,email,country',
    ]);
    expect(res.stdout.length).toBe(0);
    expect(res.stderr.toString()).toMatch(
      new RegExp(`^Exported ${customers} contacts to .*customers\\.csv \\(csv, \\d+ KB\\) in [\\d.]+ s\\n$`),
    );
    const rows = parse(await fs.readFile(out), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['First name', 'Last name', 'E-mail', 'Country']);
    expect(rows).toHaveLength(customers + 1);
  }, 120_000);

  it('streams XLSX to stdout with --out -', async () => {
    const res = await rapport([
      'export',
      '--entity',
      'companies',
      '--format',
      'xlsx',
      '--out',
      '-',
      '--language',
      'de',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.stdout as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Firmen');
    expect(ws.getCell('A1').value).toBe('Name');
    expect(ws.rowCount).toBe(16); // 300 contacts → 15 companies
  }, 60_000);

  it('refuses what the API refuses, with exit code 2 and nothing on stdout', async () => {
    const err = await rapport([
      'export',
      '--entity',
      'deals',
      '--format',
      'vcf',
      '--out',
      path.join(dir, 'x.vcf'),
    ]).catch((e: { code: number; stdout: Buffer; stderr: Buffer }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stdout: Buffer }).stdout.length).toBe(0);
    expect((err as { stderr: Buffer }).stderr.toString()).toContain('vCard exports only contacts');
    await expect(fs.stat(path.join(dir, 'x.vcf'))).rejects.toThrow();
  }, 60_000);
});
