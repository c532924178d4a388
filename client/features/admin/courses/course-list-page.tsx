import './courses.css';
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/page-title';
import { Link, navigate } from '../../../lib/router';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { BookIcon } from '../../../ui/icons';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { ACCESS, COURSE_STATUS, formatPrice } from './course-labels';
import { fetchCourses, type CourseSummary } from './courses-api';
import { NewCourseForm } from './new-course-form';

/** /admin/courses: every course of the school, whatever its status, and a way to start one. */
export function CourseListPage(): JSX.Element {
  usePageTitle('Courses');
  return (
    <AdminLayout title="Courses" minimumRole="instructor">
      {() => <CourseList />}
    </AdminLayout>
  );
}

function CourseList(): JSX.Element {
  const [courses, { refetch }] = createResource(signedInOnly(fetchCourses));
  const [creating, setCreating] = createSignal(false);
  const forbidden = () => (courses.error instanceof ApiError && courses.error.status === 403 ? courses.error : null);

  const openForm = () => {
    setCreating(true);
    focusElement('new-course-title');
  };

  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the instructor role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="courses-title" aria-busy={courses.loading}>
        <div class="authoring-card-heading">
          <div>
            <h2 id="courses-title">All courses</h2>
            <p class="section__intro">Drafts, published and archived courses. Only published courses appear in the catalog.</p>
          </div>
          <Button
            variant={creating() ? 'secondary' : 'primary'}
            onClick={() => (creating() ? setCreating(false) : openForm())}
            aria-controls="new-course"
            aria-expanded={creating()}
            data-testid="new-course"
          >
            New course
          </Button>
        </div>
        <Show when={creating()}>
          <section id="new-course" class="new-course" aria-labelledby="new-course-heading">
            <h3 id="new-course-heading">New course</h3>
            <p class="section__intro">Start with a title; everything else can be changed in the editor. New courses are drafts.</p>
            <NewCourseForm onCreated={(course) => navigate(`/admin/courses/${encodeURIComponent(course.id)}`)} onCancel={() => setCreating(false)} />
          </section>
        </Show>
        <Switch>
          <Match when={courses.error}>
            <ErrorNotice title="We couldn't load the courses" error={courses.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={courses.state === 'pending'}>
            <Spinner label="Loading courses…" />
          </Match>
          <Match when={courses.latest}>
            {(list) => (
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState title="No courses yet" icon={<BookIcon />} data-testid="courses-empty">
                    <p>Create your first course: give it a title, then add chapters and lessons in the editor.</p>
                    <Show when={!creating()}>
                      <Button onClick={openForm}>Create a course</Button>
                    </Show>
                  </EmptyState>
                }
              >
                <CourseTable courses={list()} />
              </Show>
            )}
          </Match>
        </Switch>
      </section>
    </Show>
  );
}

function lessonCount(course: CourseSummary): string {
  const lessons = `${course.lessonCount} lesson${course.lessonCount === 1 ? '' : 's'}`;
  return `${lessons} in ${course.chapterCount} chapter${course.chapterCount === 1 ? '' : 's'}`;
}

function CourseTable(props: { courses: CourseSummary[] }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-label="Courses list" tabindex="0">
      <table class="table" data-testid="courses-table">
        <thead>
          <tr>
            <th scope="col">Course</th>
            <th scope="col">Status</th>
            <th scope="col">Access</th>
            <th scope="col">Lessons</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.courses}>
            {(course) => (
              <tr data-testid="course-row">
                <th scope="row">
                  <Link href={`/admin/courses/${encodeURIComponent(course.id)}`}>{course.title}</Link>
                  <span class="table__sub">/courses/{course.slug}</span>
                </th>
                <td>
                  <Badge tone={COURSE_STATUS[course.status].tone}>{COURSE_STATUS[course.status].label}</Badge>
                </td>
                <td>
                  {ACCESS[course.accessLevel].label}
                  <Show when={course.accessLevel === 'paid' && course.priceCents !== null}>
                    <span class="table__sub">{formatPrice(course.priceCents!, course.currency)}</span>
                  </Show>
                </td>
                <td>{lessonCount(course)}</td>
                <td>
                  <time datetime={(course.updatedAt ?? course.createdAt).toISOString()}>{formatDateTime(course.updatedAt ?? course.createdAt)}</time>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
