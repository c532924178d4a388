import '../course/learning.css';
import './lesson.css';
import { createEffect, createMemo, createResource, createSignal, Match, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { hasRole } from '../../lib/roles';
import { queryParam, routeParam } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Spinner } from '../../ui/spinner';
import type { CourseScreen } from '../course/course-api';
import { settled } from '../course/resource-value';
import { fetchLesson, type LessonData } from './lesson-api';
import { LessonUnavailable } from './lesson-unavailable';
import { LessonView } from './lesson-view';

/**
 * /courses/:slug/lessons/:lessonId — the lesson player, from ONE call: the lesson (body,
 * video, attachments, progress, notes, bookmark, transcripts) arrives with the whole course
 * screen (outline with access, neighbours, the course's progress), and a refusal carries
 * the lock's reason. The video's address is asked for separately, by the player, because
 * it is short-lived.
 */
export function LessonPage(): JSX.Element {
  const session = useSession();
  const slug = () => routeParam('slug');
  const lessonId = () => routeParam('lessonId');
  const asStudent = () => queryParam('as') === 'student';
  const mode = () => (asStudent() ? 'student' : 'self');
  // Bumped to load the lesson afresh in place (after enrolling from a lock or a preview).
  const [generation, setGeneration] = createSignal(0);

  const lessonKey = createMemo(() => (slug() && lessonId() ? `${mode()}:${slug()}:${lessonId()}:${generation()}` : false));
  const [loaded, { mutate }] = createResource(lessonKey, async (key): Promise<{ key: string; data: LessonData }> => ({ key, data: await fetchLesson(slug(), lessonId(), asStudent()) }));

  // Values for the address on screen only: while the next lesson loads, a spinner, not the last one.
  const current = () => {
    const value = settled(loaded);
    return value && value.key === lessonKey() ? value.data : undefined;
  };
  // What an open view reads: never undefined in the instant a view is being replaced.
  const shown = createMemo<LessonData | undefined>((previous) => current() ?? previous);
  const failure = () => (loaded.error && !loaded.loading ? (loaded.error as unknown) : undefined);

  // The course screen of the last lesson opened in this course, kept for the lock screen: it
  // names the course and the locked lesson, which a refusal does not.
  const courseKey = () => `${mode()}:${slug()}`;
  const [known, setKnown] = createSignal<{ key: string; screen: CourseScreen }>();
  createEffect(() => {
    const data = current();
    if (data) setKnown({ key: courseKey(), screen: data });
  });
  const knownScreen = () => {
    const value = known();
    return value && value.key === courseKey() ? value.screen : undefined;
  };

  usePageTitle(() => current()?.lesson.title ?? knownScreen()?.course.title ?? 'Lesson');

  // The session decides once it is known; until then, whether the Worker answered for a signed-in viewer.
  const signedIn = () => {
    const member = session.member();
    return member === undefined ? (shown()?.viewer ?? null) !== null : member !== null;
  };

  const reload = () => void setGeneration((n) => n + 1);
  // After a completion: the same lesson again for the course's new progress, without
  // unmounting the page (the video keeps playing, forms keep what was typed).
  const refresh = async () => {
    const key = lessonKey();
    if (!key) return undefined;
    const data = await fetchLesson(slug(), lessonId(), asStudent());
    if (lessonKey() === key) mutate({ key, data });
    return data;
  };

  return (
    <Switch fallback={<Spinner label="Loading the lesson…" />}>
      <Match when={current() && lessonKey()} keyed>
        {(_key) => (
          <LessonView
            data={shown()!}
            signedIn={signedIn()}
            staff={hasRole(session.member()?.role, 'instructor')}
            startAt={Number(queryParam('t')) || 0}
            refresh={refresh}
            reload={reload}
          />
        )}
      </Match>
      <Match when={failure()}>
        {(error) => (
          <LessonUnavailable
            error={error()}
            known={knownScreen()}
            slug={slug()}
            lessonId={lessonId()}
            asStudent={asStudent()}
            retry={reload}
            onEnrolled={reload}
          />
        )}
      </Match>
    </Switch>
  );
}
