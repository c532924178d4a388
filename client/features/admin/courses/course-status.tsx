import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { ACCESS, COURSE_STATUS } from './course-labels';
import { changeCourseStatus, type Course, type CourseStatus, type StatusAction } from './courses-api';

type Action = {
  action: StatusAction;
  label: string;
  title: (course: Course) => string;
  confirmLabel: string;
  busyLabel: string;
  /** What learners will see afterwards, in the confirmation. */
  consequence: (course: Course) => string;
  done: (course: Course) => string;
};

const PUBLISH: Action = {
  action: 'publish',
  label: 'Publish',
  title: (c) => `Publish “${c.title}”?`,
  confirmLabel: 'Publish course',
  busyLabel: 'Publishing…',
  consequence: (c) =>
    `It appears in the catalog at /courses/${c.slug}. Learners see only its published chapters and lessons; drafts stay hidden. ${ACCESS[c.accessLevel].hint}`,
  done: (c) => `“${c.title}” is published and listed in the catalog.`,
};
const UNPUBLISH: Action = {
  action: 'unpublish',
  label: 'Unpublish',
  title: (c) => `Move “${c.title}” back to draft?`,
  confirmLabel: 'Unpublish course',
  busyLabel: 'Unpublishing…',
  consequence: () =>
    'It leaves the catalog, and learners, including those enrolled, can no longer open it. Their enrollments and progress are kept and come back when you publish again.',
  done: (c) => `“${c.title}” is a draft again and hidden from learners.`,
};
const ARCHIVE: Action = {
  action: 'archive',
  label: 'Archive',
  title: (c) => `Archive “${c.title}”?`,
  confirmLabel: 'Archive course',
  busyLabel: 'Archiving…',
  consequence: () =>
    'It leaves the catalog, and learners, including those enrolled, can no longer open it. Enrollments and progress stay on record, and you can publish it again later.',
  done: (c) => `“${c.title}” is archived and hidden from learners.`,
};

const ACTIONS: Record<CourseStatus, Action[]> = {
  draft: [PUBLISH, ARCHIVE],
  published: [UNPUBLISH, ARCHIVE],
  archived: [{ ...PUBLISH, label: 'Publish again' }, { ...UNPUBLISH, label: 'Move to draft', title: (c) => `Move “${c.title}” to draft?`, confirmLabel: 'Move to draft' }],
};

function describe(course: Course): string {
  if (course.status === 'published') {
    const since = course.publishedAt ? ` since ${formatDateTime(course.publishedAt)}` : '';
    return `Published${since}: learners find it in the catalog.`;
  }
  if (course.status === 'archived') return 'Archived: hidden from the catalog and from learners.';
  return 'Draft: only staff can see it. Publish it when it is ready.';
}

/** A learner would find something to open: a published lesson in a published chapter. */
function hasOpenableLesson(course: Course): boolean {
  return course.chapters.some((chapter) => chapter.status === 'published' && chapter.lessons.some((lesson) => lesson.status === 'published'));
}

/** The course's status, and Publish / Unpublish / Archive, each confirmed with what learners will see. */
export function CourseStatusCard(props: { course: Course; onChanged: (course: Omit<Course, 'chapters'>) => void }): JSX.Element {
  const [pending, setPending] = createSignal<Action | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const actions = () => ACTIONS[props.course.status];

  return (
    <section class="card admin-card" aria-labelledby="course-status-title" data-testid="course-status">
      <h2 id="course-status-title">Status</h2>
      <Show when={done()}>
        <Notice tone="success" id="course-status-done" live="status" data-testid="course-status-done">
          <p>{done()}</p>
        </Notice>
      </Show>
      <p class="course-status-line">
        <Badge tone={COURSE_STATUS[props.course.status].tone} data-testid="course-status-badge">
          {COURSE_STATUS[props.course.status].label}
        </Badge>
        <span>{describe(props.course)}</span>
      </p>
      <Show when={props.course.status !== 'published' && !hasOpenableLesson(props.course)}>
        <Notice tone="info">
          <p>To publish, first publish at least one chapter and one lesson inside it: learners need something to open.</p>
        </Notice>
      </Show>
      <div class="form-actions">
        <For each={actions()}>
          {(action) => (
            <Button variant={action.action === 'publish' ? 'primary' : 'secondary'} onClick={() => setPending(action)} data-testid={`course-${action.action}`}>
              {action.label}
            </Button>
          )}
        </For>
      </div>
      <Show when={pending()}>
        {(action) => (
          <ConfirmDialog
            title={action().title(props.course)}
            confirmLabel={action().confirmLabel}
            busyLabel={action().busyLabel}
            // Publishing gives learners something; unpublishing and archiving take it away.
            tone={action().action === 'publish' ? 'primary' : 'danger'}
            onConfirm={async () => {
              const updated = await changeCourseStatus(props.course.id, action().action);
              setDone(action().done({ ...props.course, ...updated }));
              props.onChanged(updated);
            }}
            onClose={(confirmed) => {
              setPending(null);
              if (confirmed) focusElement('course-status-done');
            }}
          >
            <p>{action().consequence(props.course)}</p>
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
}
