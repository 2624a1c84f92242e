import { type SQL, sql } from 'drizzle-orm';
import type { MergeEntity, MergeInput } from '../../../shared/merge.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { getCompany } from '../companies/index.ts';
import { getContact } from '../contacts/index.ts';
import { checkUniqueCustom, customFieldDefs, validateCustom } from '../custom-fields/index.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { journeyDirty } from '../journey/journey.schema.ts';
import { assertCanEdit, assertVersion } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { forgetPairsOf } from './duplicates.service.ts';
import { type EntityConfig, entityConfigs, type RawRow, rawName, resolveMerge } from './merge.fields.ts';
import { countReferences, queryRows, referencesTo, repoint } from './merge.references.ts';
import { merges } from './merge.schema.ts';
import { getMerge } from './merge.undo.ts';

const id = (name: string) => sql.identifier(name);

/** Both records' rows, locked in id order (two merges of the same pair never deadlock). */
export async function lockPair(tx: Executor, cfg: EntityConfig, a: string, b: string) {
  const rows = await queryRows<{ row: RawRow }>(
    tx,
    sql`select to_jsonb(t) as row from ${id(cfg.tableName)} t where t.id in (${a}::uuid, ${b}::uuid)
        order by t.id for update`,
  );
  const byId = new Map(rows.map((r) => [r.row.id as string, r.row]));
  return { first: byId.get(a), second: byId.get(b) };
}

const what = (entity: MergeEntity) => entity;

/** Both records as the API shows them, and how many related rows would move to the survivor. */
export async function mergePreview(ctx: Ctx, entity: MergeEntity, thisId: string, otherId?: string) {
  const get = entity === 'contact' ? getContact : getCompany;
  const mine = await get(ctx, thisId);
  if (!otherId) throw invalid([{ path: 'otherId', message: 'Choose the record to merge' }]);
  if (thisId === otherId) throw invalid([{ path: 'otherId', message: 'Choose another record' }]);
  const theirs = await get(ctx, otherId);
  const refs = await referencesTo(ctx.db, entityConfigs[entity].tableName);
  const related = await countReferences(ctx.db, refs, otherId);
  return { this: mine, other: theirs, related } as never;
}

/**
 * Merges `input.otherId` into `survivorId` in one transaction: the survivor takes the chosen values, every
 * row pointing to the other record points to the survivor, the other goes to the recycle bin, and the
 * merge is recorded with everything undo needs.
 */
export async function mergeRecords(
  ctx: Ctx,
  entity: MergeEntity,
  survivorId: string,
  input: MergeInput,
  expectedVersion?: number,
) {
  const cfg = entityConfigs[entity];
  if (survivorId === input.otherId)
    throw invalid([{ path: 'otherId', message: 'A record cannot be merged into itself' }]);
  const defs = await customFieldDefs(ctx.db, entity, ctx.database.db);
  const mergeId = await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    const { first: survivor, second: loser } = await lockPair(tx, cfg, survivorId, input.otherId);
    if (!survivor || survivor.deleted_at) throw notFound(what(entity));
    if (!loser || loser.deleted_at) throw notFound(what(entity));
    await assertCanEdit(tctx, (survivor.owner_id as string | null) ?? null);
    await assertCanEdit(tctx, (loser.owner_id as string | null) ?? null);
    assertVersion(survivor.version as number, expectedVersion);

    const { values, changes, errors } = resolveMerge(
      cfg,
      survivor,
      loser,
      input.fields,
      defs.map((d) => d.key),
    );
    if (errors.length) throw invalid(errors);
    const chosenCustom = values.custom as Record<string, unknown>;
    const customChanged = changes.filter((c) => c.field.startsWith('custom.')).map((c) => c.field.slice(7));
    const { errors: customErrors } = validateCustom(
      defs,
      Object.fromEntries(customChanged.filter((k) => k in chosenCustom).map((k) => [k, chosenCustom[k]])),
      'update',
    );
    if (customErrors.length) throw invalid(customErrors);
    if (entity === 'contact' && values.company_id && values.company_id !== survivor.company_id) {
      const [co] = await queryRows<{ id: string }>(
        tx,
        sql`select id from companies where id = ${values.company_id as string}::uuid and deleted_at is null`,
      );
      if (!co) throw invalid([{ path: 'fields.companyId', message: 'That company is in the recycle bin' }]);
    }

    // The loser leaves first, so a unique custom value it held may pass to the survivor.
    await tx.execute(
      sql`update ${id(cfg.tableName)} set deleted_at = ${ctx.now()}, deleted_by_id = ${
        ctx.user.via === 'system' ? null : ctx.user.id
      }, version = version + 1 where id = ${input.otherId}::uuid`,
    );
    const uniq = await checkUniqueCustom(
      tx,
      cfg.table,
      entity,
      defs,
      chosenCustom,
      customChanged,
      survivorId,
    );
    if (uniq.length) throw invalid(uniq);

    const refs = await referencesTo(tx, cfg.tableName);
    const { moved, removed } = await repoint(tx, refs, input.otherId, survivorId);
    if (entity === 'contact') await markJourneys(tx, [survivorId, input.otherId]);

    await writeValues(tx, cfg, survivorId, values, ctx.now());
    const loserName = rawName(entity, loser);
    await recordHistoryEntry(tx, ctx, entity, survivorId, 'update', [
      { field: 'mergedFrom', old: null, new: loserName },
      ...changes,
    ]);
    await recordHistoryEntry(tx, ctx, entity, input.otherId, 'delete', [
      { field: 'mergedInto', old: null, new: rawName(entity, { ...survivor, ...values }) },
    ]);
    const [row] = await tx
      .insert(merges)
      .values({
        entity,
        survivorId,
        loserId: input.otherId,
        actorId: ctx.user.via === 'system' ? null : ctx.user.id,
        choices: input.fields,
        changes,
        survivorBefore: survivor,
        loserSnapshot: loser,
        survivorVersion: (survivor.version as number) + 1,
        loserVersion: (loser.version as number) + 1,
        moved,
        removed,
        createdAt: ctx.now(),
      })
      .returning({ id: merges.id });
    await forgetPairsOf(tx, entity, input.otherId);
    await audit(tctx, `${entity}.merge`, entity, survivorId, { mergeId: row!.id, loserId: input.otherId });
    return row!.id;
  });
  return getMerge(ctx, mergeId);
}

/** Writes a record's merge-managed columns from a raw row (the merge result, or the snapshot on undo). */
export async function writeValues(
  tx: Executor,
  cfg: EntityConfig,
  recordId: string,
  values: RawRow,
  now: Date,
) {
  const sets: SQL[] = Object.values(cfg.columns).map((col) => sql`${id(col)} = s.${id(col)}`);
  await tx.execute(
    sql`update ${id(cfg.tableName)} t set ${sql.join(sets, sql`, `)}, version = t.version + 1, updated_at = ${now}
        from jsonb_populate_record(null::${id(cfg.tableName)}, ${JSON.stringify(values)}::jsonb) s
        where t.id = ${recordId}::uuid`,
  );
}

/** Both contacts' journeys are recomputed by the journey sweep from their (re-pointed) interactions. */
export async function markJourneys(tx: Executor, contactIds: string[]) {
  await tx
    .insert(journeyDirty)
    .values(contactIds.map((contactId) => ({ contactId })))
    .onConflictDoNothing();
}

export function conflict(code: string, detail: string) {
  return new AppError(code, { status: 409, detail });
}
