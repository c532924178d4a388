import '../course/learning.css';
import './lesson.css';
import { createMemo, createResource, Match, Switch, type JSX } from 'solid-js';
import { hasRole } from '../../lib/roles';
import { queryParam, routeParam } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Spinner } from '../../ui/spinner';
import { fetchCoursePage, type CoursePageData } from '../course/course-api';
import { useLiveTitle } from '../course/live-title';
import { settled } from '../course/resource-value';
import { fetchLesson, type LessonData } from './lesson-api';
import { LessonUnavailable } from './lesson-unavailable';
import { LessonView } from './lesson-view';

/**
 * /courses/:slug/lessons/:lessonId — the lesson player. The lesson (body, progress, notes,
 * bookmark, transcripts) is one call; the course outline, which names the chapter, the
 * neighbouring lessons, the course's progress and why a lesson is locked, is a second call
 * made at the same time, and is kept while moving from lesson to lesson in one course.
 */
export function LessonPage(): JSX.Element {
  const session = useSession();
  const slug = () => routeParam('slug');
  const lessonId = () => routeParam('lessonId');
  const asStudent = () => queryParam('as') === 'student';

  const lessonKey = createMemo(() => (slug() && lessonId() ? `${asStudent() ? 'student' : 'self'}:${slug()}:${lessonId()}` : false));
  const [lesson, { refetch }] = createResource(lessonKey, async (key): Promise<{ key: string; data: LessonData }> => ({ key, data: await fetchLesson(slug(), lessonId(), asStudent()) }));
  const courseKey = createMemo(() => (slug() ? `${asStudent() ? 'student' : 'self'}:${slug()}` : false));
  const [outline, { refetch: refetchOutline }] = createResource(courseKey, async (key): Promise<{ key: string; page: CoursePageData }> => ({ key, page: await fetchCoursePage(slug(), asStudent()) }));

  // Values for the address on screen only: while the next lesson loads, a spinner, not the last one.
  const current = () => {
    const value = settled(lesson);
    return value && value.key === lessonKey() ? value.data : undefined;
  };
  const context = () => {
    const value = settled(outline);
    return value && value.key === courseKey() ? value.page : undefined;
  };
  const failure = () => (lesson.error && !lesson.loading ? (lesson.error as unknown) : undefined);
  useLiveTitle(() => current()?.lesson.title ?? context()?.course.title ?? 'Lesson');

  const reloadOutline = async () => {
    await refetchOutline();
    return context();
  };

  return (
    <Switch fallback={<Spinner label="Loading the lesson…" />}>
      <Match when={current()} keyed>
        {(data) => (
          <LessonView
            data={data}
            outline={context()}
            signedIn={!!session.member()}
            staff={hasRole(session.member()?.role, 'instructor')}
            startAt={Number(queryParam('t')) || 0}
            reloadOutline={reloadOutline}
          />
        )}
      </Match>
      <Match when={failure()}>
        {(error) => (
          <LessonUnavailable
            error={error()}
            outline={context()}
            slug={slug()}
            lessonId={lessonId()}
            asStudent={asStudent()}
            retry={() => void refetch()}
            onEnrolled={async () => {
              await Promise.all([refetch(), refetchOutline()]);
            }}
          />
        )}
      </Match>
    </Switch>
  );
}
