export { notesRoutes } from './notes.routes.ts';
export { notes } from './notes.schema.ts';
export { eraseNotesOf, loadNotes, type NoteRow, toNoteDto } from './notes.service.ts';
export { noteTimelineSource } from './notes.timeline.ts';
