import './video-player.css';
import { createEffect, createSignal, For, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { describeTimestamp, formatTimestamp } from '../course/learning-format';
import { languageName } from './language';
import { recordProgress, recordProgressOnLeave, type LessonProgress, type LessonVideo } from './lesson-api';
import { requestPlayback, type Playback } from './playback-api';
import type { Seeker } from './seek';
import { attachSource, type DetachSource } from './video-source';
import { mediaErrorMessage, PROCESSING, VideoStatePanel, type VideoPhase } from './video-state';
import { progressChange, SAVE_EVERY_MS, startingPosition, watchedPercent, WatchedSpans, type SavedPoint } from './watch-progress';

type VideoPlayerProps = {
  lessonId: string;
  lessonTitle: string;
  video: LessonVideo;
  /** Seconds asked for in the address (`?t=`); 0 when none. */
  askedStart: number;
  /** The learner's saved progress on this lesson, where the video resumes. */
  saved: LessonProgress | null;
  /** Whether this viewer's watching is recorded (signed in, not a preview or a staff "view as student"). */
  records: boolean;
  seeker: Seeker;
  completed: () => boolean;
  /** The video played to its end: the page marks the lesson complete (and sets the position back to 0). */
  onFinished: () => Promise<void>;
  /** When a preview's allowance runs out: the way to the rest (sign in, enroll). */
  previewCta: () => JSX.Element;
};

/** Ask for a fresh address this long before the current one expires. */
const REFRESH_BEFORE_MS = 2 * 60_000;
/** After a playback failure, one silent retry with a fresh address; a second failure this soon is shown. */
const RETRY_WINDOW_MS = 60_000;
const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * The lesson's video: the browser's own <video controls> (keyboard and screen-reader
 * accessible as they are), fed a short-lived address from the Worker and asked again
 * before it expires, with the transcript as captions. It resumes where the learner left
 * off, saves the position and the share watched every few seconds while playing, on pause
 * and when the page goes away, and completes the lesson when the video ends. A preview
 * stops at its allowance and says how to see the rest.
 */
export function VideoPlayer(props: VideoPlayerProps): JSX.Element {
  const initial: VideoPhase =
    props.video.status === 'ready'
      ? { kind: 'loading' }
      : props.video.status === 'error'
        ? { kind: 'failed', message: 'This video could not be prepared. The school may upload it again; please check back later.' }
        : { kind: 'processing', message: PROCESSING };
  const [phase, setPhase] = createSignal<VideoPhase>(initial);
  const [playback, setPlayback] = createSignal<Playback | null>(null);
  const [captions, setCaptions] = createSignal<Playback['captions']>([]);
  const [duration, setDuration] = createSignal<number | null>(props.video.durationSeconds);
  const [checking, setChecking] = createSignal(false);
  const [checkNote, setCheckNote] = createSignal('');
  const [limitReached, setLimitReached] = createSignal(false);
  const [resumedAt, setResumedAt] = createSignal<number | null>(null);
  const [saveError, setSaveError] = createSignal<string | null>(null);

  let video!: HTMLVideoElement;
  let detach: DetachSource | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setInterval> | undefined;
  /** Where the next loaded source should start, and whether it should play on. */
  let pendingStart = startingPosition(props.askedStart, props.saved?.positionSeconds ?? 0, props.video.durationSeconds);
  let announceResume = pendingStart > 0;
  let playOn = false;
  /** From a new source until its metadata: the element's clock reads 0, which is not where the learner is. */
  let swapping = false;
  let lastFailureAt = 0;
  const spans = new WatchedSpans();
  let saved: SavedPoint = { positionSeconds: props.saved?.positionSeconds ?? 0, progress: props.saved?.progress ?? 0 };

  /** The preview's allowance in seconds (null: the whole video), as the Worker states it. */
  const allowance = () => playback()?.preview?.limitSeconds ?? null;
  /** Where the Worker's share of a preview's bytes ran out, when that came first. */
  const [cutOff, setCutOff] = createSignal<number | null>(null);
  /** Where playing must stop. */
  const limit = () => {
    const max = allowance();
    const cut = cutOff();
    return max === null ? null : cut === null ? max : Math.min(max, cut);
  };
  const clampToLimit = (seconds: number) => {
    const max = limit();
    return max === null ? seconds : Math.min(seconds, max);
  };

  // ---------- the address ----------
  const refusal = (failure: unknown): VideoPhase => {
    if (failure instanceof ApiError) {
      if (failure.status === 409) return { kind: 'processing', message: PROCESSING };
      if (failure.status === 404) return { kind: 'gone', message: failure.message };
      if (isSignedOutError(failure)) sessionEnded();
      return { kind: 'failed', message: failure.message };
    }
    return { kind: 'failed', message: failure instanceof Error ? failure.message : 'The video could not be loaded.' };
  };

  /** Where the learner is in the video, also while a source is being replaced. */
  const position = () => (swapping ? pendingStart : video.currentTime);

  /** Stops the current source, remembering the place for the next one. */
  const stopSource = () => {
    if (!detach) return;
    pendingStart = position();
    playOn = false;
    detach();
    detach = null;
  };

  const load = async () => {
    try {
      const next = await requestPlayback(props.lessonId);
      // The same languages keep the same <track> elements, so a chosen caption track stays on.
      if (next.captions.map((c) => c.url).join() !== captions().map((c) => c.url).join()) setCaptions(next.captions);
      if (next.durationSeconds && !duration()) setDuration(next.durationSeconds);
      setPlayback(next);
      setPhase({ kind: 'ready' });
    } catch (failure) {
      // A refreshed address refused (access ended, signed out): stop what is playing.
      stopSource();
      setPhase(refusal(failure));
    }
  };

  /** A fresh address for the same video, keeping the playhead and whether it was playing. */
  const refresh = async () => {
    if (video.currentSrc && !swapping) {
      pendingStart = video.currentTime;
      playOn = !video.paused;
    }
    await load();
  };

  const retry = async () => {
    setChecking(true);
    setCheckNote('');
    await load();
    setChecking(false);
    if (phase().kind === 'processing') setCheckNote(`Checked at ${new Date().toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}: not ready yet.`);
  };

  const recover = (message: string) => {
    const now = Date.now();
    if (now - lastFailureAt > RETRY_WINDOW_MS) {
      lastFailureAt = now;
      void refresh();
      return;
    }
    stopSource();
    setPhase({ kind: 'failed', message });
  };

  createEffect(
    on(playback, (next) => {
      if (!next) return;
      clearTimeout(refreshTimer);
      swapping = true;
      detach?.();
      detach = null;
      spans.jumped();
      attachSource(video, next, recover).then(
        (stop) => {
          // A newer address may have arrived while hls.js was loading.
          if (playback() !== next) return stop();
          detach = stop;
          const wait = Math.max(10_000, next.expiresAt.getTime() - Date.now() - REFRESH_BEFORE_MS);
          refreshTimer = setTimeout(() => void refresh(), wait);
        },
        (failure: unknown) => setPhase({ kind: 'failed', message: failure instanceof Error ? failure.message : 'The video could not be played.' }),
      );
    }),
  );

  onMount(() => {
    if (initial.kind === 'loading') void load();
  });

  // ---------- saving progress ----------
  const here = (): SavedPoint => ({
    positionSeconds: position(),
    progress: Math.max(saved.progress, watchedPercent(spans.seconds(), duration())),
  });

  const save = async () => {
    if (!props.records || swapping || !video.currentSrc || video.ended) return;
    const now = here();
    const change = progressChange(saved, now);
    if (!change) return;
    const before = saved;
    saved = now;
    try {
      await recordProgress(props.lessonId, change);
      setSaveError(null);
    } catch (failure) {
      saved = before;
      if (isSignedOutError(failure)) sessionEnded();
      setSaveError(failure instanceof ApiError ? failure.message : 'Your place in the video could not be saved.');
    }
  };

  /** The page is going away (another page, a closed tab, a hidden tab): a keepalive write. */
  const saveOnLeave = () => {
    if (!props.records || !video.currentSrc || video.ended) return;
    const now = here();
    const change = progressChange(saved, now);
    if (!change) return;
    saved = now;
    recordProgressOnLeave(props.lessonId, change);
  };

  const stopSaving = () => {
    clearInterval(saveTimer);
    saveTimer = undefined;
  };

  const onVisibility = () => {
    if (document.visibilityState === 'hidden') saveOnLeave();
  };
  onMount(() => {
    window.addEventListener('pagehide', saveOnLeave);
    document.addEventListener('visibilitychange', onVisibility);
  });
  onCleanup(() => {
    // Leaving inside the app (another lesson, the course page) unmounts the player.
    saveOnLeave();
    window.removeEventListener('pagehide', saveOnLeave);
    document.removeEventListener('visibilitychange', onVisibility);
    stopSaving();
    clearTimeout(refreshTimer);
    detach?.();
    props.seeker.setTime(null);
  });

  // ---------- the element's events ----------
  const stopAtLimit = () => {
    const max = limit();
    if (max === null) return;
    video.pause();
    if (video.currentTime > max) video.currentTime = max;
    setLimitReached(true);
  };

  const onLoadedMetadata = () => {
    if (Number.isFinite(video.duration) && video.duration > 0) setDuration(video.duration);
    if (pendingStart > 0) {
      const at = clampToLimit(pendingStart);
      video.currentTime = at;
      if (announceResume) setResumedAt(at);
    }
    announceResume = false;
    pendingStart = 0;
    swapping = false;
    if (playOn) void video.play().catch(() => undefined);
    playOn = false;
  };

  const onTimeUpdate = () => {
    if (swapping) return;
    const t = video.currentTime;
    props.seeker.setTime(t);
    // "Continuing from…" is news only until the learner has moved on (or gone back) from there.
    const resumed = resumedAt();
    if (resumed !== null && (t > resumed + 15 || t < resumed - 1)) setResumedAt(null);
    if (!video.paused && !video.seeking) spans.sample(t);
    const max = limit();
    if (max !== null && t >= max) stopAtLimit();
  };

  const onSeeking = () => {
    spans.jumped();
    const max = limit();
    if (max !== null && video.currentTime > max) video.currentTime = max;
  };

  const onPlay = () => {
    const max = limit();
    if (max !== null && video.currentTime >= max - 0.25) stopAtLimit();
  };

  const onPlaying = () => {
    if (!saveTimer && props.records) saveTimer = setInterval(() => void save(), SAVE_EVERY_MS);
  };

  const onPause = () => {
    stopSaving();
    // At the end `ended` says it: saving the last second here would race the completion.
    if (!video.ended && !swapping) void save();
  };

  const onEnded = async () => {
    stopSaving();
    setResumedAt(null);
    // A limited preview is served as a clip of its first seconds in production: its end,
    // a moment before the allowance perhaps, is the end of the preview.
    if (limit() !== null) setLimitReached(true);
    if (!props.records) return;
    // Watching again starts from the beginning.
    saved = { positionSeconds: 0, progress: 100 };
    try {
      if (props.completed()) await recordProgress(props.lessonId, { positionSeconds: 0 });
      else await props.onFinished();
      setSaveError(null);
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setSaveError(failure instanceof ApiError ? failure.message : 'The lesson could not be marked complete. Use “Mark complete” below.');
    }
  };

  const onError = () => {
    if (!video.error || video.error.code === MediaError.MEDIA_ERR_ABORTED) return;
    // Where the Worker itself holds a preview to its share of the file, the bytes run out
    // near the allowance: that is the end of the preview, not a broken video.
    if (playback()?.preview?.enforcedByServer && video.currentTime > 0) {
      setCutOff(video.currentTime);
      setLimitReached(true);
      return;
    }
    recover(mediaErrorMessage(video.error));
  };

  // Notes, transcript lines and `?t=` ask for a moment: the playhead goes there and the video takes focus.
  createEffect(
    on(
      props.seeker.request,
      (request) => {
        if (!request) return;
        const at = clampToLimit(request.seconds);
        if (phase().kind !== 'ready' || video.readyState < HTMLMediaElement.HAVE_METADATA) {
          pendingStart = at;
          return;
        }
        video.currentTime = at;
        setResumedAt(null);
        video.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
        video.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );

  const previewEndText = (max: number) => `That is the end of the preview: the first ${describeTimestamp(max)} of this video.`;
  const announcement = () => {
    const max = allowance();
    if (limitReached() && max !== null) return previewEndText(max);
    const at = resumedAt();
    return at === null ? '' : `Video at ${describeTimestamp(at)}.`;
  };

  // "Continue" links carry the saved place as `?t=`; any other moment was asked for on purpose.
  const leftOffAt = (seconds: number) => Math.abs(seconds - (props.saved?.positionSeconds ?? 0)) < 2;

  const startOver = () => {
    video.currentTime = 0;
    setResumedAt(null);
    video.focus();
  };

  return (
    <section class="video-player" aria-labelledby="video-player-title" data-testid="video-player">
      <h2 id="video-player-title" class="visually-hidden">
        Video
      </h2>
      <div class="video-player__frame" classList={{ 'video-player__frame--state': phase().kind !== 'ready' }}>
        <video
          ref={video}
          class="video-player__video"
          controls
          playsinline
          preload="metadata"
          hidden={phase().kind !== 'ready'}
          aria-label={`Video: ${props.lessonTitle}`}
          controlslist={playback()?.protection.downloadMode === 'none' ? 'nodownload' : undefined}
          onLoadedMetadata={onLoadedMetadata}
          onDurationChange={() => Number.isFinite(video.duration) && video.duration > 0 && setDuration(video.duration)}
          onTimeUpdate={onTimeUpdate}
          onSeeking={onSeeking}
          onPlay={onPlay}
          onPlaying={onPlaying}
          onPause={onPause}
          onEnded={() => void onEnded()}
          onError={onError}
          data-testid="lesson-video"
        >
          <For each={captions()}>{(caption) => <track kind="captions" srclang={caption.language} label={languageName(caption.language)} src={caption.url} />}</For>
        </video>
        <Show when={phase().kind !== 'ready'}>
          <VideoStatePanel phase={phase()} checking={checking()} checkNote={checkNote()} onRetry={() => void retry()} />
        </Show>
      </div>

      <div class="video-player__meta">
        <Show when={duration()}>{(length) => <span>Length {formatTimestamp(length())}</span>}</Show>
        <Show when={captions().length > 0}>
          <span>Captions: {captions().map((c) => languageName(c.language)).join(', ')}</span>
        </Show>
        <Show when={allowance()}>{(max) => <span data-testid="preview-allowance">Preview: the first {describeTimestamp(max())}</span>}</Show>
      </div>

      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
      <Show when={resumedAt()}>
        {(at) => (
          <p class="video-player__resume" data-testid="video-resumed">
            {leftOffAt(at()) ? `Continuing from ${formatTimestamp(at())}, where you left off.` : `Starting at ${formatTimestamp(at())}.`}{' '}
            <button type="button" class="link-button" onClick={startOver} data-testid="video-start-over">
              Start from the beginning
            </button>
          </p>
        )}
      </Show>

      <Show when={saveError()}>
        <p class="video-player__save-error" role="alert" data-testid="video-save-error">
          {saveError()}
        </p>
      </Show>

      <Show when={limitReached() && allowance()}>
        {(max) => (
          <div class="video-player__preview-end" data-testid="preview-end">
            <p class="video-player__preview-title">{previewEndText(max())}</p>
            {props.previewCta()}
          </div>
        )}
      </Show>
    </section>
  );
}
