import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, DataDirLockedError, openPglite, rowsOf } from './client.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const clientModule = fileURLToPath(new URL('./client.ts', import.meta.url));

/** PGlite serves one process per data directory; a second opener must be refused, not corrupt the data. */
describe('PGlite data directory lock', () => {
  const dirs: string[] = [];
  const open: Database[] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-lock-'));
    dirs.push(dir);
    return dir;
  };
  const openDir = async (dataDir: string) => {
    const d = await openPglite({ dataDir, maxWalMb: 64 });
    open.push(d);
    return d;
  };
  const count = async (d: Database) =>
    rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from t`))[0]!.n;

  // Creating a data directory runs initdb, which is slow: do it once, with one row in table t, and copy it.
  let seeded: string | undefined;
  beforeAll(async () => {
    seeded = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-lock-seed-'));
    const d = await openPglite({ dataDir: seeded, maxWalMb: 64 });
    await d.db.execute(sql`create table t (n int)`);
    await d.db.execute(sql`insert into t values (1)`);
    await d.close();
  }, 120_000);
  afterAll(() => {
    if (seeded) fs.rmSync(seeded, { recursive: true, force: true });
  });
  const seededDir = () => {
    const dir = tempDir();
    fs.cpSync(seeded!, dir, { recursive: true });
    return dir;
  };

  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of open.splice(0)) await d.close().catch(() => {});
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener in the same process with a clear message, and opens again after close', async () => {
    const dir = seededDir();
    const first = await openDir(dir);

    const second = await openPglite({ dataDir: dir, maxWalMb: 64 }).then(
      (d) => {
        open.push(d);
        return null;
      },
      (err: unknown) => err,
    );
    expect(second).toBeInstanceOf(DataDirLockedError);
    expect((second as Error).message).toContain(dir);
    expect((second as Error).message).toMatch(/in use by another Rapport process/);
    expect((second as Error).message).toMatch(/DATABASE_URL/);
    // The refused opener did not disturb the first one.
    await first.db.execute(sql`insert into t values (2)`);
    expect(await count(first)).toBe(2);

    await first.close();
    open.splice(open.indexOf(first), 1);
    const again = await openDir(dir);
    expect(await count(again)).toBe(2);
  }, 60_000);

  it('refuses the directory while another process holds it, and loses no row of either', async () => {
    const dir = seededDir();

    const script = `
      import { openPglite } from ${JSON.stringify(clientModule)};
      const d = await openPglite({ dataDir: ${JSON.stringify(dir)}, maxWalMb: 64 });
      await d.pglite.exec('insert into t values (2), (3)');
      process.stdout.write('READY\\n');
      process.stdin.once('data', async () => {
        await d.pglite.exec('insert into t values (4)');
        await d.close();
        process.stdout.write('CLOSED\\n');
        process.exit(0);
      });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: 'pipe',
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (b) => {
      err += b;
    });
    const saw = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(text)) resolve();
        };
        child.stdout.on('data', (b) => {
          out += b;
          check();
        });
        child.once('exit', (code) =>
          out.includes(text) ? resolve() : reject(new Error(`child exited ${code}: ${err}`)),
        );
        check();
      });
    await saw('READY');

    await expect(openPglite({ dataDir: dir, maxWalMb: 64 })).rejects.toBeInstanceOf(DataDirLockedError);

    child.stdin.write('stop\n');
    await saw('CLOSED');
    const exit = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
    );
    expect(exit).toBe(0);

    const after = await openDir(dir);
    expect(
      rowsOf<{ n: number }>(await after.db.execute(sql`select n from t order by n`)).map((r) => r.n),
    ).toEqual([1, 2, 3, 4]);
  }, 90_000);
});
