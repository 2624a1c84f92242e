import type { ImportEntity, ImportSettings } from '../../../../shared/imports.ts';
import type { Executor } from '../../../db/client.ts';
import type { Ctx } from '../../../http/context.ts';
import type { BuiltRow } from '../imports.build.ts';
import type { Match } from '../imports.match.ts';
import type { ImportTargetDef } from '../imports.targets.ts';
import type { MappedRow, RowProblem } from '../parse/index.ts';

/** What an importer's build step knows besides the row. */
export type RecordBuildEnv = {
  importId: string;
  settings: ImportSettings;
  /** Active users by lower-cased e-mail, for an owner column. */
  usersByEmail: Map<string, string>;
};

/** A record's table as the undo sees it: every imported record can be binned and has a version. */
export type UndoTable = Parameters<Executor['update']>[0] & {
  id: unknown;
  deletedAt: unknown;
  deletedById: unknown;
  version: unknown;
  updatedAt: unknown;
};

/**
 * How one record type beyond people and companies (deals, products, orders, interactions) is imported. Rows
 * are read, mapped and planned by the shared pipeline (dry run, all-or-nothing, checkpoints, undo); the
 * importer says what a row means and writes each record through its module's own service, so an imported
 * deal, product, order or interaction is exactly one the API would have made (validation, numbering,
 * totals, stage history, timeline) — each in a savepoint, so a refused record fails alone.
 */
export type RecordImporter = {
  entity: Exclude<ImportEntity, 'contacts' | 'companies'>;
  /** The fields a file can map to, with labels in every UI language. */
  targets: ImportTargetDef[];
  /**
   * Consecutive rows with the same value of this target are one record (an order's lines): a batch never
   * ends inside such a group, so a resumed import starts at a record's first row.
   */
  groupBy?: string;
  /** The record's input from its row (or its group of rows); problems name the row and the mapped field. */
  build(rows: MappedRow[], env: RecordBuildEnv): BuiltRow;
  /** Looks up what rows refer to (customers, products, stages…) for a batch; unknown ones become problems. */
  resolve?(db: Executor, rows: BuiltRow[]): Promise<void>;
  /** Why the row cannot make a new record (a required field missing), or null; checked in the dry run too. */
  creatable?(row: BuiltRow): RowProblem | null;
  /**
   * Puts back what an update replaced, when the table alone cannot (a product's prices live in their own
   * table); the undo checks first that nobody changed the record since.
   */
  restore?(ctx: Ctx, id: string, before: Record<string, unknown>): Promise<void>;
  /** The keys a row is matched by, as the database keeps them. */
  keysOf(row: BuiltRow, match: string): string[];
  /** Live records holding any of the keys, key → record. */
  findByKeys(db: Executor, match: string, keys: string[]): Promise<Map<string, Match>>;
  /** Creates the record through the module's service; its id. */
  create(ctx: Ctx, row: BuiltRow): Promise<{ id: string; also?: { entity: ImportEntity; id: string }[] }>;
  /**
   * Creates a whole batch through one call of a service that takes many (an ingest endpoint's), which keeps
   * each record in its own savepoint: per row, what `create` returns, or the error `create` would throw.
   * Used instead of `create` when present.
   */
  createMany?(
    ctx: Ctx,
    rows: BuiltRow[],
  ): Promise<({ id: string; also?: { entity: ImportEntity; id: string }[] } | { error: unknown })[]>;
  /**
   * Updates the matched record through the module's service: what it replaced (for undo) and its version
   * after, or null when the row changed nothing. Absent: matched rows are never updated (only skipped).
   */
  update?(
    ctx: Ctx,
    id: string,
    row: BuiltRow,
  ): Promise<{ before: Record<string, unknown>; versionAfter: number } | null>;
  /** The mapped field a service's error path is about (`lines.0.sku` → `sku`); the path itself otherwise. */
  fieldOf?(path: string): string;
  /**
   * Records are keyed by (source, external id) in a unique index that binned records hold too: before a
   * batch's records are created, those an undone import left in the recycle bin under the same keys are
   * erased, so a file can be imported again after its import was undone.
   */
  purgesLeftovers?: boolean;
  /** Where undo bins created records and restores updated ones. */
  table: UndoTable;
  historyEntity: string;
};

export type RecordWriteResult = {
  created: { id: string; rowNo: number }[];
  updated: number;
  unchanged: number[];
  problems: RowProblem[];
};
