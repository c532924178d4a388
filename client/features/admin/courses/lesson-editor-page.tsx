import './courses.css';
import { createEffect, createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { Link, navigate, routeParam } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { ErrorNotice } from '../../../ui/error-notice';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { AttachmentsSection } from '../media/attachments-section';
import { VideoSection } from '../media/video-section';
import { CourseLinks } from './course-links';
import { deleteLesson, fetchCourse, type Course, type Lesson } from './courses-api';
import { LessonForm } from './lesson-form';
import { TranscriptsSection } from './transcripts-section';

/** /admin/courses/:courseId/lessons/:lessonId: one lesson's text, settings, video, transcripts and attachments. */
export function LessonEditorPage(): JSX.Element {
  const [lesson, setLesson] = createSignal<string | null>(null);
  const heading = () => lesson() ?? 'Lesson';
  usePageTitle(() => (lesson() ? `${lesson()} · Lesson editor` : 'Lesson editor'));
  return (
    <AdminLayout title={heading()} minimumRole="instructor">
      {() => <LessonEditor onTitle={setLesson} />}
    </AdminLayout>
  );
}

function findLesson(course: Course, lessonId: string): { lesson: Lesson; chapterTitle: string } | null {
  for (const chapter of course.chapters) {
    const lesson = chapter.lessons.find((l) => l.id === lessonId);
    if (lesson) return { lesson, chapterTitle: chapter.title };
  }
  return null;
}

function LessonEditor(props: { onTitle: (title: string) => void }): JSX.Element {
  // The course's editing view carries every lesson with its body, so one call serves the page.
  const [course, { mutate, refetch }] = createResource(
    () => routeParam('courseId') || undefined,
    (id) => signedInOnly(() => fetchCourse(id))(),
  );
  const loaded = () => (course.error ? undefined : course.latest);
  const found = () => {
    const current = loaded();
    return current ? findLesson(current, routeParam('lessonId')) : null;
  };
  const forbidden = () => (course.error instanceof ApiError && course.error.status === 403 ? course.error : null);
  createEffect(() => {
    const current = found();
    if (current) props.onTitle(current.lesson.title);
  });

  const replaceLesson = (lesson: Lesson) =>
    mutate((current) =>
      current ? { ...current, chapters: current.chapters.map((c) => ({ ...c, lessons: c.lessons.map((l) => (l.id === lesson.id ? lesson : l)) })) } : current,
    );

  return (
    <Switch>
      <Match when={forbidden()}>{(error) => <AccessDenied title="You need the instructor role" message={error().message} />}</Match>
      <Match when={course.error}>
        <div class="editor-stack">
          <CourseLinks />
          <ErrorNotice title="We couldn't load this lesson" error={course.error} onRetry={() => void refetch()} />
        </div>
      </Match>
      <Match when={!loaded()}>
        <Spinner label="Loading the lesson…" />
      </Match>
      <Match when={!found()}>
        <div class="editor-stack">
          <CourseLinks course={loaded()} here="lesson" />
          <Notice tone="error" title="That lesson does not exist" data-testid="lesson-missing">
            <p>It may have been deleted, or moved to another course.</p>
            <p>
              <Link href={`/admin/courses/${encodeURIComponent(loaded()!.id)}`}>Back to “{loaded()!.title}”</Link>
            </p>
          </Notice>
        </div>
      </Match>
      <Match when={found()?.lesson.id} keyed>
        {/* Keyed by lesson: opening another lesson starts its form afresh. */}
        {(lessonId) => (
          <div class="editor-stack" data-testid="lesson-editor">
            <CourseLinks course={loaded()} here="lesson" lessonId={lessonId} />
            <p class="lesson-context">
              In “{found()?.chapterTitle}” of <Link href={`/admin/courses/${encodeURIComponent(loaded()!.id)}`}>{loaded()!.title}</Link>
            </p>
            <section class="card admin-card" aria-labelledby="lesson-edit-title">
              <h2 id="lesson-edit-title">Lesson</h2>
              <LessonForm lesson={found()!.lesson} onSaved={replaceLesson} />
            </section>
            <VideoSection lessonId={lessonId} />
            <TranscriptsSection lessonId={lessonId} />
            <AttachmentsSection courseId={loaded()!.id} lessonId={lessonId} />
            <DeleteLessonCard courseId={loaded()!.id} lesson={found()!.lesson} />
          </div>
        )}
      </Match>
    </Switch>
  );
}

function DeleteLessonCard(props: { courseId: string; lesson: Lesson }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <section class="card admin-card danger-zone" aria-labelledby="delete-lesson-title">
      <h2 id="delete-lesson-title">Delete lesson</h2>
      <p class="section__intro">Removes the lesson with its transcripts, and learners’ progress, notes and bookmarks on it. This cannot be undone.</p>
      <Button variant="danger" onClick={() => setAsking(true)} data-testid="delete-lesson">
        Delete lesson
      </Button>
      <Show when={asking()}>
        <ConfirmDialog
          title={`Delete “${props.lesson.title}”?`}
          confirmLabel="Delete lesson"
          busyLabel="Deleting…"
          onConfirm={async () => {
            await deleteLesson(props.lesson.id);
            navigate(`/admin/courses/${encodeURIComponent(props.courseId)}`);
          }}
          onClose={() => setAsking(false)}
        >
          <p>The lesson, its transcripts, and every learner’s progress, notes and bookmarks on it are deleted permanently.</p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
