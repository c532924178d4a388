import { createEffect, For, onMount, Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { Markdown } from '../../ui/markdown';
import { Notice } from '../../ui/notice';
import { orderedLessons, type CoursePageData } from '../course/course-api';
import { formatBytes, formatMinutes, formatTimestamp } from '../course/learning-format';
import { coursePath, lessonPath } from '../course/paths';
import { StaffPreviewBar } from '../course/staff-preview';
import { BookmarkButton } from './bookmark-button';
import { CompletionBar } from './completion-bar';
import { CourseProgressCard } from './course-progress-card';
import { recordProgress, type LessonData } from './lesson-api';
import { LessonPager } from './lesson-pager';
import { NotesPanel } from './notes-panel';
import { createSeeker } from './seek';
import { TranscriptPanel } from './transcript-panel';

/**
 * Authors often open a lesson with its own title as a heading. The page already shows the
 * title as its h1, so a first line that only repeats it is left out rather than shown twice.
 */
export function withoutRepeatedTitle(body: string, title: string): string {
  const match = /^\s*#{1,2}[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(body);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? body.slice(match[0].length) : body;
}

type LessonViewProps = {
  data: LessonData;
  outline: CoursePageData | undefined;
  signedIn: boolean;
  staff: boolean;
  /** Seconds from `?t=`: where "Continue" asked to resume. */
  startAt: number;
  /** Reloads the course outline and returns it (for the progress after a completion). */
  reloadOutline: () => Promise<CoursePageData | undefined>;
};

/** One open lesson. Mounted afresh for every lesson, so its local state never leaks into the next. */
export function LessonView(props: LessonViewProps): JSX.Element {
  const data = props.data;
  const lesson = data.lesson;
  const slug = data.course.slug;
  const preview = data.viewingAsStudent;
  const seeker = createSeeker();
  const lessons = () => (props.outline ? orderedLessons(props.outline) : []);
  const chapter = () => props.outline?.chapters.find((ch) => ch.id === lesson.chapterId);
  const neighbour = (id: string | null) => (id ? { id, lesson: lessons().find((l) => l.id === id) } : null);
  // Writes are the learner's own; a staff member previewing as a student must not leave any.
  const learner = () => props.signedIn && !preview;
  const minutes = formatMinutes(lesson.estimatedMinutes);
  const body = withoutRepeatedTitle(lesson.body, lesson.title);

  // "Opened" is recorded as progress with nothing changed: the Worker moves the row's
  // updated_at, which is what makes this the learner's latest lesson. Once per lesson, and
  // not for a free preview of a course the learner has not enrolled in: a look at a preview
  // should not put the course in their My learning.
  let opened = false;
  const justPreviewing = () => {
    const outline = props.outline;
    if (!lesson.isPreview) return false;
    if (!outline) return undefined; // not known yet: wait for the outline
    const needsEnrollment = outline.course.accessLevel === 'free' || outline.course.accessLevel === 'paid';
    return needsEnrollment && !props.staff && !outline.viewer?.enrolled;
  };
  createEffect(() => {
    if (opened || !learner() || justPreviewing() !== false) return;
    opened = true;
    recordProgress(lesson.id, {}).catch((error: unknown) => console.warn('Could not record that the lesson was opened', error));
  });

  onMount(() => {
    if (props.startAt > 0 && data.transcripts.length > 0) seeker.seekTo(props.startAt);
  });

  const afterCompletion = async () => {
    const outline = await props.reloadOutline();
    const percent = outline?.viewer?.percent;
    if (percent === undefined) return '';
    return percent >= 100 ? 'You have completed every required lesson of this course.' : `Your course progress is now ${percent}%.`;
  };

  return (
    <article class="lesson-page" aria-labelledby="lesson-title">
      <Show when={props.staff}>
        <StaffPreviewBar
          viewingAsStudent={preview}
          draft={props.outline ? props.outline.course.status !== 'published' : false}
          where="lesson"
          studentHref={lessonPath(slug, lesson.id, { asStudent: true })}
          staffHref={lessonPath(slug, lesson.id)}
        />
      </Show>
      <div class="container lesson-layout">
        <div class="lesson-main">
          <nav aria-label="Breadcrumb" class="breadcrumb" data-testid="lesson-breadcrumb">
            <ol>
              <li>
                <Link href="/courses">Courses</Link>
              </li>
              <li>
                <Link href={coursePath(slug, preview)}>{data.course.title}</Link>
              </li>
              <Show when={chapter()}>{(ch) => <li>{ch().title}</li>}</Show>
              <li aria-current="page">{lesson.title}</li>
            </ol>
          </nav>
          <header class="lesson-header">
            <div>
              <p class="lesson-header__badges">
                <Show when={lesson.isPreview}>
                  <Badge tone="brand">Preview</Badge>
                </Show>
                <Show when={!lesson.isRequired}>
                  <Badge tone="muted">Optional</Badge>
                </Show>
                <Show when={minutes}>
                  <span class="lesson-header__minutes">{minutes}</span>
                </Show>
              </p>
              <h1 id="lesson-title" class="page-title lesson-header__title" data-testid="lesson-title">
                {lesson.title}
              </h1>
            </div>
            <Show when={learner()}>
              <BookmarkButton lessonId={lesson.id} initial={data.bookmarked} />
            </Show>
          </header>

          <Show when={lesson.video || lesson.videoRef}>
            <Notice tone="info" title="Video" data-testid="lesson-video-notice">
              <p>
                This lesson has a video
                <Show when={lesson.video?.durationSeconds}>{(length) => <> ({formatTimestamp(length())})</>}</Show>.{' '}
                {lesson.video && lesson.video.status !== 'ready'
                  ? 'It is still being prepared.'
                  : 'It will play here once video playback is switched on for the school.'}
              </p>
            </Notice>
          </Show>

          <div class="card lesson-body">
            <Show when={body.trim()} fallback={<p class="lesson-body__empty">This lesson has no text.</p>}>
              <Markdown source={body} data-testid="lesson-body" />
            </Show>
            <Show when={lesson.attachments.length > 0}>
              <div class="lesson-attachments">
                <h2 class="lesson-attachments__title">Attachments</h2>
                <ul class="lesson-attachments__list">
                  <For each={lesson.attachments}>
                    {(file) => (
                      <li>
                        <strong>{file.title}</strong>{' '}
                        <span class="lesson-attachments__file">
                          {file.filename}
                          <Show when={file.sizeBytes !== null}> · {formatBytes(file.sizeBytes!)}</Show>
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
                <p class="lesson-attachments__note">Downloading opens once file delivery is switched on for the school.</p>
              </div>
            </Show>
          </div>

          <Show when={learner()}>
            <CompletionBar lessonId={lesson.id} progress={data.progress} onCompleted={afterCompletion} />
          </Show>

          <LessonPager slug={slug} asStudent={preview} previous={neighbour(data.previousLessonId)} next={neighbour(data.nextLessonId)} />

          <Show when={learner()}>
            <NotesPanel lessonId={lesson.id} notes={data.notes} canSeek={data.transcripts.length > 0} seeker={seeker} />
          </Show>
        </div>

        <aside class="lesson-aside" aria-label="About this lesson">
          <CourseProgressCard slug={slug} courseTitle={data.course.title} outline={props.outline} signedIn={props.signedIn} asStudent={preview} />
          <Show when={data.transcripts.length > 0}>
            <TranscriptPanel transcripts={data.transcripts} seeker={seeker} />
          </Show>
        </aside>
      </div>
    </article>
  );
}
