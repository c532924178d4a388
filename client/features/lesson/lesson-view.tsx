import { createEffect, createSignal, onMount, Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { Markdown } from '../../ui/markdown';
import { orderedLessons } from '../course/course-api';
import { formatMinutes } from '../course/learning-format';
import { coursePath, lessonPath } from '../course/paths';
import { StaffPreviewBar } from '../course/staff-preview';
import { BookmarkButton } from './bookmark-button';
import { CompletionBar } from './completion-bar';
import { CopyNotice, createCopyGuard } from './copy-guard';
import { CourseProgressCard } from './course-progress-card';
import { OpenCourseCta } from './enroll-here';
import { LessonAttachments } from './lesson-attachments';
import { recordProgress, type LessonData, type ProgressInput } from './lesson-api';
import { LessonPager } from './lesson-pager';
import { NotesPanel } from './notes-panel';
import { createSeeker } from './seek';
import { TranscriptPanel } from './transcript-panel';
import { VideoPlayer } from './video-player';

/**
 * Authors often open a lesson with its own title as a heading. The page already shows the
 * title as its h1, so a first line that only repeats it is left out rather than shown twice.
 */
export function withoutRepeatedTitle(body: string, title: string): string {
  const match = /^\s*#{1,2}[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(body);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? body.slice(match[0].length) : body;
}

type LessonViewProps = {
  /**
   * The Worker's answer for this lesson. The course-wide parts (outline, progress) follow it
   * when it is refreshed after a completion; what belongs to the lesson is read once.
   */
  data: LessonData;
  signedIn: boolean;
  staff: boolean;
  /** Seconds from `?t=`: where "Continue" or a shared link asked to start. */
  startAt: number;
  /** Asks the Worker for this lesson again (the course's progress after a completion) and returns the answer. */
  refresh: () => Promise<LessonData | undefined>;
  /** Loads the lesson afresh, as on arrival (after enrolling from a preview). */
  reload: () => void;
};

/** One open lesson. Mounted afresh for every lesson, so its local state never leaks into the next. */
export function LessonView(props: LessonViewProps): JSX.Element {
  const data = props.data;
  const lesson = data.lesson;
  const slug = data.course.slug;
  const preview = data.viewingAsStudent;
  const video = lesson.video;
  const seeker = createSeeker({ hasVideo: video !== null });
  const bodyGuard = createCopyGuard(data.protection);
  const transcriptGuard = createCopyGuard(data.protection);
  const lessons = () => orderedLessons(props.data);
  const chapter = () => props.data.chapters.find((ch) => ch.id === lesson.chapterId);
  const neighbour = (id: string | null) => (id ? { id, lesson: lessons().find((l) => l.id === id) } : null);
  // Writes are the learner's own; a staff member previewing as a student must not leave any.
  // Reactive: the page may open before the session is known.
  const learner = () => props.signedIn && !preview;
  const minutes = formatMinutes(lesson.estimatedMinutes);
  const body = withoutRepeatedTitle(lesson.body, lesson.title);

  // A look at a free preview of a course the learner has not enrolled in is not studying
  // it: nothing is recorded, so the course does not land in their My learning.
  const needsEnrollment = data.course.accessLevel === 'free' || data.course.accessLevel === 'paid';
  const justPreviewing = () => lesson.isPreview && needsEnrollment && !props.staff && !props.data.viewer?.enrolled;
  const records = () => learner() && !justPreviewing();

  // "Opened" is recorded as progress with nothing changed: the Worker moves the row's
  // updated_at, which is what makes this the learner's latest lesson (where Continue goes).
  // Once per lesson, as soon as it is known to be the learner's own study.
  let opened = false;
  createEffect(() => {
    if (opened || !records()) return;
    opened = true;
    recordProgress(lesson.id, {}).catch((error: unknown) => console.warn('Could not record that the lesson was opened', error));
  });

  onMount(() => {
    // Without a video the transcript answers `?t=`; with one, the player starts there itself.
    if (!video && props.startAt > 0 && data.transcripts.length > 0) seeker.seekTo(props.startAt);
  });

  const [completedAt, setCompletedAt] = createSignal(data.progress?.completedAt ?? null);
  const [completionMessage, setCompletionMessage] = createSignal<string | null>(null);
  const complete = async (extra: ProgressInput = {}) => {
    const saved = await recordProgress(lesson.id, { ...extra, completed: true });
    setCompletedAt(saved.completedAt ?? new Date());
    const fresh = await props.refresh().catch(() => undefined);
    const percent = fresh?.viewer?.percent;
    setCompletionMessage(
      percent === undefined ? null : percent >= 100 ? 'You have completed every required lesson of this course.' : `Your course progress is now ${percent}%.`,
    );
  };

  return (
    <article class="lesson-page" aria-labelledby="lesson-title">
      <Show when={props.staff}>
        <StaffPreviewBar
          viewingAsStudent={preview}
          draft={props.data.course.status !== 'published'}
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
                <Link href={coursePath(slug, preview)}>{props.data.course.title}</Link>
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

          <Show when={video}>
            {(v) => (
              <VideoPlayer
                lessonId={lesson.id}
                lessonTitle={lesson.title}
                video={v()}
                askedStart={props.startAt}
                saved={data.progress}
                records={records()}
                seeker={seeker}
                completed={() => completedAt() !== null}
                onFinished={() => complete({ positionSeconds: 0 })}
                previewCta={() => (
                  <OpenCourseCta
                    slug={slug}
                    courseHref={coursePath(slug, preview)}
                    course={props.data.course}
                    signedIn={props.signedIn}
                    onEnrolled={props.reload}
                  />
                )}
              />
            )}
          </Show>

          <div class="card lesson-body">
            <div
              class="lesson-body__text"
              classList={{ 'no-copy': bodyGuard.active }}
              onCopy={(event) => bodyGuard.block(event)}
              onCut={(event) => bodyGuard.block(event)}
              onContextMenu={(event) => bodyGuard.block(event)}
              data-testid="lesson-text"
            >
              <Show when={body.trim()} fallback={<p class="lesson-body__empty">This lesson has no text.</p>}>
                <Markdown source={body} data-testid="lesson-body" />
              </Show>
            </div>
            <Show when={bodyGuard.active}>
              <CopyNotice guard={bodyGuard} data-testid="copy-notice" />
            </Show>
            <Show when={lesson.attachments.length > 0}>
              <LessonAttachments attachments={lesson.attachments} downloadMode={data.protection.downloadMode} signedIn={props.signedIn} />
            </Show>
          </div>

          <Show when={learner()}>
            <CompletionBar completedAt={completedAt()} hasVideo={video !== null} onComplete={() => complete()} message={completionMessage()} />
          </Show>

          <LessonPager slug={slug} asStudent={preview} previous={neighbour(data.previousLessonId)} next={neighbour(data.nextLessonId)} />

          <Show when={learner()}>
            <NotesPanel lessonId={lesson.id} notes={data.notes} canSeek={video !== null || data.transcripts.length > 0} hasVideo={video !== null} seeker={seeker} />
          </Show>
        </div>

        <aside class="lesson-aside" aria-label="About this lesson">
          <CourseProgressCard screen={props.data} signedIn={props.signedIn} />
          <Show when={data.transcripts.length > 0}>
            <TranscriptPanel transcripts={data.transcripts} seeker={seeker} copyGuard={transcriptGuard} />
          </Show>
        </aside>
      </div>
    </article>
  );
}
