import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const entity = () => text('entity', { enum: ['contact', 'company'] }).notNull();

/**
 * Pairs of live records that look like one (a_id < b_id), with a score 0–100 and the reasons. Computed in
 * bulk by the refresh (duplicates.refresh.ts), never on request: the page reads it through the rank index.
 */
export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    entity: entity(),
    aId: uuid('a_id').notNull(),
    bId: uuid('b_id').notNull(),
    score: smallint('score').notNull(),
    reasons: jsonb('reasons').notNull().default([]),
    /** The cluster (connected pairs: a–b and b–c make one of three), named by its smallest record id. */
    clusterId: uuid('cluster_id').notNull().defaultRandom(),
    /** The cluster's best score and how many records it holds: the page lists clusters best first. */
    clusterScore: smallint('cluster_score').notNull().default(0),
    clusterSize: smallint('cluster_size').notNull().default(2),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.entity, t.aId, t.bId] }),
    // Read backwards for the page (clusters best first, each cluster's pairs together): an ascending
    // index keeps the keyset's row comparison `(cluster_score, cluster_id, score, a_id, b_id) < (…)` one
    // index range (with DESC columns it was a filter).
    index('duplicate_candidates_rank_idx').on(t.entity, t.clusterScore, t.clusterId, t.score, t.aId, t.bId),
    index('duplicate_candidates_b_idx').on(t.entity, t.bId),
  ],
);

/** "Not a duplicate": a pair the refresh must never propose again. */
export const duplicateDismissals = pgTable(
  'duplicate_dismissals',
  {
    entity: entity(),
    aId: uuid('a_id').notNull(),
    bId: uuid('b_id').notNull(),
    dismissedById: uuid('dismissed_by_id'),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.aId, t.bId] })],
);

/** The last refresh per entity (the schedule and the page's "computed … ago"). */
export const duplicateRefreshes = pgTable('duplicate_refreshes', {
  entity: entity().primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  pairs: integer('pairs').notNull(),
  durationMs: integer('duration_ms').notNull(),
});

/**
 * One merge: who, when, the values chosen, both records' rows as they were (to_jsonb), and exactly which
 * rows were re-pointed (`moved`) or set aside because the survivor already had one (`removed`), so undo
 * can put everything back. A cluster merge (several records into one at once) is one row per merged
 * record sharing `group_id`, the id of its first row (the head, which holds the choices and the changes);
 * it is listed and undone as one. A pair's row is its own group.
 */
export const merges = pgTable(
  'merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entity: entity(),
    survivorId: uuid('survivor_id').notNull(),
    loserId: uuid('loser_id').notNull(),
    /** The head row's id (null on merges recorded before cluster merges: a group of their own). */
    groupId: uuid('group_id'),
    /** The order the group's records were merged in (undo goes backwards). */
    position: smallint('position').notNull().default(0),
    actorId: uuid('actor_id'),
    choices: jsonb('choices').notNull().default({}),
    changes: jsonb('changes').notNull().default([]),
    survivorBefore: jsonb('survivor_before').notNull(),
    loserSnapshot: jsonb('loser_snapshot').notNull(),
    survivorVersion: integer('survivor_version').notNull(),
    loserVersion: integer('loser_version').notNull(),
    /** `[{table, column, pk: [col…], keys: [{col: value}…]}]` */
    moved: jsonb('moved').notNull().default([]),
    /** `[{table, rows: [to_jsonb(row)…]}]` */
    removed: jsonb('removed').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneById: uuid('undone_by_id'),
  },
  (t) => [
    index('merges_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('merges_survivor_idx').on(t.survivorId),
    index('merges_loser_idx').on(t.loserId),
    index('merges_group_idx').on(t.groupId),
  ],
);
