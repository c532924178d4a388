import './media.css';
import { createEffect, createResource, createSignal, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { signedInOnly } from '../../access/require-sign-in';
import { FileField } from './file-field';
import { formatBytes } from './media-format';
import { MAX_VIDEO_BYTES, VIDEO_ACCEPT, videoProblem, videoType } from './media-limits';
import { UploadProgressBar } from './progress-bar';
import { ResultNotice } from './result-notice';
import { sendVideo } from './send-video';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';
import { deleteLessonVideo, fetchLessonVideo, startVideoUpload, type LessonVideo } from './video-api';
import { VideoLine } from './video-status';

/** How often the page asks whether Stream has finished processing: often at first, then less. */
const POLL_MS = 2000;
const SLOW_POLL_MS = 10_000;
const FAST_POLLS = 30;

/**
 * A lesson's video: what learners see now, an upload in flight with its progress and then
 * "Processing…" until Stream has the video ready (or says why it could not), and upload,
 * replace and delete. Replacing keeps the current video playing until the new one is ready.
 */
export function VideoSection(props: { lessonId: string }): JSX.Element {
  const [state, { refetch }] = createResource(() => props.lessonId, (id) => signedInOnly(() => fetchLessonVideo(id))());
  const [file, setFile] = createSignal<File | null>(null);
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<UploadResult | null>(null);
  /** The upload this page started and sent, followed until it is ready or fails. */
  const [following, setFollowing] = createSignal<{ id: string; name: string; total: number; createdAt: Date } | null>(null);
  const [cancelledId, setCancelledId] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal(false);
  const task = createUploadTask();
  let fileInput: HTMLInputElement | undefined;

  const current = () => (state.error ? undefined : state.latest);
  const inFlight = () => {
    const upload = current()?.upload;
    if (!upload || upload.id === cancelledId()) return null;
    return upload;
  };

  // Polls while Stream works on a video; stops by itself once nothing is in flight. A long
  // video can take minutes, so after the first minute it asks less often.
  let polls = 0;
  createEffect(() => {
    const upload = current()?.upload;
    const waiting = upload?.status === 'processing' || (upload?.status === 'uploading' && upload.id === following()?.id);
    if (!waiting || task.running()) {
      polls = 0;
      return;
    }
    const timer = setTimeout(() => {
      polls++;
      void refetch();
    }, polls < FAST_POLLS ? POLL_MS : SLOW_POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });

  // The followed upload has settled: say so once, beside the form.
  createEffect(() => {
    const followed = following();
    const now = current();
    if (!followed || !now) return;
    if (now.video?.id === followed.id && now.video.status === 'ready') {
      setFollowing(null);
      setResult({ tone: 'success', text: `“${followed.name}” is ready. Learners now see it on this lesson.` });
      focusElement('video-result');
    } else if (now.upload?.id === followed.id && now.upload.status === 'error') {
      setFollowing(null);
      setResult({ tone: 'error', title: `“${followed.name}” could not be used`, text: now.upload.errorMessage ?? 'Stream could not process the video.' });
      focusElement('video-result');
    } else if (now.upload && now.upload.id !== followed.id && now.upload.createdAt > followed.createdAt) {
      setFollowing(null);
      setResult({ tone: 'info', text: `Another upload replaced “${followed.name}” (someone else may be editing this lesson).` });
    }
  });

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    setFieldError(chosen ? videoProblem(chosen) : null);
  };

  const upload = async (event: SubmitEvent) => {
    event.preventDefault();
    setResult(null);
    const chosen = file();
    const problem = chosen ? videoProblem(chosen) : `Choose a video: MP4, WebM or QuickTime (.mov), up to ${formatBytes(MAX_VIDEO_BYTES)}.`;
    if (!chosen || problem) {
      setFieldError(problem);
      return document.getElementById('video-file')?.focus();
    }
    setFieldError(null);
    const contentType = videoType(chosen)!;
    let started: { id: string; createdAt: Date } | null = null;
    try {
      await task.run(async (signal, onProgress) => {
        onProgress({ phase: 'preparing', sent: 0, total: chosen.size });
        const begun = await startVideoUpload(props.lessonId, { filename: chosen.name, sizeBytes: chosen.size, contentType }, signal);
        started = begun.upload;
        await sendVideo(begun.transfer, chosen, contentType, signal, (sent) => onProgress({ phase: 'sending', sent, total: chosen.size }));
      });
      const sent = started as { id: string; createdAt: Date } | null;
      if (sent) setFollowing({ id: sent.id, name: chosen.name, total: chosen.size, createdAt: sent.createdAt });
      setFile(null);
      if (fileInput) fileInput.value = '';
    } catch (error) {
      const begun = started as { id: string } | null;
      if (begun) setCancelledId(begun.id);
      const failure = uploadFailure(error, chosen.name);
      setResult(failure.tone === 'info' ? { ...failure, text: `The upload of “${chosen.name}” was cancelled. The lesson keeps the video it had.` } : failure);
      focusElement('video-result');
    }
    void refetch();
  };

  const followedProgress = () => {
    const followed = following();
    return followed ? { phase: 'finishing' as const, sent: followed.total, total: followed.total } : null;
  };

  return (
    <section class="card admin-card" aria-labelledby="video-title" aria-busy={state.loading && !current()} data-testid="lesson-video">
      <h2 id="video-title">Video</h2>
      <p class="section__intro">
        Learners watch it above the lesson text. MP4, WebM or QuickTime (.mov), up to {formatBytes(MAX_VIDEO_BYTES)}. Replacing a video keeps the current one playing
        until the new one is ready.
      </p>
      <ResultNotice id="video-result" result={result()} data-testid="video-result" />
      <Switch>
        <Match when={state.error && !current()}>
          <ErrorNotice title="We couldn't load the lesson’s video" error={state.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={!current()}>
          <Spinner label="Loading the video…" />
        </Match>
        <Match when={current()}>
          {(loaded) => (
            <div class="video-current">
              <Show when={loaded().video} fallback={<p data-testid="video-none">This lesson has no video yet.</p>}>
                {(video) => (
                  <>
                    <VideoLine video={video()} testid="video-current" />
                    <p class="media-status__note">Uploaded {formatDateTime(video().createdAt)}.</p>
                  </>
                )}
              </Show>
              <InFlight state={loaded()} upload={inFlight()} followed={!!following()} />
            </div>
          )}
        </Match>
      </Switch>

      <form class="media-form media-subsection" onSubmit={(event) => void upload(event)} novalidate data-testid="video-upload-form">
        <h3>{current()?.video ? 'Replace the video' : 'Upload a video'}</h3>
        <FileField
          id="video-file"
          label="Video file"
          hint={`MP4, WebM or QuickTime (.mov), up to ${formatBytes(MAX_VIDEO_BYTES)}.${file() ? ` Chosen: ${file()!.name}, ${formatBytes(file()!.size)}.` : ''}`}
          accept={VIDEO_ACCEPT}
          error={fieldError()}
          disabled={task.running()}
          onFile={choose}
          ref={(el) => (fileInput = el)}
          data-testid="video-file"
        />
        <Show when={task.progress() ?? followedProgress()}>
          {(progress) => (
            <UploadProgressBar
              name={file()?.name ?? following()?.name ?? 'Video'}
              progress={progress()}
              processing={!task.running() && !!following()}
              onCancel={task.cancel}
              data-testid="video-progress"
            />
          )}
        </Show>
        <div class="form-actions">
          <Button type="submit" disabled={task.running()} aria-busy={task.running()} data-testid="upload-video">
            {task.running() ? 'Uploading…' : current()?.video ? 'Replace video' : 'Upload video'}
          </Button>
          <Show when={current()?.video || inFlight()}>
            <Button variant="danger" disabled={task.running()} onClick={() => setDeleting(true)} data-testid="delete-video">
              {current()?.video ? 'Delete video' : 'Discard upload'}
            </Button>
          </Show>
        </div>
      </form>

      <Show when={deleting() && current()}>
        {(loaded) => (
          <DeleteVideoDialog
            state={loaded()}
            onDeleted={() => {
              setFollowing(null);
              setResult({ tone: 'success', text: 'The video was deleted. Upload another whenever you are ready.' });
              void refetch();
            }}
            onClose={(done) => {
              setDeleting(false);
              if (done) focusElement('video-result');
            }}
          />
        )}
      </Show>
    </section>
  );
}

/** The upload that is not (yet) the lesson's video: processing, failed, or left unfinished. */
function InFlight(props: { state: LessonVideo; upload: LessonVideo['upload']; followed: boolean }): JSX.Element {
  return (
    <Show when={props.upload}>
      {(upload) => (
        <Switch>
          <Match when={upload().status === 'processing'}>
            <div class="video-current">
              <VideoLine video={upload()} testid="video-upload" />
              <p class="media-status__note">Stream is preparing it. This page checks every few seconds; you may also leave and come back.</p>
            </div>
          </Match>
          <Match when={upload().status === 'error'}>
            <Notice tone="error" title={`“${upload().filename}” could not be used`} data-testid="video-upload-error">
              <p>{upload().errorMessage ?? 'Stream could not process the video.'} Upload the file again, or export it again first.</p>
            </Notice>
          </Match>
          <Match when={upload().status === 'uploading' && !props.followed}>
            <Notice tone="info" title={`The upload of “${upload().filename}” did not finish`} data-testid="video-upload-stale">
              <p>It was started {formatDateTime(upload().createdAt)} but its file never arrived in full. Upload the file again.</p>
            </Notice>
          </Match>
        </Switch>
      )}
    </Show>
  );
}

function DeleteVideoDialog(props: { state: LessonVideo; onDeleted: () => void; onClose: (deleted: boolean) => void }): JSX.Element {
  const published = () => props.state.lesson.status === 'published';
  const [serverAsked, setServerAsked] = createSignal(false);
  const confirmFlag = () => (published() && !!props.state.video) || serverAsked();
  return (
    <ConfirmDialog
      title={props.state.video ? `Delete the video of “${props.state.lesson.title}”?` : 'Discard the unfinished upload?'}
      confirmLabel={props.state.video ? 'Delete video' : 'Discard upload'}
      busyLabel="Deleting…"
      onConfirm={async () => {
        try {
          await deleteLessonVideo(props.state.lesson.id, confirmFlag());
        } catch (error) {
          // Published since the page loaded: the Worker asks for the confirmation this dialog is.
          if (error instanceof ApiError && error.status === 409 && !confirmFlag()) setServerAsked(true);
          throw error;
        }
        props.onDeleted();
      }}
      onClose={props.onClose}
    >
      <Show when={published() && props.state.video}>
        <p>
          <strong>This lesson is published:</strong> learners stop seeing its video at once.
        </p>
      </Show>
      <p>
        {props.state.video ? `“${props.state.video.filename}”` : 'The video'}
        {props.state.upload ? ' and any upload in progress are' : ' is'} deleted from Stream. This cannot be undone; you can upload a video again later.
      </p>
    </ConfirmDialog>
  );
}
