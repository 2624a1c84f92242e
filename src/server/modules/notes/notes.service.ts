import { and, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { CreateNoteInput, NoteDto, UpdateNoteInput } from '../../../shared/notes.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { notify } from '../notifications/index.ts';
import {
  assertCanEdit,
  assertVersion,
  mentionedUserIds,
  resolveCustomer,
  richTextToPlain,
  sanitizeRichText,
} from '../records/index.ts';
import { users } from '../users/users.schema.ts';
import { notes } from './notes.schema.ts';

export type NoteRow = typeof notes.$inferSelect & { authorName: string | null };

export function toNoteDto(r: NoteRow): NoteDto {
  return {
    id: r.id,
    contactId: r.contactId,
    companyId: r.companyId,
    body: r.body,
    mentions: r.mentions,
    authorId: r.authorId,
    authorName: r.authorName,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const noteSelection = { ...getTableColumns(notes), authorName: users.name };

/** Notes by id (any number), with their authors' names. */
export async function loadNotes(db: Executor, ids: string[]): Promise<NoteRow[]> {
  if (!ids.length) return [];
  return db
    .select(noteSelection)
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId))
    .where(inArray(notes.id, ids));
}

async function load(db: Executor, id: string) {
  const [row] = await loadNotes(db, [id]);
  return row;
}

export async function getNote(ctx: Ctx, id: string): Promise<NoteDto> {
  const row = await load(ctx.db, id);
  if (!row || row.deletedAt) throw notFound('note');
  return toNoteDto(row);
}

/** Active users among the mentioned ids: a mention of anyone else stays text, notifying nobody. */
async function realMentions(db: Executor, html: string): Promise<string[]> {
  const ids = mentionedUserIds(html);
  if (!ids.length) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, 1)));
  return rows.map((r) => r.id);
}

async function notifyMentioned(tx: Executor, ctx: Ctx, note: NoteRow, userIds: string[]) {
  const author = ctx.user.name || ctx.user.email;
  const preview = richTextToPlain(note.body).slice(0, 200);
  await notify(
    tx,
    userIds
      .filter((id) => id !== ctx.user.id)
      .map((userId) => ({
        userId,
        kind: 'mention' as const,
        title: `${author} mentioned you in a note`,
        body: preview,
        linkType: note.contactId ? ('contact' as const) : ('company' as const),
        linkId: note.contactId ?? note.companyId,
        actorId: ctx.user.via === 'system' ? null : ctx.user.id,
        dedupeKey: `mention:${note.id}:${userId}`,
      })),
  );
}

export async function createNote(ctx: Ctx, input: CreateNoteInput): Promise<NoteDto> {
  const body = sanitizeRichText(input.body);
  if (!body) throw emptyBody();
  const customer = await resolveCustomer(ctx.db, input.contactId, input.companyId);
  return ctx.db.transaction(async (tx) => {
    const mentions = await realMentions(tx, body);
    const [row] = await tx
      .insert(notes)
      .values({ ...customer, body, mentions, authorId: ctx.user.via === 'system' ? null : ctx.user.id })
      .returning({ id: notes.id });
    const created = (await load(tx, row!.id))!;
    await notifyMentioned(tx, ctx, created, mentions);
    return toNoteDto(created);
  });
}

export async function updateNote(
  ctx: Ctx,
  id: string,
  input: UpdateNoteInput,
  expectedVersion?: number,
): Promise<NoteDto> {
  const body = sanitizeRichText(input.body);
  if (!body) throw emptyBody();
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(notes).where(eq(notes.id, id)).for('update');
    if (!locked || locked.deletedAt) throw notFound('note');
    await assertCanEdit({ ...ctx, db: tx }, locked.authorId);
    assertVersion(locked.version, expectedVersion);
    const mentions = await realMentions(tx, body);
    await tx
      .update(notes)
      .set({ body, mentions, version: sql`${notes.version} + 1`, updatedAt: ctx.now() })
      .where(eq(notes.id, id));
    const updated = (await load(tx, id))!;
    // Only people mentioned for the first time hear about it again.
    await notifyMentioned(
      tx,
      ctx,
      updated,
      mentions.filter((m) => !locked.mentions.includes(m)),
    );
    return toNoteDto(updated);
  });
}

export async function deleteNote(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(notes).where(eq(notes.id, id)).for('update');
    if (!locked || locked.deletedAt) throw notFound('note');
    await assertCanEdit({ ...ctx, db: tx }, locked.authorId);
    assertVersion(locked.version, expectedVersion);
    await tx.update(notes).set({ deletedAt: ctx.now() }).where(eq(notes.id, id));
  });
}

/** Rich text that is empty once sanitised (only a script, say) is no note. */
const emptyBody = () => invalid([{ path: 'body', message: 'Write something' }]);

/** For a company's hard erase: its own notes (without a contact) go; a contact's go by the foreign key. */
export async function eraseNotesOf(tx: Executor, companyId: string) {
  await tx.delete(notes).where(and(eq(notes.companyId, companyId), isNull(notes.contactId)));
}
