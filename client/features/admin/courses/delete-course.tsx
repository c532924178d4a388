import { createSignal, Show, type JSX } from 'solid-js';
import { hasRole, type Role } from '../../../lib/roles';
import { navigate } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { deleteCourse, type Course } from './courses-api';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Deleting is for drafts, by admins (the Worker's rule): a published course is archived
 * instead, so learners' records stay. Others are told why there is no button.
 */
export function DeleteCourseCard(props: { course: Course; role: Role }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  const lessons = () => props.course.chapters.reduce((n, chapter) => n + chapter.lessons.length, 0);
  const reason = () => {
    if (!hasRole(props.role, 'admin')) return 'Only admins can delete a course. To take it away from learners, archive it.';
    if (props.course.status !== 'draft') return 'Only draft courses can be deleted. Archive it instead, so learners’ enrollments and progress stay on record.';
    return null;
  };
  return (
    <section class="card admin-card danger-zone" aria-labelledby="delete-course-title">
      <h2 id="delete-course-title">Delete course</h2>
      <Show
        when={!reason()}
        fallback={
          <p class="section__intro" data-testid="delete-course-unavailable">
            {reason()}
          </p>
        }
      >
        <p class="section__intro">Removes the course with all its chapters, lessons and transcripts. This cannot be undone.</p>
        <Button variant="danger" onClick={() => setAsking(true)} data-testid="delete-course">
          Delete course
        </Button>
      </Show>
      <Show when={asking()}>
        <ConfirmDialog
          title={`Delete “${props.course.title}” for good?`}
          confirmLabel="Delete course"
          busyLabel="Deleting…"
          onConfirm={async () => {
            await deleteCourse(props.course.id);
            navigate('/admin/courses');
          }}
          onClose={() => setAsking(false)}
        >
          <p>
            Its {count(props.course.chapters.length, 'chapter')} and {count(lessons(), 'lesson')}, with their transcripts, are deleted permanently. There is no
            undo.
          </p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
