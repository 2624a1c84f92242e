import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { LocalizedLabels } from '../../../shared/common.ts';
import type {
  CreatePipelineInput,
  PipelineDto,
  StageDto,
  StageInput,
  StageKind,
  UpdatePipelineInput,
} from '../../../shared/deals.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { deals, pipelineStages, pipelines } from './deals.schema.ts';

type PipelineRow = typeof pipelines.$inferSelect;
type StageRow = typeof pipelineStages.$inferSelect;

export const toStageDto = (s: StageRow): StageDto => ({
  id: s.id,
  labels: s.labels as LocalizedLabels,
  position: s.position,
  probability: s.probability,
  kind: s.kind as StageKind,
  rottingDays: s.rottingDays,
});

const toPipelineDto = (p: PipelineRow, stages: StageRow[]): PipelineDto => ({
  id: p.id,
  name: p.name,
  isDefault: p.isDefault,
  position: p.position,
  version: p.version,
  stages: stages.filter((s) => s.pipelineId === p.id && !s.archivedAt).map(toStageDto),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** Live pipelines (all, or those with the given ids) with their live stages, in order: two queries. */
export async function loadPipelines(db: Executor, ids?: string[]): Promise<PipelineDto[]> {
  const rows = await db
    .select()
    .from(pipelines)
    .where(and(isNull(pipelines.archivedAt), ids ? inArray(pipelines.id, ids) : undefined))
    .orderBy(asc(pipelines.position), asc(pipelines.createdAt));
  if (!rows.length) return [];
  const stages = await db
    .select()
    .from(pipelineStages)
    .where(
      and(
        inArray(
          pipelineStages.pipelineId,
          rows.map((r) => r.id),
        ),
        isNull(pipelineStages.archivedAt),
      ),
    )
    .orderBy(asc(pipelineStages.pipelineId), asc(pipelineStages.position));
  return rows.map((p) => toPipelineDto(p, stages));
}

/** The stages of a fresh installation, labelled in the four UI languages. */
export const defaultStages: StageInput[] = [
  {
    labels: { en: 'New', fr: 'Nouveau', de: 'Neu', da: 'Ny' },
    probability: 10,
    kind: 'open',
    rottingDays: 14,
  },
  {
    labels: { en: 'Qualified', fr: 'Qualifié', de: 'Qualifiziert', da: 'Kvalificeret' },
    probability: 25,
    kind: 'open',
    rottingDays: 21,
  },
  {
    labels: { en: 'Proposal', fr: 'Proposition', de: 'Angebot', da: 'Tilbud' },
    probability: 50,
    kind: 'open',
    rottingDays: 14,
  },
  {
    labels: { en: 'Negotiation', fr: 'Négociation', de: 'Verhandlung', da: 'Forhandling' },
    probability: 75,
    kind: 'open',
    rottingDays: 10,
  },
  { labels: { en: 'Won', fr: 'Gagné', de: 'Gewonnen', da: 'Vundet' }, probability: 100, kind: 'won' },
  { labels: { en: 'Lost', fr: 'Perdu', de: 'Verloren', da: 'Tabt' }, probability: 0, kind: 'lost' },
];

async function insertStages(tx: Executor, pipelineId: string, stages: StageInput[], from = 0) {
  if (!stages.length) return;
  await tx.insert(pipelineStages).values(
    stages.map((s, i) => ({
      pipelineId,
      labels: s.labels,
      position: from + i,
      probability: s.probability,
      kind: s.kind ?? 'open',
      rottingDays: s.rottingDays ?? null,
    })),
  );
}

/**
 * The default pipeline, created on first use when there is no pipeline at all. Safe to call concurrently
 * (and from several app instances): the check and the insert run under one advisory lock.
 */
export async function ensureDefaultPipeline(db: Executor, now: Date): Promise<void> {
  const [any] = await db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(isNull(pipelines.archivedAt))
    .limit(1);
  if (any) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rapport:default_pipeline'))`);
    const [again] = await tx
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(isNull(pipelines.archivedAt))
      .limit(1);
    if (again) return;
    const [p] = await tx
      .insert(pipelines)
      .values({ name: 'Sales', isDefault: true, position: 0, createdAt: now, updatedAt: now })
      .returning({ id: pipelines.id });
    await insertStages(tx, p!.id, defaultStages);
  });
}

