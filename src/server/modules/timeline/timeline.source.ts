import { type SQL, sql } from 'drizzle-orm';
import type { TimelineItem, TimelineType } from '../../../shared/timeline.ts';
import type { Executor } from '../../db/client.ts';

export type TimelineSubject = { kind: 'contact' | 'company'; id: string };
export type TimelineFilter = { channels?: string[]; touchpoints?: string[] };
/** The last entry of a page: entries are ordered by (at, type, key) descending. */
export type TimelineCursor = { at: string; type: TimelineType; key: string };

/**
 * One kind of entry on a timeline — the extension point through which every module (interactions, notes,
 * record changes; later orders, tickets, mails, survey answers) shows up there. `keys` is a query for the
 * newest `limit` entries of this kind before the cursor, with columns `at` (timestamptz) and `key` (text,
 * ordered like the kind's index) and `id`; `load` turns those ids into items. Order `desc nulls last`, as
 * drizzle builds `.desc()` indexes: plain `desc` means nulls first and forces a sort of every row. Each kind reads its own index,
 * and the timeline merges the kinds, so the first page of a contact with 10,000 interactions reads ~30 rows.
 */
export type TimelineSource = {
  type: TimelineType;
  /** Whether the entries can be filtered by channel and touchpoint (only interactions can). */
  hasChannels?: boolean;
  keys: (subject: TimelineSubject, filter: TimelineFilter, before: SQLBefore, limit: number) => SQL;
  load: (db: Executor, ids: string[]) => Promise<TimelineItem[]>;
};

/** Builds this kind's part of the keyset condition for its `at` and `key` columns. */
export type SQLBefore = (at: SQL, key: SQL) => SQL;

/**
 * `(at, type, key) < (cursor.at, cursor.type, cursor.key)` for one kind, as an index-friendly condition:
 * kinds sorting after the cursor's take `at < …`, before it `at <= …`, the cursor's own kind the row compare.
 */
export function beforeCursor(type: TimelineType, cursor: TimelineCursor | null): SQLBefore {
  return (at, key) => {
    if (!cursor) return sql`true`;
    const cAt = sql`${cursor.at}::timestamptz`;
    if (type > cursor.type) return sql`${at} < ${cAt}`;
    if (type < cursor.type) return sql`${at} <= ${cAt}`;
    return sql`(${at}, ${key}) < (${cAt}, ${cursor.key})`;
  };
}
