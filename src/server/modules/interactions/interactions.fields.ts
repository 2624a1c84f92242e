import { sql } from 'drizzle-orm';
import { interactionFields } from '../../../shared/interactions.ts';
import type { EntitySpec, FieldSpec, SortKey, SqlCast } from '../../db/list-query.ts';
import { interactions as i } from './interactions.schema.ts';

const f = (
  name: keyof typeof interactionFields,
  expr: FieldSpec['expr'],
  cast: SqlCast,
  nullable: boolean,
) => ({
  meta: interactionFields[name]!,
  expr,
  cast,
  nullable,
});

export const interactionSpec: EntitySpec = {
  fields: {
    channel: f('channel', sql`${i.channel}`, 'text', false),
    direction: f('direction', sql`${i.direction}`, 'text', false),
    touchpoint: f('touchpoint', sql`${i.touchpoint}`, 'text', true),
    occurredAt: { ...f('occurredAt', sql`${i.occurredAt}`, 'timestamptz', false), descIndexed: true },
    subject: f('subject', sql`${i.subject}`, 'text', true),
    outcome: f('outcome', sql`${i.outcome}`, 'text', true),
    durationSeconds: f('durationSeconds', sql`${i.durationSeconds}`, 'numeric', true),
    userId: f('userId', sql`${i.userId}`, 'uuid', true),
    contactId: f('contactId', sql`${i.contactId}`, 'uuid', true),
    companyId: f('companyId', sql`${i.companyId}`, 'uuid', true),
    source: f('source', sql`${i.source}`, 'text', false),
    externalId: f('externalId', sql`${i.externalId}`, 'text', true),
    createdAt: f('createdAt', sql`${i.createdAt}`, 'timestamptz', false),
  },
  id: sql`${i.id}`,
};

/** Newest first, the order the (contact|company|user, occurred_at desc, id desc) indexes are built in. */
export const newestFirst: SortKey[] = [
  {
    name: 'occurredAt',
    expr: sql`${i.occurredAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

/** Fields whose changes are recorded in the history. */
export const interactionHistoryFields = [
  'channel',
  'direction',
  'touchpoint',
  'occurredAt',
  'subject',
  'body',
  'outcome',
  'durationSeconds',
  'userId',
  'contactId',
  'companyId',
  'links',
] as const;