export async function listPipelines(ctx: Ctx): Promise<{ data: PipelineDto[] }> {
  await ensureDefaultPipeline(ctx.db, ctx.now());
  return { data: await loadPipelines(ctx.db) };
}

export async function getPipeline(db: Executor, id: string): Promise<PipelineDto> {
  const [p] = await loadPipelines(db, [id]);
  if (!p) throw notFound('pipeline');
  return p;
}

/** The pipeline a deal goes into: the one asked for, or the default (created on first use). */
export async function resolvePipeline(ctx: Ctx, id: string | undefined): Promise<PipelineDto> {
  if (id) {
    const [p] = await loadPipelines(ctx.db, [id]);
    if (!p)
      throw new AppError('validation_failed', {
        status: 422,
        errors: [{ path: 'pipelineId', message: 'Unknown pipeline' }],
      });
    return p;
  }
  await ensureDefaultPipeline(ctx.db, ctx.now());
  const all = await loadPipelines(ctx.db);
  return all.find((p) => p.isDefault) ?? all[0]!;
}

/** A stage by id, even an archived one (a closed deal may sit in one). */
export async function stageById(db: Executor, id: string): Promise<StageRow | undefined> {
  const [s] = await db.select().from(pipelineStages).where(eq(pipelineStages.id, id));
  return s;
}

async function clearOtherDefaults(tx: Executor, keep: string) {
  await tx
    .update(pipelines)
    .set({ isDefault: false })
    .where(and(ne(pipelines.id, keep), eq(pipelines.isDefault, true)));
}

export async function createPipeline(ctx: Ctx, input: CreatePipelineInput): Promise<PipelineDto> {
  await ensureDefaultPipeline(ctx.db, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(pipelines)
      .where(isNull(pipelines.archivedAt));
    const now = ctx.now();
    const [p] = await tx
      .insert(pipelines)
      .values({
        name: input.name,
        isDefault: input.isDefault ?? false,
        position: Number(n),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: pipelines.id });
    if (input.isDefault) await clearOtherDefaults(tx, p!.id);
    await insertStages(tx, p!.id, input.stages);
    await audit({ db: tx, user: ctx.user }, 'pipeline.create', 'pipeline', p!.id, { name: input.name });
    return getPipeline(tx, p!.id);
  });
}

/** Open deals per stage, for the stages about to be archived. */
async function openDealsIn(tx: Executor, stageIds: string[]) {
  if (!stageIds.length) return [];
  return tx
    .select({ stageId: deals.stageId, n: count() })
    .from(deals)
    .where(and(inArray(deals.stageId, stageIds), isNull(deals.deletedAt), eq(deals.status, 'open')))
    .groupBy(deals.stageId);
}

function stageInUse(label: string, n: number) {
  return new AppError('stage_in_use', {
    status: 409,
    detail: `The stage “${label}” still has ${n} open deal${n === 1 ? '' : 's'}. Move them to another stage first.`,
  });
}

