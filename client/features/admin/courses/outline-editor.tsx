import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { AddItemForm } from './add-item-form';
import { ChapterItem } from './chapter-item';
import { createChapter, createLesson, deleteChapter, saveOrder, updateChapter, type Chapter, type ChapterPatch } from './courses-api';
import { applyOrder, orderOf, type Outline } from './outline-model';
import { createReorder } from './outline-reorder';

type OutlineEditorProps = {
  courseId: string;
  outline: Outline;
  setOutline: (next: Outline) => void;
};

const lessonsPhrase = (n: number) => (n === 0 ? 'any lessons' : n === 1 ? 'its lesson' : `its ${n} lessons`);

type Status = { tone: 'success' | 'error' | 'info'; text: string };
type Pending = { kind: 'delete' | 'unpublish'; chapter: Chapter };

/**
 * Chapters and their lessons, in the order learners meet them. Moves show at once and are
 * saved as one whole order; if the Worker refuses, the previous order comes back with the
 * reason. Every change is also announced through one live region.
 */
export function OutlineEditor(props: OutlineEditorProps): JSX.Element {
  const [saving, setSaving] = createSignal(false);
  const [status, setStatus] = createSignal<Status | null>(null);
  const [announcement, setAnnouncement] = createSignal('');
  const [pending, setPending] = createSignal<Pending | null>(null);

  // Cleared first, so the same sentence twice in a row is still read out.
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  const announce = (text: string) => {
    setAnnouncement('');
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => setAnnouncement(text), 60);
  };
  const report = (next: Status) => {
    setStatus(next);
    announce(next.text);
  };

  const save = async (before: Outline, after: Outline, label: string) => {
    setSaving(true);
    setStatus({ tone: 'info', text: 'Saving the new order…' });
    try {
      await saveOrder(props.courseId, orderOf(after));
      report({ tone: 'success', text: `New order saved: ${label} moved.` });
      return true;
    } catch (error) {
      // Only the order is undone; anything else changed meanwhile stays.
      props.setOutline(applyOrder(props.outline, orderOf(before)));
      const reason = error instanceof ApiError ? error.message : 'Something went wrong.';
      report({ tone: 'error', text: `The new order was not saved, so the previous order is back. ${reason}` });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const reorder = createReorder({ outline: () => props.outline, setOutline: (next) => props.setOutline(next), save, announce, busy: saving });

  const replaceChapter = (id: string, change: (chapter: Chapter) => Chapter) =>
    props.setOutline(props.outline.map((chapter) => (chapter.id === id ? change(chapter) : chapter)));

  const addChapter = async (title: string) => {
    const chapter = await createChapter(props.courseId, title);
    props.setOutline([...props.outline, { ...chapter, lessons: [] }]);
    report({ tone: 'success', text: `Chapter “${chapter.title}” added as a draft.` });
  };

  const addLesson = async (chapter: Chapter, title: string) => {
    const lesson = await createLesson(chapter.id, title);
    replaceChapter(chapter.id, (c) => ({ ...c, lessons: [...c.lessons, lesson] }));
    report({ tone: 'success', text: `Lesson “${lesson.title}” added to “${chapter.title}” as a draft. Open it to write its text.` });
  };

  const saveChapter = async (chapter: Chapter, patch: ChapterPatch) => {
    const saved = await updateChapter(chapter.id, patch);
    replaceChapter(chapter.id, (c) => ({ ...c, ...saved }));
    report({ tone: 'success', text: `Chapter “${saved.title}” saved.` });
  };

  const setChapterStatus = async (chapter: Chapter, next: Chapter['status']) => {
    const saved = await updateChapter(chapter.id, { status: next });
    replaceChapter(chapter.id, (c) => ({ ...c, ...saved }));
    report({ tone: 'success', text: next === 'published' ? `Chapter “${saved.title}” is published.` : `Chapter “${saved.title}” is a draft again.` });
  };

  const toggleStatus = (chapter: Chapter) => {
    // Hiding a chapter takes lessons away from learners, so it asks first; showing one does not.
    if (chapter.status === 'published') return setPending({ kind: 'unpublish', chapter });
    setChapterStatus(chapter, 'published').catch((error: unknown) =>
      report({ tone: 'error', text: `“${chapter.title}” was not published. ${error instanceof ApiError ? error.message : 'Please try again.'}` }),
    );
  };

  return (
    <div class="editor-outline" aria-busy={saving()}>
      <p id="reorder-help" class="field__hint">
        To move a chapter or lesson, drag it, or focus its handle and press Space or Enter, move it with the Up and Down arrow keys, then press Space or
        Enter to drop it (Escape cancels). A lesson moved past the edge of its chapter goes into the next one. A chapter can be deleted once it has
        no lessons.
      </p>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="reorder-announcement">
        {announcement()}
      </div>
      <Show when={status()}>
        {(current) => (
          <Notice tone={current().tone} id="outline-status" data-testid="outline-status">
            <p>{current().text}</p>
          </Notice>
        )}
      </Show>
      <Show
        when={props.outline.length > 0}
        fallback={
          <EmptyState title="No chapters yet" data-testid="editor-empty">
            <p>Lessons live in chapters. Add the first chapter below, then its lessons.</p>
          </EmptyState>
        }
      >
        <ol class="editor-chapters" aria-label="Chapters" data-testid="outline">
          <For each={props.outline}>
            {(chapter) => (
              <ChapterItem
                courseId={props.courseId}
                chapter={chapter}
                reorder={reorder}
                onSave={saveChapter}
                onToggleStatus={toggleStatus}
                onDelete={(c) => setPending({ kind: 'delete', chapter: c })}
                onAddLesson={addLesson}
              />
            )}
          </For>
        </ol>
      </Show>
      <AddItemForm id="add-chapter" label="New chapter" buttonLabel="Add chapter" onAdd={addChapter} data-testid="add-chapter-form" />
      <Show when={pending()}>
        {(current) => (
          <ConfirmDialog
            title={current().kind === 'delete' ? `Delete chapter “${current().chapter.title}”?` : `Unpublish chapter “${current().chapter.title}”?`}
            confirmLabel={current().kind === 'delete' ? 'Delete chapter' : 'Unpublish chapter'}
            busyLabel={current().kind === 'delete' ? 'Deleting…' : 'Unpublishing…'}
            onConfirm={async () => {
              const { kind, chapter } = current();
              if (kind === 'delete') {
                await deleteChapter(chapter.id);
                props.setOutline(props.outline.filter((c) => c.id !== chapter.id));
                report({ tone: 'success', text: `Chapter “${chapter.title}” was deleted.` });
              } else {
                await setChapterStatus(chapter, 'draft');
              }
            }}
            onClose={(confirmed) => {
              setPending(null);
              if (confirmed) focusElement('outline-status');
            }}
          >
            <Show
              when={current().kind === 'delete'}
              fallback={
                <p>
                  Learners will no longer see this chapter or {lessonsPhrase(current().chapter.lessons.length)}. Their progress is kept, and
                  publishing the chapter again brings the lessons back.
                </p>
              }
            >
              <p>The chapter has no lessons, so nothing else is removed. This cannot be undone.</p>
            </Show>
          </ConfirmDialog>
        )}
      </Show>
    </div>
  );
}
