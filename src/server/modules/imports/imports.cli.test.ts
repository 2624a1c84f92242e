import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

/** The CLI as a user runs it: a child process on its own PGlite directory. */
it('rapport import: suggested mapping, JSON summary as the last line, dry run writes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-import-'));
  const file = path.join(dir, 'people.csv');
  fs.writeFileSync(
    file,
    'Vorname,Nachname,E-Mail-Adresse,Land\nHans,Meier,hans@cli.example,Deutschland\nLea,Schulz,lea@cli.example,Österreich\n',
  );
  const env = {
    ...process.env,
    RAPPORT_DATA_DIR: path.join(dir, 'data'),
    RAPPORT_LOG_LEVEL: 'silent',
    DATABASE_URL: '',
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const cli = (args: string[]) =>
    run(process.execPath, ['bin/rapport.mjs', ...args], { env, cwd: process.cwd(), timeout: 120_000 });
  const dry = await cli(['import', file, '--entity', 'contacts', '--dry-run']);
  const dryLines = dry.stdout.trim().split('\n');
  expect(dryLines[0]).toMatch(/^Using the suggested mapping/);
  expect(dry.stdout).toContain('E-Mail-Adresse → email');
  expect(JSON.parse(dryLines.at(-1)!)).toEqual({ created: 2, updated: 0, skipped: 0, failed: 0 });
  const real = await cli(['import', file, '--entity', 'contacts']);
  expect(JSON.parse(real.stdout.trim().split('\n').at(-1)!)).toEqual({
    created: 2,
    updated: 0,
    skipped: 0,
    failed: 0,
  });
  const again = await cli(['import', file, '--entity', 'contacts', '--mode', 'upsert']);
  expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toEqual({
    created: 0,
    updated: 0,
    skipped: 2,
    failed: 0,
  });
  // Other record types the same way: a catalogue by SKU, prices in minor units of their currency.
  const catalogue = path.join(dir, 'products.csv');
  fs.writeFileSync(catalogue, 'SKU,Name,Price,Currency\nP-1,Widget,9.99,EUR\nP-2,Gadget,1500,JPY\n');
  const products = await cli(['import', catalogue, '--entity', 'products']);
  expect(products.stdout).toContain('SKU → sku');
  expect(JSON.parse(products.stdout.trim().split('\n').at(-1)!)).toEqual({
    created: 2,
    updated: 0,
    skipped: 0,
    failed: 0,
  });
  // Orders from the command line create their unknown customers (no owner: the system acts, not a user).
  const shop = path.join(dir, 'orders.csv');
  fs.writeFileSync(
    shop,
    'Order Number,Order Date,Currency,Email,SKU,Quantity,Unit Price,Tax Rate\n' +
      'A-1,2026-05-01,EUR,new@shop.example,P-1,2,9.99,25\nA-1,2026-05-01,EUR,new@shop.example,P-2,1,15.00,25\n' +
      'A-2,2026-05-02,EUR,hans@cli.example,P-1,1,9.99,25\n',
  );
  const ordered = await cli(['import', shop, '--entity', 'orders']);
  expect(JSON.parse(ordered.stdout.trim().split('\n').at(-1)!)).toEqual({
    created: 2,
    updated: 0,
    skipped: 0,
    failed: 0,
  });
  const bad = await cli(['import', file, '--entity', 'invoices']).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect((bad as { code: number }).code).not.toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
}, 240_000);
