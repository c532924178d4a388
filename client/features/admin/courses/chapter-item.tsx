import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { AddItemForm } from './add-item-form';
import { ChapterForm } from './chapter-form';
import { CONTENT_STATUS } from './course-labels';
import type { Chapter, ChapterPatch } from './courses-api';
import { GripIcon } from './icons';
import { LessonRow } from './lesson-row';
import type { createReorder } from './outline-reorder';

export type ChapterActions = {
  onSave: (chapter: Chapter, patch: ChapterPatch) => Promise<void>;
  onToggleStatus: (chapter: Chapter) => void;
  onDelete: (chapter: Chapter) => void;
  onAddLesson: (chapter: Chapter, title: string) => Promise<void>;
};

type ChapterItemProps = ChapterActions & {
  courseId: string;
  chapter: Chapter;
  reorder: ReturnType<typeof createReorder>;
};

/** A chapter of the outline: heading with its actions, its lessons, and a field to add one. */
export function ChapterItem(props: ChapterItemProps): JSX.Element {
  const [editing, setEditing] = createSignal(false);
  const r = props.reorder;
  const headingId = () => `chapter-${props.chapter.id}-title`;
  const stopEditing = () => {
    setEditing(false);
    document.getElementById(`chapter-${props.chapter.id}-edit`)?.focus();
  };

  return (
    <li
      class="editor-chapter"
      classList={{ 'is-grabbed': r.grabbed()?.id === props.chapter.id, 'is-drop-target': r.dropTarget() === props.chapter.id, 'is-dragging': r.dragging()?.id === props.chapter.id }}
      aria-labelledby={headingId()}
      data-testid="editor-chapter"
      data-chapter-id={props.chapter.id}
      {...r.chapterTarget(props.chapter.id)}
    >
      <Show
        when={!editing()}
        fallback={<ChapterForm chapter={props.chapter} onSave={(patch) => props.onSave(props.chapter, patch)} onDone={stopEditing} />}
      >
        <div class="editor-chapter__head" {...r.chapterSource(props.chapter.id)}>
          <button type="button" class="reorder-handle" aria-describedby="reorder-help" {...r.handle('chapter', props.chapter.id)}>
            <GripIcon />
            <span class="visually-hidden">Move chapter “{props.chapter.title}”</span>
          </button>
          <div class="editor-chapter__heading">
            <h3 id={headingId()} class="editor-chapter__title" data-testid="editor-chapter-title">
              {props.chapter.title}
            </h3>
            <span class="editor-lesson__meta">
              <Badge tone={CONTENT_STATUS[props.chapter.status].tone}>{CONTENT_STATUS[props.chapter.status].label}</Badge>
              <Show when={props.chapter.releaseAt}>{(at) => <span>Opens {formatDateTime(at())}</span>}</Show>
              <span>
                {props.chapter.lessons.length} lesson{props.chapter.lessons.length === 1 ? '' : 's'}
              </span>
            </span>
          </div>
          <div class="editor-chapter__actions">
            <Button variant="secondary" class="button--small" id={`chapter-${props.chapter.id}-edit`} onClick={() => setEditing(true)}>
              Edit<span class="visually-hidden"> chapter “{props.chapter.title}”</span>
            </Button>
            <Button variant="secondary" class="button--small" onClick={() => props.onToggleStatus(props.chapter)}>
              {props.chapter.status === 'published' ? 'Unpublish' : 'Publish'}
              <span class="visually-hidden"> chapter “{props.chapter.title}”</span>
            </Button>
            <Show when={props.chapter.lessons.length === 0}>
              <Button variant="secondary" class="button--small" onClick={() => props.onDelete(props.chapter)}>
                Delete<span class="visually-hidden"> chapter “{props.chapter.title}”</span>
              </Button>
            </Show>
          </div>
        </div>
      </Show>
      <ol class="editor-lessons" aria-label={`Lessons in “${props.chapter.title}”`}>
        <For each={props.chapter.lessons}>
          {(lesson) => <LessonRow courseId={props.courseId} lesson={lesson} chapterId={props.chapter.id} reorder={r} />}
        </For>
      </ol>
      <Show when={props.chapter.lessons.length === 0}>
        <p class="editor-empty">No lessons in this chapter yet. Add one below, or drag a lesson here.</p>
      </Show>
      <AddItemForm
        id={`add-lesson-${props.chapter.id}`}
        label={`New lesson in “${props.chapter.title}”`}
        buttonLabel="Add lesson"
        onAdd={(title) => props.onAddLesson(props.chapter, title)}
        data-testid="add-lesson-form"
      />
    </li>
  );
}
