import type { ImportEntity, ImportSettings } from '../../../shared/imports.ts';
import type { Executor } from '../../db/client.ts';
import type { RecordImporter } from './entities/types.ts';
import { type BuiltRow, creatable } from './imports.build.ts';
import { findByKeys, findSimilar, type Match, matchKeys } from './imports.match.ts';
import { type RowProblem, rowProblem } from './parse/index.ts';

/** What a batch will do: each row becomes a create, an update of a match, a skip or a failure. */
export type BatchPlan = {
  creates: BuiltRow[];
  updates: { id: string; row: BuiltRow }[];
  /** Rows that repeat an earlier row of the same batch, to be applied to that row's new record. */
  mergeIntoNew: { into: number; row: BuiltRow }[];
  skipped: number[];
  failures: RowProblem[];
  duplicates: {
    rowNo: number;
    recordId: string | null;
    sameAsRow: number | null;
    reason: string;
    name: string;
  }[];
};

export type PlanEnv = {
  entity: ImportEntity;
  settings: ImportSettings;
  decisions: Record<string, 'skip' | 'update' | 'create'>;
  /** The company each contact row links to (for the fuzzy check: similar names at the same company). */
  companyOf?: Map<number, string | null>;
  /** How another record type (deals, products…) is matched; people and companies by default. */
  importer?: Pick<RecordImporter, 'keysOf' | 'findByKeys' | 'creatable' | 'groupBy'> | null;
  /** Owners whose records the importing user may change; null = all (admins). */
  editableOwners: Set<string | null> | null;
  /**
   * Keys seen earlier in the file (dry run only: nothing is written, so the database cannot tell that an
   * earlier row will have created the record). Hash of the key → row number.
   */
  seenInFile?: Map<number, number>;
};

/** A 53-bit hash of a key: a million keys in a Map of numbers instead of strings (a third of the memory). */
export function hashKey(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

const displayName = (row: BuiltRow) =>
  [row.fields.firstName, row.fields.lastName, row.fields.name].filter(Boolean).join(' ') ||
  ((row.fields.emails as { address: string }[] | undefined)?.[0]?.address ?? '');

export async function planBatch(db: Executor, rows: BuiltRow[], env: PlanEnv): Promise<BatchPlan> {
  const plan: BatchPlan = {
    creates: [],
    updates: [],
    mergeIntoNew: [],
    skipped: [],
    failures: [],
    duplicates: [],
  };
  const good = rows.filter((r) => {
    if (!r.problems.length) return true;
    plan.failures.push(...r.problems);
    return false;
  });
  const importer = env.importer;
  const keysOf = good.map((r) =>
    importer ? importer.keysOf(r, env.settings.match) : matchKeys(r, env.settings.match, env.entity),
  );
  const existing = importer
    ? await importer.findByKeys(db, env.settings.match, keysOf.flat())
    : await findByKeys(db, env.entity, env.settings.match, keysOf.flat());
  // Fuzzy look-ups only for rows without an exact match.
  let similar = new Map<number, Match>();
  if (env.settings.fuzzy && !importer) {
    const candidates = good
      .map((r, index) => ({ r, index }))
      .filter(({ index }) => !keysOf[index]!.some((k) => existing.has(k)))
      .map(({ r, index }) => ({
        index,
        name:
          env.entity === 'contacts'
            ? [r.fields.firstName, r.fields.lastName].filter(Boolean).join(' ')
            : String(r.fields.name ?? ''),
        companyId: env.companyOf?.get(r.rowNo) ?? null,
      }));
    similar = await findSimilar(db, env.entity, candidates);
  }
  const newInBatch = new Map<string, number>(); // key → index in plan.creates
  const byEmail = env.settings.match === 'email' && env.entity === 'contacts';
  for (const [index, row] of good.entries()) {
    const keys = keysOf[index]!;
    const dbMatch = keys.map((k) => existing.get(k)).find(Boolean) ?? similar.get(index);
    const batchMatch = keys.map((k) => newInBatch.get(k)).find((i) => i !== undefined);
    const fileMatch = env.seenInFile
      ? keys.map((k) => env.seenInFile!.get(hashKey(k))).find((n) => n !== undefined)
      : undefined;
    const isFuzzy = !keys.some((k) => existing.has(k)) && similar.has(index);
    // A record made of consecutive rows (an order's lines) whose key comes back later in the file: its
    // rows are split, and the later ones would be lost as a duplicate.
    if (importer?.groupBy && !dbMatch && (batchMatch !== undefined || fileMatch !== undefined)) {
      const first = batchMatch !== undefined ? plan.creates[batchMatch]!.rowNo : fileMatch;
      plan.failures.push(rowProblem(row.rowNo, importer.groupBy, 'group_split', { row: first ?? row.rowNo }));
      continue;
    }
    if (!dbMatch && batchMatch === undefined && fileMatch === undefined) {
      if (env.settings.mode === 'update')
        plan.failures.push(rowProblem(row.rowNo, env.settings.match, 'no_match'));
      else addCreate(row, keys);
      continue;
    }
    const sameAsRow = batchMatch !== undefined ? plan.creates[batchMatch]!.rowNo : (fileMatch ?? null);
    plan.duplicates.push({
      rowNo: row.rowNo,
      recordId: dbMatch?.id ?? null,
      sameAsRow: dbMatch ? null : sameAsRow,
      reason: dbMatch?.reason ?? `same ${env.settings.match} as row ${sameAsRow}`,
      name: dbMatch?.name ?? displayName(row),
    });
    const decided = env.decisions[String(row.rowNo)];
    const action = env.settings.mode === 'create' ? (decided ?? env.settings.duplicates) : 'update';
    if (action === 'skip') plan.skipped.push(row.rowNo);
    else if (action === 'create' && byEmail && !isFuzzy)
      plan.failures.push(rowProblem(row.rowNo, 'email', 'email_no_second_contact'));
    else if (action === 'create') addCreate(row, keys);
    else if (dbMatch && env.editableOwners && !env.editableOwners.has(dbMatch.ownerId))
      plan.failures.push(rowProblem(row.rowNo, null, 'match_not_editable'));
    else if (dbMatch) plan.updates.push({ id: dbMatch.id, row });
    else if (batchMatch !== undefined) plan.mergeIntoNew.push({ into: batchMatch, row });
    // Dry run: an earlier row of the file will have created the record; this row will update it.
    else plan.updates.push({ id: '', row });
  }

  function addCreate(row: BuiltRow, keys: string[]) {
    const problem = importer ? (importer.creatable?.(row) ?? null) : creatable(row, env.entity);
    if (problem) {
      plan.failures.push(problem);
      return;
    }
    for (const k of keys) {
      if (!newInBatch.has(k)) newInBatch.set(k, plan.creates.length);
      if (env.seenInFile && !env.seenInFile.has(hashKey(k))) env.seenInFile.set(hashKey(k), row.rowNo);
    }
    plan.creates.push(row);
  }
  return plan;
}
