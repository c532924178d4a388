import './media.css';
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Link } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Spinner } from '../../../ui/spinner';
import { signedInOnly } from '../../access/require-sign-in';
import { FileField } from './file-field';
import { clearCover, coverUrl, currentCover, fetchCourseFiles, setCover } from './media-api';
import { acceptFor, allowedText, declaredType, fileProblem } from './media-limits';
import { UploadProgressBar } from './progress-bar';
import { ResultNotice } from './result-notice';
import { uploadFile } from './upload-file';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';

/**
 * The course's cover: the current image, a new one uploaded into the media library and put
 * in its place, an earlier cover chosen again from the library, or none. Each change is
 * saved at once (it is not part of the details form's Save). Earlier covers stay in the
 * library until deleted there.
 */
export function CoverPicker(props: { course: { id: string; title: string }; onChanged: (coverImageKey: string | null) => void }): JSX.Element {
  const [files, { refetch }] = createResource(() => props.course.id, (id) => signedInOnly(() => fetchCourseFiles(id))());
  const [file, setFile] = createSignal<File | null>(null);
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<UploadResult | null>(null);
  const [choice, setChoice] = createSignal('');
  const [working, setWorking] = createSignal(false);
  const task = createUploadTask();
  let fileInput: HTMLInputElement | undefined;

  const loaded = () => (files.error ? undefined : files.latest);
  const current = () => currentCover(loaded() ?? [], props.course.id);
  const earlier = () => (loaded() ?? []).filter((f) => f.purpose === 'course_cover' && f.status === 'ready' && f.id !== current()?.id);
  const busy = () => task.running() || working();

  const done = (next: UploadResult) => {
    setResult(next);
    focusElement('cover-result');
  };

  const change = async (work: () => Promise<{ coverImageKey: string | null }>, success: string) => {
    setWorking(true);
    try {
      const changed = await work();
      props.onChanged(changed.coverImageKey);
      await refetch();
      done({ tone: 'success', text: success });
    } catch (error) {
      done({ tone: 'error', title: 'The cover was not changed', text: error instanceof ApiError ? error.message : 'Something went wrong. Please try again.' });
    } finally {
      setWorking(false);
    }
  };

  const upload = async () => {
    setResult(null);
    const chosen = file();
    const problem = chosen ? fileProblem(chosen, 'course_cover') : `Choose an image: ${allowedText('course_cover')}.`;
    if (!chosen || problem) {
      setFieldError(problem);
      return document.getElementById('cover-file')?.focus();
    }
    setFieldError(null);
    // The bar stays at 100 % ("Finishing…") until the image is also the cover.
    let uploaded = false;
    try {
      const changed = await task.run(async (signal, onProgress) => {
        const image = await uploadFile({ courseId: props.course.id, purpose: 'course_cover', filename: chosen.name, contentType: declaredType(chosen), file: chosen, signal, onProgress });
        uploaded = true;
        return setCover(props.course.id, image.id);
      });
      setFile(null);
      if (fileInput) fileInput.value = '';
      props.onChanged(changed.coverImageKey);
      await refetch();
      done({ tone: 'success', text: `“${chosen.name}” is now the cover.` });
    } catch (error) {
      if (uploaded) void refetch();
      done(
        uploaded
          ? { tone: 'error', title: `“${chosen.name}” is uploaded, but it is not the cover`, text: `${error instanceof ApiError ? error.message : 'Something went wrong.'} Choose it below to try again.` }
          : uploadFailure(error, chosen.name),
      );
    }
  };

  return (
    <fieldset class="fieldset cover-fieldset" aria-busy={files.loading} data-testid="cover-picker">
      <legend class="fieldset__legend">Cover image</legend>
      <p class="field__hint">Shown in the catalog and at the top of the course page. Cover changes are saved at once.</p>
      <ResultNotice id="cover-result" result={result()} data-testid="cover-result" />
      <Switch>
        <Match when={files.error}>
          <ErrorNotice title="We couldn't load the course’s images" error={files.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={!loaded()}>
          <Spinner label="Loading the cover…" />
        </Match>
        <Match when={loaded()}>
          <div class="cover-picker">
            <div class="cover-picker__preview" data-testid="cover-preview">
              <Show when={current()} fallback={<span>No cover yet</span>}>
                {(cover) => <img src={coverUrl(props.course.id, cover().id)} alt={`Cover of “${props.course.title}”: ${cover().filename}`} />}
              </Show>
            </div>
            <div class="cover-picker__controls">
              <FileField
                id="cover-file"
                label={current() ? 'Upload a new cover' : 'Upload a cover'}
                hint={`${allowedText('course_cover')}. A wide picture (16:9) looks best.`}
                accept={acceptFor('course_cover')}
                error={fieldError()}
                disabled={busy()}
                onFile={(chosen) => {
                  setFile(chosen);
                  setResult(null);
                  setFieldError(chosen ? fileProblem(chosen, 'course_cover') : null);
                }}
                ref={(el) => (fileInput = el)}
                data-testid="cover-file"
              />
              <Show when={task.progress()}>{(progress) => <UploadProgressBar name={file()?.name ?? 'Cover'} progress={progress()} onCancel={task.cancel} />}</Show>
              <div class="form-actions">
                <Button variant="secondary" disabled={busy()} aria-busy={task.running()} onClick={() => void upload()} data-testid="upload-cover">
                  {task.running() ? 'Uploading…' : 'Upload and use as cover'}
                </Button>
                <Show when={current()}>
                  {(cover) => (
                    <Button
                      variant="secondary"
                      disabled={busy()}
                      onClick={() => void change(() => clearCover(props.course.id), `The course has no cover now. “${cover().filename}” stays in the media library.`)}
                      data-testid="remove-cover"
                    >
                      Remove cover
                    </Button>
                  )}
                </Show>
              </div>
              <Show when={earlier().length > 0}>
                <div class="field">
                  <label class="field__label" for="cover-earlier">
                    Or use an earlier cover
                  </label>
                  <div class="form-actions">
                    <select id="cover-earlier" class="field__control field__control--auto" value={choice()} disabled={busy()} onChange={(e) => setChoice(e.currentTarget.value)}>
                      <option value="">Choose an image…</option>
                      <For each={earlier()}>{(f) => <option value={f.id}>{f.filename}</option>}</For>
                    </select>
                    <Button
                      variant="secondary"
                      disabled={busy() || !choice()}
                      onClick={() => {
                        const picked = earlier().find((f) => f.id === choice());
                        if (picked) void change(() => setCover(props.course.id, picked.id), `“${picked.filename}” is now the cover.`).then(() => setChoice(''));
                      }}
                    >
                      Use this image
                    </Button>
                  </div>
                </div>
              </Show>
              <p class="field__hint">
                All of this course’s images and files are in its <Link href={`/admin/courses/${encodeURIComponent(props.course.id)}/media`}>media library</Link>.
              </p>
            </div>
          </div>
        </Match>
      </Switch>
    </fieldset>
  );
}
