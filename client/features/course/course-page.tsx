import './course.css';
import './learning.css';
import { createMemo, createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/page-title';
import { hasRole } from '../../lib/roles';
import { Link, queryParam, routeParam } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon } from '../../ui/icons';
import { Markdown } from '../../ui/markdown';
import { Spinner } from '../../ui/spinner';
import { fetchCoursePage, orderedLessons, type CoursePageData } from './course-api';
import { courseAction, showsProgress } from './course-action';
import { CourseCta } from './course-cta';
import { CourseDownloads } from './course-downloads';
import { CourseOutline } from './course-outline';
import { accessBadgeText, formatMinutes, lessonCount } from './learning-format';
import { coursePath } from './paths';
import { ProgressMeter } from './progress-meter';
import { settled } from './resource-value';
import { StaffPreviewBar } from './staff-preview';

type Loaded = { key: string; page: CoursePageData };

/** /courses/:slug — what the course is, what is in it, and the viewer's one next step. */
export function CoursePage(): JSX.Element {
  const session = useSession();
  const slug = () => routeParam('slug');
  const asStudent = () => queryParam('as') === 'student';
  const key = createMemo(() => (slug() ? `${asStudent() ? 'student' : 'self'}:${slug()}` : false));
  const [loaded, { refetch }] = createResource(key, async (k): Promise<Loaded> => ({ key: k, page: await fetchCoursePage(slug(), asStudent()) }));
  // Moving to another course shows a spinner rather than the previous course's page.
  const current = () => {
    const value = settled(loaded);
    return value && value.key === key() ? value.page : undefined;
  };
  usePageTitle(() => current()?.course.title ?? 'Course');
  const staff = () => hasRole(session.member()?.role, 'instructor');
  const notFound = () => loaded.error instanceof ApiError && loaded.error.status === 404;

  return (
    <Switch fallback={<Spinner label="Loading the course…" />}>
      <Match when={current()}>{(page) => <CourseView page={page()} staff={staff()} reload={refetch} />}</Match>
      <Match when={loaded.error && !loaded.loading && notFound()}>
        <div class="container section">
          <EmptyState icon={<BookIcon />} title="There is no such course" data-testid="course-not-found">
            <p>It may have been renamed or taken down. Browse the catalog to find what you are looking for.</p>
            <Link class={buttonClass('primary')} href="/courses">
              Browse courses
            </Link>
          </EmptyState>
        </div>
      </Match>
      <Match when={loaded.error && !loaded.loading}>
        <div class="container section">
          <ErrorNotice title="We couldn't load this course" error={loaded.error} onRetry={() => void refetch()} />
        </div>
      </Match>
    </Switch>
  );
}

function CourseView(props: { page: CoursePageData; staff: boolean; reload: () => Promise<unknown> | unknown }): JSX.Element {
  const page = () => props.page;
  const course = () => page().course;
  const lessons = () => orderedLessons(page());
  const minutes = () => formatMinutes(lessons().reduce((sum, l) => sum + (l.estimatedMinutes ?? 0), 0));
  const action = () => courseAction(page(), props.staff);
  const required = () => lessons().filter((l) => l.isRequired);
  const completedRequired = () => {
    const done = new Set(page().viewer?.completedLessonIds ?? []);
    return required().filter((l) => done.has(l.id)).length;
  };
  // The summary is already in the header; a description that only repeats it is left out.
  const description = () => {
    const text = course().description.trim();
    return text && text !== course().summary.trim() ? text : '';
  };

  return (
    <article class="course-page" aria-labelledby="course-title">
      <Show when={props.staff}>
        <StaffPreviewBar
          viewingAsStudent={page().viewingAsStudent}
          draft={course().status !== 'published'}
          where="course"
          studentHref={coursePath(course().slug, true)}
          staffHref={coursePath(course().slug)}
        />
      </Show>
      <header class="hero course-hero">
        <div class="container course-hero__inner">
          <div>
            <nav aria-label="Breadcrumb" class="breadcrumb">
              <ol>
                <li>
                  <Link href="/courses">Courses</Link>
                </li>
                <li aria-current="page">{course().title}</li>
              </ol>
            </nav>
            <p class="course-hero__badges">
              <Badge tone="brand" data-testid="course-access">
                {accessBadgeText(course())}
              </Badge>
              <Show when={course().status !== 'published'}>
                {' '}
                <Badge tone="muted">{course().status === 'draft' ? 'Draft' : 'Archived'}</Badge>
              </Show>
              <Show when={page().viewer?.enrolled && !page().viewingAsStudent}>
                {' '}
                <Badge tone="success">Enrolled</Badge>
              </Show>
            </p>
            <h1 id="course-title" class="hero__title course-hero__title" data-testid="course-title">
              {course().title}
            </h1>
            <Show when={course().summary}>
              <p class="hero__lead">{course().summary}</p>
            </Show>
            <p class="course-hero__meta">
              {lessonCount(lessons().length)}
              <Show when={minutes()}>{(m) => <> · about {m()}</>}</Show>
            </p>
          </div>
          <section class="card course-hero__panel" aria-label="Your next step">
            <Show when={showsProgress(action(), page()) && page().viewer}>
              {(viewer) => (
                <ProgressMeter
                  percent={viewer().percent}
                  label="Your progress"
                  detail={`${completedRequired()} of ${required().length} required lesson${required().length === 1 ? '' : 's'} complete`}
                  data-testid="course-progress"
                />
              )}
            </Show>
            <CourseCta page={page()} action={action()} reload={async () => props.reload()} />
          </section>
        </div>
      </header>
      <div class="container course-body">
        <Show when={description()}>
          <section class="course-section" aria-labelledby="course-about-title">
            <h2 id="course-about-title">About this course</h2>
            <Markdown source={description()} data-testid="course-description" />
          </section>
        </Show>
        <section class="course-section" aria-labelledby="course-outline-title">
          <h2 id="course-outline-title">Course outline</h2>
          <CourseOutline page={page()} />
        </section>
        <CourseDownloads slug={course().slug} signedIn={page().viewer !== null} enrolled={page().viewer?.enrolled ?? false} />
      </div>
    </article>
  );
}
