import { type SQL, sql } from 'drizzle-orm';
import type { TimelineItem, TimelineQuery, TimelineType } from '../../../shared/timeline.ts';
import { timelineTypes } from '../../../shared/timeline.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import {
  beforeCursor,
  type TimelineCursor,
  type TimelineSource,
  type TimelineSubject,
} from './timeline.source.ts';

const badCursor = () =>
  new AppError('invalid_query', {
    status: 400,
    detail: 'The list query is invalid.',
    errors: [{ path: 'query.cursor', message: 'Not a cursor of this timeline' }],
  });

function decodeCursor(cursor: string): TimelineCursor {
  try {
    const [at, type, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
    if (
      typeof at !== 'string' ||
      Number.isNaN(Date.parse(at)) ||
      !timelineTypes.includes(type as TimelineType) ||
      typeof key !== 'string' ||
      key.length > 100
    )
      throw badCursor();
    return { at, type: type as TimelineType, key };
  } catch {
    throw badCursor();
  }
}

const encodeCursor = (c: TimelineCursor) =>
  Buffer.from(JSON.stringify([c.at, c.type, c.key])).toString('base64url');

/**
 * A contact's or company's timeline, newest first: each kind (source) contributes its newest entries after
 * the cursor through its own index, the kinds are merged in one statement, and only the page's entries are
 * loaded. Ties on the time are broken by kind and key, so paging never skips or repeats an entry.
 */
export async function timeline(
  ctx: Ctx,
  sources: readonly TimelineSource[],
  subject: TimelineSubject,
  query: TimelineQuery,
): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const filter = { channels: query.channel, touchpoints: query.touchpoint };
  const narrowed = Boolean(query.channel?.length || query.touchpoint?.length);
  const active = sources.filter(
    (s) => (!query.types?.length || query.types.includes(s.type)) && (!narrowed || s.hasChannels),
  );
  if (!active.length) return { data: [], nextCursor: null };
  const n = query.limit + 1;
  const branches: SQL[] = active.map(
    (s) =>
      sql`(select at, ${s.type}::text as type, key, id from (${s.keys(subject, filter, beforeCursor(s.type, cursor), n)}) k)`,
  );
  const rows = rowsOf<{ at: string; type: TimelineType; key: string; id: string }>(
    await ctx.db.execute(sql`
      select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, type, key, id
      from (${sql.join(branches, sql` union all `)}) t
      order by t.at desc, t.type desc, t.key collate "C" desc
      limit ${n}`),
  );
  const page = rows.slice(0, query.limit);
  const loaded = new Map<string, TimelineItem>();
  for (const source of active) {
    const ids = page.filter((r) => r.type === source.type).map((r) => r.id);
    if (!ids.length) continue;
    for (const item of await source.load(ctx.db, ids)) loaded.set(`${item.type}:${item.id}`, item);
  }
  const data = page.flatMap((r) => {
    const item = loaded.get(`${r.type}:${r.id}`);
    return item ? [item] : [];
  });
  const last = page[page.length - 1];
  return {
    data,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ at: last.at, type: last.type, key: last.key })
        : null,
  };
}
