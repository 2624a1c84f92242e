import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq, isNotNull, lt } from 'drizzle-orm';
import type { FileDto } from '../../../shared/files.ts';
import type { Executor } from '../../db/client.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { files } from './files.schema.ts';

type Row = typeof files.$inferSelect;
export type StoredFile = Row;

export const toFileDto = (r: Row): FileDto => ({
  id: r.id,
  purpose: r.purpose,
  name: r.name,
  contentType: r.contentType,
  size: r.size,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt?.toISOString() ?? null,
});

/** The bytes of a stored file: `<dir>/<first two hex digits of the id>/<id>`, never a user-given name. */
export function storedPath(ctx: Pick<Ctx, 'config'>, id: string): string {
  return path.join(ctx.config.files.dir, id.slice(0, 2), id);
}

export type FileMeta = { purpose: string; name: string; contentType: string; expiresAt?: Date | null };

/** Counts bytes and hashes them on the way through; stops the stream past `max` bytes with a 413. */
function meter(max: number) {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) {
        done(
          new AppError('file_too_large', {
            status: 413,
            detail: `The file is larger than the limit of ${Math.floor(max / 1_048_576)} MB.`,
          }),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { t, result: () => ({ size, sha256: hash.digest('hex') }) };
}

/**
 * Stores a file written by `write` (a stream piped in, or a writer that produces the content: an export).
 * The bytes go to a temporary name first and the row is inserted only once they are complete, so a
 * failure never leaves a row without its file.
 */
export async function storeFile(
  ctx: Pick<Ctx, 'db' | 'config' | 'user'>,
  meta: FileMeta,
  source: Readable | ((out: Writable) => Promise<void>),
  opts: { maxBytes?: number } = {},
): Promise<StoredFile> {
  const id = randomUUID();
  const final = storedPath(ctx, id);
  const tmp = `${final}.part`;
  await fsp.mkdir(path.dirname(final), { recursive: true });
  const m = meter(opts.maxBytes ?? Number.MAX_SAFE_INTEGER);
  const out = fs.createWriteStream(tmp);
  try {
    if (typeof source === 'function') {
      const done = pipeline(m.t, out);
      // A writer that fails leaves `done` rejected with nobody awaiting it: an unhandled rejection would
      // end the process. Its error is still seen below on success, and the writer's own error wins.
      done.catch(() => {});
      await source(m.t);
      m.t.end();
      await done;
    } else {
      await pipeline(source, m.t, out);
    }
    const { size, sha256 } = m.result();
    await fsp.rename(tmp, final);
    const [row] = await ctx.db
      .insert(files)
      .values({
        id,
        purpose: meta.purpose,
        name: meta.name.slice(0, 255) || 'file',
        contentType: meta.contentType,
        size,
        sha256,
        createdById: ctx.user.via === 'system' ? null : ctx.user.id,
        expiresAt: meta.expiresAt ?? null,
      })
      .returning();
    return row!;
  } catch (err) {
    out.destroy();
    await fsp.rm(tmp, { force: true });
    await fsp.rm(final, { force: true });
    throw err;
  }
}

/** A stored file the caller may read: its creator, or an admin. Anyone else gets 404, like a missing one. */
export async function getFile(ctx: Pick<Ctx, 'db' | 'user'>, id: string): Promise<StoredFile> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) throw notFound('file');
  const mine = row.createdById === ctx.user.id || ctx.user.via === 'system';
  if (!mine && !atLeast(ctx.user, 'admin')) throw notFound('file');
  return row;
}

export function openFile(ctx: Pick<Ctx, 'config'>, row: StoredFile): fs.ReadStream {
  return fs.createReadStream(storedPath(ctx, row.id));
}

export async function deleteFile(db: Executor, ctx: Pick<Ctx, 'config'>, id: string): Promise<void> {
  await db.delete(files).where(eq(files.id, id));
  await fsp.rm(storedPath(ctx, id), { force: true });
}

/** Maintenance: removes files past their expiry (row first, so nobody is handed a file being deleted). */
export async function purgeExpiredFiles(ctx: Pick<Ctx, 'db' | 'config' | 'now'>): Promise<number> {
  const gone = await ctx.db
    .delete(files)
    .where(and(isNotNull(files.expiresAt), lt(files.expiresAt, ctx.now())))
    .returning({ id: files.id });
  for (const { id } of gone) await fsp.rm(storedPath(ctx, id), { force: true });
  return gone.length;
}

/** `Content-Disposition` for a download: an ASCII fallback plus the exact name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
