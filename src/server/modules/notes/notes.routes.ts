import { idParams } from '../../../shared/common.ts';
import { createNoteInput, noteDto, updateNoteInput } from '../../../shared/notes.ts';
import type { App } from '../../http/types.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { createNote, deleteNote, getNote, updateNote } from './notes.service.ts';

const tags = ['Notes'];
const agent = { role: 'agent' } as const;

/** Notes are listed on the contact's and company's timeline. */
export function notesRoutes(app: App) {
  app.post(
    '/notes',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Write a note on a contact or company',
        description:
          'Rich text, stored sanitised. Mention a colleague with `<span data-mention="<user id>">@Name</span>`: they get a notification.',
        body: createNoteInput,
        response: { 201: noteDto },
      },
    },
    async (req, reply) => {
      const note = await createNote(req.ctx, req.body);
      return reply.code(201).header('etag', `"${note.version}"`).send(note);
    },
  );

  app.get(
    '/notes/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Get a note', params: idParams, response: { 200: noteDto } },
    },
    async (req, reply) => {
      const note = await getNote(req.ctx, req.params.id);
      return reply.header('etag', `"${note.version}"`).send(note);
    },
  );

  app.patch(
    '/notes/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change a note (its author, their team, or an admin)',
        params: idParams,
        headers: ifMatchHeader,
        body: updateNoteInput,
        response: { 200: noteDto },
      },
    },
    async (req, reply) => {
      const note = await updateNote(req.ctx, req.params.id, req.body, parseIfMatch(req.headers['if-match']));
      return reply.header('etag', `"${note.version}"`).send(note);
    },
  );

  app.delete(
    '/notes/:id',
    {
      config: { policy: agent },
      schema: { tags, summary: 'Delete a note', params: idParams, headers: ifMatchHeader },
    },
    async (req, reply) => {
      await deleteNote(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );
}
