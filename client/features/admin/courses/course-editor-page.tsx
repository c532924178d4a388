import './courses.css';
import { createEffect, createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { hasRole } from '../../../lib/roles';
import { Link, routeParam } from '../../../lib/router';
import type { Me } from '../../../lib/session';
import { buttonClass } from '../../../ui/button';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { CourseProtectionSection } from '../media/course-protection-section';
import { CourseDetailsForm } from './course-details-form';
import { CourseLinks } from './course-links';
import { CourseStatusCard } from './course-status';
import { fetchCourse, type Course } from './courses-api';
import { DeleteCourseCard } from './delete-course';
import { OutlineEditor } from './outline-editor';

/** /admin/courses/:courseId: status, outline, details and deletion of one course. */
export function CourseEditorPage(): JSX.Element {
  const [course, setCourse] = createSignal<string | null>(null);
  const heading = () => course() ?? 'Course';
  // The tab names the course once it has loaded, so several open editors can be told apart.
  usePageTitle(() => (course() ? `${course()} · Course editor` : 'Course editor'));
  return (
    <AdminLayout title={heading()} minimumRole="instructor">
      {(me) => <CourseEditor me={me()} onTitle={setCourse} />}
    </AdminLayout>
  );
}

function CourseEditor(props: { me: Me; onTitle: (title: string) => void }): JSX.Element {
  // The route's id is the resource's source: moving to another course loads that one.
  const [course, { mutate, refetch }] = createResource(
    () => routeParam('courseId') || undefined,
    (id) => signedInOnly(() => fetchCourse(id))(),
  );
  const loaded = () => (course.error ? undefined : course.latest);
  const forbidden = () => (course.error instanceof ApiError && course.error.status === 403 ? course.error : null);
  createEffect(() => {
    const current = loaded();
    if (current) props.onTitle(current.title);
  });

  const patch = (change: Partial<Course>) => mutate((current) => (current ? { ...current, ...change } : current));

  return (
    <Switch>
      <Match when={forbidden()}>{(error) => <AccessDenied title="You need the instructor role" message={error().message} />}</Match>
      <Match when={course.error}>
        <div class="editor-stack">
          <CourseLinks />
          <ErrorNotice title="We couldn't load this course" error={course.error} onRetry={() => void refetch()} />
        </div>
      </Match>
      <Match when={!loaded()}>
        <Spinner label="Loading the course…" />
      </Match>
      <Match when={loaded()?.id} keyed>
        {/* Keyed by id: the forms start again from the saved values when the course changes. */}
        {(courseId) => (
          <div class="editor-stack" data-testid="course-editor">
            <CourseLinks course={loaded()} here="editor" />
            <CourseStatusCard course={loaded()!} onChanged={(updated) => patch(updated)} />
            <section class="card admin-card" aria-labelledby="outline-title">
              <h2 id="outline-title">Outline</h2>
              <OutlineEditor courseId={courseId} outline={loaded()!.chapters} setOutline={(chapters) => patch({ chapters })} />
            </section>
            <section class="card admin-card" aria-labelledby="details-title">
              <h2 id="details-title">Details</h2>
              <CourseDetailsForm course={loaded()!} onSaved={(updated) => patch(updated)} />
            </section>
            <section class="card admin-card" aria-labelledby="media-title" data-testid="course-media">
              <h2 id="media-title">Media</h2>
              <p class="section__intro">Course downloads, lesson attachments and cover images, with what uses each file. Lesson videos are uploaded in each lesson’s editor.</p>
              <Link href={`/admin/courses/${encodeURIComponent(courseId)}/media`} class={buttonClass('secondary')} data-testid="media-library-link">
                Open the media library
              </Link>
            </section>
            {/* The Worker lets admins only change protection; instructors are not shown a form that would fail. */}
            <Show when={hasRole(props.me.role, 'admin')}>
              <CourseProtectionSection courseId={courseId} />
            </Show>
            <Show when={loaded()}>{(current) => <DeleteCourseCard course={current()} role={props.me.role} />}</Show>
          </div>
        )}
      </Match>
    </Switch>
  );
}
