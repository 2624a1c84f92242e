import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { Database } from '../../db/client.ts';
import { ident, readCatalogue } from './backup.catalog.ts';
import { withSession } from './backup.session.ts';

/**
 * Test support: a fingerprint of every table (row count and the md5 of its rows' text, ordered by primary
 * key) taken from the catalogue, so tables other modules add are compared too.
 */
export async function fingerprints(database: Database): Promise<Record<string, string>> {
  return withSession(database, 'read', async (s) => {
    const { tables } = await readCatalogue(s.query);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const keys = t.primaryKey.length ? t.primaryKey.map((k) => `x.${ident(k)}`) : ['x'];
      const order = keys.map((k) => `${k}::text collate "C"`).join(', ');
      const [r] = await s.query<{ n: number; h: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by ${order}), '')) as h from ${ident(t.name)} x`,
      );
      out[t.name] = `${r!.n}:${r!.h}`;
    }
    return out;
  });
}

export const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-backup-test-'));

/** Copies a zip entry by entry, letting `edit` change an entry's bytes (to make damaged archives). */
export async function rewriteZip(
  from: string,
  to: string,
  edit: (name: string, data: Buffer) => Buffer,
): Promise<void> {
  const src = await yauzl.openPromise(from, { lazyEntries: true, autoClose: false });
  const out = new yazl.ZipFile();
  const done = new Promise<void>((resolve, reject) =>
    out.outputStream.pipe(fs.createWriteStream(to)).on('finish', resolve).on('error', reject),
  );
  await new Promise<void>((resolve, reject) => {
    src.on('entry', async (e: yauzl.Entry) => {
      const chunks: Buffer[] = [];
      for await (const c of await src.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.addBuffer(edit(e.fileName, Buffer.concat(chunks)), e.fileName);
      src.readEntry();
    });
    src.on('end', resolve);
    src.on('error', reject);
    src.readEntry();
  });
  src.close();
  out.end();
  await done;
}
