import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import type { CoursePageData, OutlineLesson } from './course-api';
import { CheckIcon, LockIcon, PlayIcon } from './learning-icons';
import { formatMinutes, lessonCount } from './learning-format';
import { lessonPath } from './paths';

type LessonState = 'completed' | 'open' | 'locked';

function lockMessage(lesson: OutlineLesson): string {
  return lesson.access.open ? '' : lesson.access.message;
}

function stateOf(lesson: OutlineLesson, completed: Set<string>): LessonState {
  if (completed.has(lesson.id)) return 'completed';
  return lesson.access.open ? 'open' : 'locked';
}

/** Chapters and their lessons, each saying whether it is done, open, or why it is locked. */
export function CourseOutline(props: { page: CoursePageData }): JSX.Element {
  const completed = () => new Set(props.page.viewer?.completedLessonIds ?? []);
  return (
    <Show
      when={props.page.chapters.some((chapter) => chapter.lessons.length > 0)}
      fallback={<p class="section__intro">Lessons will be listed here once they are published.</p>}
    >
      <ol class="outline" data-testid="course-outline">
        <For each={props.page.chapters.filter((chapter) => chapter.lessons.length > 0)}>
          {(chapter, index) => (
            <li class="outline__chapter">
              <h3 class="outline__chapter-title">
                <span class="outline__chapter-number">Chapter {index() + 1}</span>
                {chapter.title}
              </h3>
              <p class="outline__chapter-meta">{lessonCount(chapter.lessons.length)}</p>
              <ol class="outline__lessons">
                <For each={chapter.lessons}>
                  {(lesson) => <OutlineRow page={props.page} lesson={lesson} state={stateOf(lesson, completed())} />}
                </For>
              </ol>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

function OutlineRow(props: { page: CoursePageData; lesson: OutlineLesson; state: LessonState }): JSX.Element {
  const lesson = () => props.lesson;
  const minutes = () => formatMinutes(lesson().estimatedMinutes);
  const href = () => lessonPath(props.page.course.slug, lesson().id, { asStudent: props.page.viewingAsStudent });
  return (
    <li class={`outline-lesson outline-lesson--${props.state}`} data-testid="outline-lesson" data-state={props.state}>
      <span class="outline-lesson__icon">
        <Switch>
          <Match when={props.state === 'completed'}>
            <CheckIcon />
          </Match>
          <Match when={props.state === 'locked'}>
            <LockIcon />
          </Match>
          <Match when={true}>
            <PlayIcon />
          </Match>
        </Switch>
      </span>
      <div class="outline-lesson__main">
        <p class="outline-lesson__title">
          <Show when={props.state !== 'locked'} fallback={<span>{lesson().title}</span>}>
            <Link href={href()}>{lesson().title}</Link>
          </Show>
          <Show when={lesson().isPreview}>
            {' '}
            <Badge tone="brand">Preview</Badge>
          </Show>
          <Show when={!lesson().isRequired}>
            {' '}
            <Badge tone="muted">Optional</Badge>
          </Show>
        </p>
        <p class="outline-lesson__state" data-testid="lesson-state">
          <Switch>
            <Match when={props.state === 'completed'}>Completed</Match>
            <Match when={lockMessage(lesson())}>{(message) => message()}</Match>
            <Match when={true}>{lesson().isPreview && !props.page.viewer ? 'Free preview' : 'Open'}</Match>
          </Switch>
          <Show when={minutes()}>{(m) => <span class="outline-lesson__minutes"> · {m()}</span>}</Show>
        </p>
      </div>
    </li>
  );
}
