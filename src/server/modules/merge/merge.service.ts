import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { MERGE_MAX_RECORDS, type MergeEntity, type MergeInput } from '../../../shared/merge.ts';
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
import {
  type EntityConfig,
  entityConfigs,
  normaliseChoices,
  type RawRow,
  rawName,
  resolveMerge,
} from './merge.fields.ts';
import { countReferences, queryRows, referencesTo, repoint } from './merge.references.ts';
import { merges } from './merge.schema.ts';
import { getMerge } from './merge.undo.ts';

const id = (name: string) => sql.identifier(name);

/** The records' rows by id, locked in id order (two merges over the same records never deadlock). */
export async function lockRows(tx: Executor, cfg: EntityConfig, ids: string[]) {
  const rows = await queryRows<{ row: RawRow }>(
    tx,
    sql`select to_jsonb(t) as row from ${id(cfg.tableName)} t where t.id = any(${sql.param(ids)}::uuid[])
        order by t.id for update`,
  );
  return new Map(rows.map((r) => [r.row.id as string, r.row]));
}

const what = (entity: MergeEntity) => entity;

/** The records merged into `:id`: `otherId` (a pair) or `otherIds` (a cluster), never both, no repeats. */
export function otherIdsOf(
  thisId: string,
  input: { otherId?: string; otherIds?: string[] | string },
): string[] {
  const many = typeof input.otherIds === 'string' ? input.otherIds.split(',') : input.otherIds;
  if (input.otherId && many)
    throw invalid([{ path: 'otherIds', message: 'Send either otherId or otherIds' }]);
  const ids = (many ?? (input.otherId ? [input.otherId] : [])).map((x) => x.toLowerCase());
  const path = many ? 'otherIds' : 'otherId';
  if (!ids.length) throw invalid([{ path, message: 'Choose the record to merge' }]);
  if (ids.includes(thisId.toLowerCase()))
    throw invalid([{ path, message: 'A record cannot be merged into itself' }]);
  if (new Set(ids).size !== ids.length) throw invalid([{ path, message: 'A record is named twice' }]);
  if (ids.length > MERGE_MAX_RECORDS - 1)
    throw invalid([{ path, message: `At most ${MERGE_MAX_RECORDS} records at once` }]);
  return ids;
}

/** The records side by side, and how many related rows of the others would move to the survivor. */
export async function mergePreview(
  ctx: Ctx,
  entity: MergeEntity,
  thisId: string,
  query: { otherId?: string; otherIds?: string },
) {
  const get = entity === 'contact' ? getContact : getCompany;
  const mine = await get(ctx, thisId);
  const otherIds = otherIdsOf(thisId, query);
  const others = [];
  for (const otherId of otherIds) others.push(await get(ctx, otherId));
  const refs = await referencesTo(ctx.db, entityConfigs[entity].tableName);
  const related = new Map<string, { table: string; column: string; count: number }>();
  for (const otherId of otherIds)
    for (const r of await countReferences(ctx.db, refs, otherId)) {
      const key = `${r.table}.${r.column}`;
      related.set(key, { ...r, count: (related.get(key)?.count ?? 0) + r.count });
    }
  return { this: mine, other: others[0], others, related: [...related.values()] } as never;
}

/**
 * Merges one record (`otherId`) or several (`otherIds`, a cluster) into `survivorId` in one transaction:
 * the survivor takes the chosen values, every row pointing to another record points to the survivor, the
 * others go to the recycle bin, and the merge is recorded (a row per merged record, one group) with
 * everything undo needs. Runs in the caller's transaction when `ctx.db` is one.
 */
export async function mergeRecords(
  ctx: Ctx,
  entity: MergeEntity,
  survivorId: string,
  input: MergeInput,
  expectedVersion?: number,
) {
  const cfg = entityConfigs[entity];
  const otherIds = otherIdsOf(survivorId, input);
  const normal = normaliseChoices(input.fields, survivorId, otherIds);
  if (normal.errors.length) throw invalid(normal.errors);
  const defs = await customFieldDefs(ctx.db, entity, ctx.database.db);
  const groupId = await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    const locked = await lockRows(tx, cfg, [survivorId, ...otherIds]);
    const survivor = locked.get(survivorId);
    const losers = otherIds.map((x) => locked.get(x));
    if (!survivor || survivor.deleted_at) throw notFound(what(entity));
    for (const loser of losers) if (!loser || loser.deleted_at) throw notFound(what(entity));
    const others = losers as RawRow[];
    for (const r of [survivor, ...others]) await assertCanEdit(tctx, (r.owner_id as string | null) ?? null);
    assertVersion(survivor.version as number, expectedVersion);

    const { values, changes, errors } = resolveMerge(
      cfg,
      survivor,
      others,
      normal.choices,
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

    // The others leave first, so a unique custom value one of them held may pass to the survivor.
    await tx.execute(
      sql`update ${id(cfg.tableName)} set deleted_at = ${ctx.now()}, deleted_by_id = ${
        ctx.user.via === 'system' ? null : ctx.user.id
      }, version = version + 1 where id = any(${sql.param(otherIds)}::uuid[])`,
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

    // One other at a time, in the order given: a row of a later one that collides with a row an earlier
    // one brought (the same event attended twice) is set aside like a collision with the survivor's own.
    const refs = await referencesTo(tx, cfg.tableName);
    const repointed: Awaited<ReturnType<typeof repoint>>[] = [];
    for (const otherId of otherIds) repointed.push(await repoint(tx, refs, otherId, survivorId));
    if (entity === 'contact') await markJourneys(tx, [survivorId, ...otherIds]);

    await writeValues(tx, cfg, survivorId, values, ctx.now());
    const loserNames = others.map((r) => rawName(entity, r)).join(', ');
    await recordHistoryEntry(tx, ctx, entity, survivorId, 'update', [
      { field: 'mergedFrom', old: null, new: loserNames },
      ...changes,
    ]);
    const survivorName = rawName(entity, { ...survivor, ...values });
    for (const otherId of otherIds)
      await recordHistoryEntry(tx, ctx, entity, otherId, 'delete', [
        { field: 'mergedInto', old: null, new: survivorName },
      ]);
    const head = randomUUID();
    await tx.insert(merges).values(
      others.map((loser, i) => ({
        id: i === 0 ? head : randomUUID(),
        groupId: head,
        position: i,
        entity,
        survivorId,
        loserId: loser.id as string,
        actorId: ctx.user.via === 'system' ? null : ctx.user.id,
        // The choices and the survivor's changes are the group's: kept once, on its head.
        choices: i === 0 ? input.fields : {},
        changes: i === 0 ? changes : [],
        survivorBefore: survivor,
        loserSnapshot: loser,
        survivorVersion: (survivor.version as number) + 1,
        loserVersion: (loser.version as number) + 1,
        moved: repointed[i]!.moved,
        removed: repointed[i]!.removed,
        createdAt: ctx.now(),
      })),
    );
    for (const otherId of otherIds) await forgetPairsOf(tx, entity, otherId);
    await audit(tctx, `${entity}.merge`, entity, survivorId, {
      mergeId: head,
      loserId: otherIds[0],
      ...(otherIds.length > 1 ? { loserIds: otherIds } : {}),
    });
    return head;
  });
  return getMerge(ctx, groupId);
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
