import { z } from 'zod';

/** The archive's table of contents (`manifest.json`, the last entry of the zip). */
export const BACKUP_FORMAT = 'rapport-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const tableEntry = (table: string) => `tables/${table}.tsv`;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const backupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  createdAt: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), serverVersion: z.string() }),
  /** The newest migration applied to the database backed up: `when` is drizzle's folder timestamp. */
  migration: z.object({ tag: z.string().nullable(), when: z.number().int(), hash: z.string() }),
  /** How rows are written: PostgreSQL's COPY text format, UTF-8, in these session settings. */
  encoding: z.object({
    copy: z.literal('text'),
    timeZone: z.literal('UTC'),
    dateStyle: z.literal('ISO, YMD'),
  }),
  tables: z.array(
    z.object({
      name: z.string().min(1).max(63),
      file: z.string(),
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
      primaryKey: z.array(z.string()),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256,
    }),
  ),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
});
export type BackupManifest = z.infer<typeof backupManifest>;
export type ManifestTable = BackupManifest['tables'][number];

/** A backup or restore that cannot go on, with a message meant for the person running it. */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