export async function updatePipeline(
  ctx: Ctx,
  id: string,
  input: UpdatePipelineInput,
  expectedVersion?: number,
): Promise<PipelineDto> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(pipelines).where(eq(pipelines.id, id)).for('update');
    if (!locked || locked.archivedAt) throw notFound('pipeline');
    assertVersion(locked.version, expectedVersion);
    if (input.stages) {
      const current = await tx
        .select()
        .from(pipelineStages)
        .where(and(eq(pipelineStages.pipelineId, id), isNull(pipelineStages.archivedAt)));
      const byId = new Map(current.map((s) => [s.id, s]));
      input.stages.forEach((s, i) => {
        if (s.id && !byId.has(s.id))
          throw new AppError('validation_failed', {
            status: 422,
            errors: [{ path: `stages.${i}.id`, message: 'Not a stage of this pipeline' }],
          });
      });
      const kept = new Set(input.stages.map((s) => s.id).filter(Boolean));
      const dropped = current.filter((s) => !kept.has(s.id));
      const [busy] = await openDealsIn(
        tx,
        dropped.map((s) => s.id),
      );
      if (busy) {
        const stage = byId.get(busy.stageId)!;
        throw stageInUse((stage.labels as LocalizedLabels).en, Number(busy.n));
      }
      // A stage whose kind changes would leave its open deals in a closed stage (or closed ones open).
      for (const s of input.stages) {
        const old = s.id ? byId.get(s.id) : undefined;
        if (old && old.kind !== (s.kind ?? 'open')) {
          const [n] = await tx
            .select({ n: count() })
            .from(deals)
            .where(and(eq(deals.stageId, old.id), isNull(deals.deletedAt)));
          if (Number(n?.n ?? 0) > 0)
            throw new AppError('stage_in_use', {
              status: 409,
              detail: `The stage “${(old.labels as LocalizedLabels).en}” has deals; its kind cannot change.`,
            });
        }
      }
      if (dropped.length)
        await tx
          .update(pipelineStages)
          .set({ archivedAt: ctx.now() })
          .where(
            inArray(
              pipelineStages.id,
              dropped.map((s) => s.id),
            ),
          );
      for (const [i, s] of input.stages.entries()) {
        if (!s.id) continue;
        await tx
          .update(pipelineStages)
          .set({
            labels: s.labels,
            position: i,
            probability: s.probability,
            kind: s.kind ?? 'open',
            rottingDays: s.rottingDays ?? null,
          })
          .where(eq(pipelineStages.id, s.id));
      }
      for (const [i, s] of input.stages.entries()) if (!s.id) await insertStages(tx, id, [s], i);
    }
    if (input.isDefault) await clearOtherDefaults(tx, id);
    await tx
      .update(pipelines)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.isDefault ? { isDefault: true } : {}),
        version: sql`${pipelines.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(eq(pipelines.id, id));
    await audit({ db: tx, user: ctx.user }, 'pipeline.update', 'pipeline', id, {});
    return getPipeline(tx, id);
  });
}

/** Archives one stage; refused while an open deal is in it, or when the pipeline would break its rules. */
export async function archiveStage(ctx: Ctx, stageId: string): Promise<PipelineDto> {
  return ctx.db.transaction(async (tx) => {
    const found = await stageById(tx, stageId);
    if (!found || found.archivedAt) throw notFound('stage');
    const pipelineId = found.pipelineId;
    const [locked] = await tx.select().from(pipelines).where(eq(pipelines.id, pipelineId)).for('update');
    if (!locked || locked.archivedAt) throw notFound('stage');
    const live = await tx
      .select()
      .from(pipelineStages)
      .where(and(eq(pipelineStages.pipelineId, pipelineId), isNull(pipelineStages.archivedAt)));
    const stage = live.find((s) => s.id === stageId);
    if (!stage) throw notFound('stage');
    const [busy] = await openDealsIn(tx, [stageId]);
    if (busy) throw stageInUse((stage.labels as LocalizedLabels).en, Number(busy.n));
    const rest = live.filter((s) => s.id !== stageId);
    const kinds = (k: string) => rest.filter((s) => s.kind === k).length;
    if (kinds('won') !== 1 || kinds('lost') < 1 || kinds('open') < 1)
      throw new AppError('stage_required', {
        status: 409,
        detail: 'A pipeline keeps one won stage, at least one lost stage and at least one open stage.',
      });
    await tx.update(pipelineStages).set({ archivedAt: ctx.now() }).where(eq(pipelineStages.id, stageId));
    await tx
      .update(pipelines)
      .set({ version: sql`${pipelines.version} + 1`, updatedAt: ctx.now() })
      .where(eq(pipelines.id, pipelineId));
    return getPipeline(tx, pipelineId);
  });
}

/** Archives a pipeline: not the default one, and not while it has open deals. */
export async function archivePipeline(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(pipelines).where(eq(pipelines.id, id)).for('update');
    if (!locked || locked.archivedAt) throw notFound('pipeline');
    assertVersion(locked.version, expectedVersion);
    if (locked.isDefault)
      throw new AppError('pipeline_is_default', {
        status: 409,
        detail: 'Make another pipeline the default before archiving this one.',
      });
    const [open] = await tx
      .select({ n: count() })
      .from(deals)
      .where(and(eq(deals.pipelineId, id), isNull(deals.deletedAt), eq(deals.status, 'open')));
    if (Number(open?.n ?? 0) > 0)
      throw new AppError('pipeline_in_use', {
        status: 409,
        detail: `The pipeline still has ${open!.n} open deals. Move or close them first.`,
      });
    await tx
      .update(pipelines)
      .set({ archivedAt: ctx.now(), version: sql`${pipelines.version} + 1` })
      .where(eq(pipelines.id, id));
    await audit({ db: tx, user: ctx.user }, 'pipeline.archive', 'pipeline', id, {});
  });
}
