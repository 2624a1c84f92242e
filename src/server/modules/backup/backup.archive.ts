import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupManifest,
  backupManifest,
  MANIFEST_ENTRY,
} from './backup.manifest.ts';

/** An opened archive: its manifest and a way to stream each entry. Close it when done. */
export type OpenArchive = {
  manifest: BackupManifest;
  open(name: string): Promise<NodeJS.ReadableStream>;
  close(): void;
};

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

const damaged = (file: string, why: string) =>
  new BackupError(
    'archive_unreadable',
    `${file} is not a readable Rapport backup (truncated, damaged or another kind of file): ${why}`,
  );

/** Opens a backup zip (reading only its directory and manifest) and checks the format it was written in. */
export async function openArchive(file: string): Promise<OpenArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true });
  } catch (err) {
    throw damaged(file, (err as Error).message);
  }
  try {
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    }).catch((err) => {
      throw damaged(file, (err as Error).message);
    });
    const manifestEntry = entries.get(MANIFEST_ENTRY);
    if (!manifestEntry || manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES)
      throw damaged(file, `no ${MANIFEST_ENTRY}`);
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(manifestEntry)) chunks.push(c as Buffer);
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw damaged(file, `${MANIFEST_ENTRY} is not JSON`);
    }
    const head = raw as { format?: unknown; formatVersion?: unknown };
    if (head?.format !== BACKUP_FORMAT) throw damaged(file, 'not a Rapport backup');
    if (typeof head.formatVersion === 'number' && head.formatVersion > BACKUP_FORMAT_VERSION)
      throw new BackupError(
        'format_newer',
        `This archive uses backup format ${head.formatVersion}, newer than this Rapport reads (${BACKUP_FORMAT_VERSION}). Upgrade Rapport first.`,
      );
    const parsed = backupManifest.safeParse(raw);
    if (!parsed.success) throw damaged(file, `${MANIFEST_ENTRY} is incomplete`);
    const manifest = parsed.data;
    for (const t of manifest.tables)
      if (!entries.has(t.file)) throw damaged(file, `the rows of ${t.name} (${t.file}) are missing`);
    return {
      manifest,
      async open(name) {
        const entry = entries.get(name);
        if (!entry) throw damaged(file, `${name} is missing`);
        return zip.openReadStreamPromise(entry);
      },
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Passes bytes through while counting COPY rows (one newline each) and hashing them. */
export function checksumTap() {
  const hash = createHash('sha256');
  const result = { rows: 0, bytes: 0, sha256: '' };
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      result.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) result.rows++;
      cb(null, chunk);
    },
    flush(cb) {
      result.sha256 = hash.digest('hex');
      cb();
    },
  });
  return { tap, result };
}
