import { and, eq, inArray } from 'drizzle-orm';
import type { ImportEntity, ImportSettings } from '../../../shared/imports.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { storedPath } from '../files/index.ts';
import { teamMembers, users } from '../users/users.schema.ts';
import { recordImporterOf } from './entities/index.ts';
import type { RecordBuildEnv } from './entities/types.ts';
import type { BuildEnv } from './imports.build.ts';
import type { imports } from './imports.schema.ts';
import { importTargets } from './imports.targets.ts';
import {
  type ColumnMapping,
  compileMapping,
  detectDateOrder,
  type ImportFormat,
  type ReaderOptions,
} from './parse/index.ts';

export type ImportRow = typeof imports.$inferSelect;

/** Everything a run needs that does not change while it runs: how to read, map, build and who may change what. */
export async function importContext(ctx: Ctx, imp: ImportRow) {
  if (!imp.fileId) throw new Error('The import has no file any more.');
  const entity = imp.entity as ImportEntity;
  const settings = imp.settings as ImportSettings;
  const { targets, defs } = await importTargets(ctx.db, entity);
  const active = await ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.active, 1));
  const usersByEmail = new Map(active.map((u) => [u.email.toLowerCase(), u.id]));
  const mapping = imp.mapping as ColumnMapping;
  // Without a date order set, the first rows decide (a day above 12 tells 31/01 from 01/31).
  const dateColumns = new Set(
    mapping.filter((m) => targets.find((t) => t.key === m.target)?.type === 'date').map((m) => m.column),
  );
  const sample = ((imp.probe as { sample?: { values: Record<string, string> }[] }).sample ?? []).flatMap(
    (r) => [...dateColumns].map((c) => r.values[c] ?? '').filter(Boolean),
  );
  const mapper = compileMapping(mapping, targets, {
    defaultCountry: settings.defaultCountry ?? undefined,
    dateOrder: settings.dateOrder ?? detectDateOrder(sample) ?? undefined,
    decimal: settings.decimal ?? undefined,
  });
  const build: BuildEnv = { entity, settings, usersByEmail };
  return {
    entity,
    /** How a deal, product, order or interaction file is read and written; null for people and companies. */
    importer: recordImporterOf(entity),
    recordBuild: { importId: imp.id, settings, usersByEmail } satisfies RecordBuildEnv,
    settings,
    defs,
    targets,
    mapper,
    build,
    path: storedPath(ctx, imp.fileId),
    reader: { ...(imp.reader as Omit<ReaderOptions, 'format'>), format: imp.format as ImportFormat },
    editableOwners: await editableOwners(ctx),
  };
}

/** Owners whose records the user may change (their own, their teams', nobody's); null for admins: all. */
export async function editableOwners(ctx: Ctx): Promise<Set<string | null> | null> {
  if (atLeast(ctx.user, 'admin')) return null;
  const owners = new Set<string | null>([null, ctx.user.id]);
  if (ctx.user.teamIds.length) {
    const mates = await ctx.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(and(inArray(teamMembers.teamId, ctx.user.teamIds)));
    for (const m of mates) owners.add(m.userId);
  }
  return owners;
}
