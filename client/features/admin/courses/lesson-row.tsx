import { Show, type JSX } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../lib/router';
import { Badge } from '../../../ui/badge';
import { CONTENT_STATUS } from './course-labels';
import type { Lesson } from './courses-api';
import { GripIcon } from './icons';
import type { createReorder } from './outline-reorder';

type LessonRowProps = {
  courseId: string;
  lesson: Lesson;
  chapterId: string;
  reorder: ReturnType<typeof createReorder>;
};

/** "Opens 3 days after enrollment" / "Opens 1 Sep 2026, 09:00": drip in a few words. */
export function dripSummary(lesson: Pick<Lesson, 'releaseAt' | 'releaseAfterDays'>): string | null {
  if (lesson.releaseAt) return `Opens ${formatDateTime(lesson.releaseAt)}`;
  if (lesson.releaseAfterDays !== null) {
    return lesson.releaseAfterDays === 0 ? 'Opens on enrollment' : `Opens ${lesson.releaseAfterDays} day${lesson.releaseAfterDays === 1 ? '' : 's'} after enrollment`;
  }
  return null;
}

/** One lesson in the outline: its handle, a link to its editor, and what learners will find. */
export function LessonRow(props: LessonRowProps): JSX.Element {
  const r = props.reorder;
  const href = () => `/admin/courses/${encodeURIComponent(props.courseId)}/lessons/${encodeURIComponent(props.lesson.id)}`;
  return (
    <li
      class="editor-lesson"
      classList={{ 'is-grabbed': r.grabbed()?.id === props.lesson.id, 'is-drop-target': r.dropTarget() === props.lesson.id, 'is-dragging': r.dragging()?.id === props.lesson.id }}
      data-testid="editor-lesson"
      data-lesson-id={props.lesson.id}
      {...r.lessonTarget(props.lesson.id, props.chapterId)}
    >
      <button type="button" class="reorder-handle" aria-describedby="reorder-help" {...r.handle('lesson', props.lesson.id)}>
        <GripIcon />
        <span class="visually-hidden">Move lesson “{props.lesson.title}”</span>
      </button>
      <div class="editor-lesson__main">
        <Link href={href()} class="editor-lesson__title" data-testid="editor-lesson-title">
          {props.lesson.title}
        </Link>
        <span class="editor-lesson__meta">
          <Badge tone={CONTENT_STATUS[props.lesson.status].tone}>{CONTENT_STATUS[props.lesson.status].label}</Badge>
          <Show when={props.lesson.isPreview}>
            <Badge tone="brand">Free preview</Badge>
          </Show>
          <Show when={!props.lesson.isRequired}>
            <Badge tone="muted">Optional</Badge>
          </Show>
          <Show when={dripSummary(props.lesson)}>{(text) => <span>{text()}</span>}</Show>
          <Show when={props.lesson.estimatedMinutes !== null}>
            <span>{props.lesson.estimatedMinutes} min</span>
          </Show>
        </span>
      </div>
    </li>
  );
}
