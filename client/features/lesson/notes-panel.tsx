import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatDateTime } from '../../lib/format';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { focusElement } from '../../ui/error-summary';
import { formatTimestamp } from '../course/learning-format';
import { createNote, deleteNote, updateNote, type Note } from './lesson-api';
import { NoteForm } from './note-form';
import type { Seeker } from './seek';

type NotesPanelProps = {
  lessonId: string;
  notes: Note[];
  /** False when nothing on the page can show a moment (no video, no transcript): timestamps are then plain text. */
  canSeek: boolean;
  /** With a video, a timestamp moves the video there; without one, the transcript shows the line. */
  hasVideo: boolean;
  seeker: Seeker;
};

/** The learner's private notes on this lesson: add, edit, delete (after asking). */
export function NotesPanel(props: NotesPanelProps): JSX.Element {
  const [notes, setNotes] = createSignal<Note[]>(props.notes);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<Note | null>(null);
  const [status, setStatus] = createSignal('');

  const add = async (input: { body: string; videoPositionSeconds: number | null }) => {
    const note = await createNote(props.lessonId, input);
    setNotes([...notes(), note]);
    setStatus('Note added.');
  };
  const save = async (id: string, input: { body: string; videoPositionSeconds: number | null }) => {
    const note = await updateNote(id, input);
    setNotes(notes().map((n) => (n.id === id ? note : n)));
    setEditing(null);
    setStatus('Note saved.');
    focusElement(`note-${id}`);
  };

  return (
    <section class="card lesson-panel notes" aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title" class="lesson-panel__title" tabindex="-1">
        Your notes
      </h2>
      <p class="lesson-panel__intro">Only you can see your notes.</p>
      <p class="visually-hidden" role="status">
        {status()}
      </p>
      <Show when={notes().length > 0} fallback={<p class="notes__empty">No notes on this lesson yet.</p>}>
        <ul class="notes__list" data-testid="notes-list">
          <For each={notes()}>
            {(note) => (
              <li class="note" id={`note-${note.id}`} tabindex="-1" data-testid="note">
                <Show
                  when={editing() === note.id}
                  fallback={
                    <>
                      <p class="note__body" dir="auto" data-testid="note-body">
                        {note.body}
                      </p>
                      <div class="note__meta">
                        <Show when={note.videoPositionSeconds !== null ? { value: note.videoPositionSeconds } : false}>
                          {(position) => (
                            <Show when={props.canSeek} fallback={<span class="note__time">At {formatTimestamp(position().value)}</span>}>
                              <button
                                type="button"
                                class="note__time note__time--button"
                                onClick={() => props.seeker.seekTo(position().value)}
                                data-testid="note-timestamp"
                              >
                                <span class="visually-hidden">Go to </span>
                                {formatTimestamp(position().value)}
                                <span class="visually-hidden">{props.hasVideo ? ' in the video' : ' in the transcript'}</span>
                              </button>
                            </Show>
                          )}
                        </Show>
                        <span class="note__date">
                          {note.updatedAt && note.updatedAt.getTime() !== note.createdAt.getTime() ? `Edited ${formatDateTime(note.updatedAt)}` : `Added ${formatDateTime(note.createdAt)}`}
                        </span>
                        <span class="note__actions">
                          <button type="button" class="link-button" onClick={() => setEditing(note.id)}>
                            Edit<span class="visually-hidden"> note</span>
                          </button>
                          <button type="button" class="link-button note__delete" onClick={() => setDeleting(note)}>
                            Delete<span class="visually-hidden"> note</span>
                          </button>
                        </span>
                      </div>
                    </>
                  }
                >
                  <NoteForm
                    id={`edit-${note.id}`}
                    initial={{ body: note.body, videoPositionSeconds: note.videoPositionSeconds }}
                    bodyLabel="Edit note"
                    submitLabel="Save note"
                    busyLabel="Saving…"
                    onSubmit={(input) => save(note.id, input)}
                    videoTime={props.hasVideo ? props.seeker.time : undefined}
                    onCancel={() => {
                      setEditing(null);
                      focusElement(`note-${note.id}`);
                    }}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <NoteForm id="new-note" bodyLabel="New note" submitLabel="Add note" busyLabel="Adding…" onSubmit={add} videoTime={props.hasVideo ? props.seeker.time : undefined} />
      <Show when={deleting()}>
        {(note) => (
          <ConfirmDialog
            title="Delete this note?"
            confirmLabel="Delete note"
            busyLabel="Deleting…"
            onConfirm={async () => {
              await deleteNote(note().id);
              setNotes(notes().filter((n) => n.id !== note().id));
              setStatus('Note deleted.');
            }}
            onClose={(confirmed) => {
              setDeleting(null);
              if (confirmed) focusElement('notes-title');
            }}
          >
            <p>The note will be gone for good:</p>
            <blockquote class="note__quote">{note().body.length > 160 ? `${note().body.slice(0, 160)}…` : note().body}</blockquote>
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
}
