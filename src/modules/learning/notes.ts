import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor } from '../identity/actor.ts';
import { bookmarks, lessonNotes, lessons } from '../courses/schema.ts';
import { requireOpenLesson } from './load.ts';

const NoteBody = z.string({ message: 'Write the note in body.' }).trim().min(1, 'A note cannot be empty.').max(10_000, 'Keep a note under 10,000 characters.');
const Position = z.number({ message: 'videoPositionSeconds is a number of seconds.' }).min(0).max(1_000_000).nullable().optional();
export const CreateNoteInput = z.object({ lessonId: z.string().trim().min(1).max(100), body: NoteBody, videoPositionSeconds: Position }).strict();
export const UpdateNoteInput = z.object({ noteId: z.string().trim().min(1).max(100), body: NoteBody, videoPositionSeconds: Position }).strict();
export const NoteIdInput = z.object({ noteId: z.string().trim().min(1).max(100) });
export const BookmarkInput = z.object({ lessonId: z.string().trim().min(1).max(100) });

const shape = (n: typeof lessonNotes.$inferSelect) => ({ id: n.id, lessonId: n.lessonId, body: n.body, videoPositionSeconds: n.videoPositionSeconds, createdAt: n.createdAt, updatedAt: n.updatedAt });

export async function createNote({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const data = CreateNoteInput.parse(input);
  await requireOpenLesson(ctx, data.lessonId);
  const [note] = await ctx.schoolDb.db
    .insert(lessonNotes)
    .values(ctx.schoolDb.withSchool({ userId: actor.user.id, lessonId: data.lessonId, body: data.body, videoPositionSeconds: data.videoPositionSeconds ?? null, createdAt: ctx.now }))
    .returning();
  return { note: shape(note!) };
}

/** Someone else's note is "not found": notes are private, their existence too. */
export async function updateNote({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const data = UpdateNoteInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const set = { body: data.body, updatedAt: ctx.now, ...(data.videoPositionSeconds !== undefined ? { videoPositionSeconds: data.videoPositionSeconds } : {}) };
  const [note] = await db.update(lessonNotes).set(set).where(scoped(lessonNotes, eq(lessonNotes.id, data.noteId), eq(lessonNotes.userId, actor.user.id))).returning();
  if (!note) throw new NotFound('There is no such note.');
  return { note: shape(note) };
}

export async function deleteNote({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { noteId } = NoteIdInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const gone = await db.delete(lessonNotes).where(scoped(lessonNotes, eq(lessonNotes.id, noteId), eq(lessonNotes.userId, actor.user.id))).returning({ id: lessonNotes.id });
  if (!gone.length) throw new NotFound('There is no such note.');
  return { deleted: true };
}

/** Idempotent: bookmarking twice is one bookmark. */
export async function bookmarkLesson({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { lessonId } = BookmarkInput.parse(input);
  await requireOpenLesson(ctx, lessonId);
  await ctx.schoolDb.db.insert(bookmarks).values(ctx.schoolDb.withSchool({ userId: actor.user.id, lessonId, createdAt: ctx.now })).onConflictDoNothing();
  return { bookmarked: true };
}

export async function removeBookmark({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { lessonId } = BookmarkInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  // Removing needs no open lesson (access may have ended), but the lesson must be this school's: else 404 like any foreign object.
  const [lesson] = await db.batch([
    db.select({ id: lessons.id }).from(lessons).where(scoped(lessons, eq(lessons.id, lessonId))).limit(1),
    db.delete(bookmarks).where(scoped(bookmarks, and(eq(bookmarks.userId, actor.user.id), eq(bookmarks.lessonId, lessonId)))),
  ]);
  if (lesson.length === 0) throw new NotFound('There is no such lesson.');
  return { bookmarked: false };
}
