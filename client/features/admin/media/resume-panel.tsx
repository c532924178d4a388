import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { Button } from '../../../ui/button';
import { FileField } from './file-field';
import { offerLabel } from './library-table';
import { createDownload, setCover, type LibraryFile } from './media-api';
import { formatBytes } from './media-format';
import { UploadProgressBar } from './progress-bar';
import { resumeUpload } from './upload-file';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';

/** The same file, or a clear reason why this one is not it. */
export function sameFileProblem(expected: { filename: string; sizeBytes: number }, chosen: File): string | null {
  if (chosen.name !== expected.filename) return `You chose “${chosen.name}”, but this upload is “${expected.filename}”. Choose that file.`;
  if (chosen.size !== expected.sizeBytes) {
    return `“${chosen.name}” is ${formatBytes(chosen.size)} (${chosen.size} bytes), but the upload was started for ${formatBytes(expected.sizeBytes)} (${expected.sizeBytes} bytes). It has changed since; choose the original, or cancel this upload and start again.`;
  }
  return null;
}

function planText(file: LibraryFile): string {
  const plan = file.upload;
  if (plan?.method === 'multipart') {
    const missing = plan.missingParts.length;
    return `${plan.receivedParts.length} of its ${plan.partCount} parts arrived before it stopped; only the ${missing} missing part${missing === 1 ? '' : 's'} will be sent.`;
  }
  return 'It is sent in one piece, so the whole file is sent again.';
}

/**
 * Carries on with an upload that stopped (a closed tab, a dropped connection): the person
 * picks the same file again, its name and size are checked, and the Worker is asked which
 * parts it still needs. A finished download or attachment is then offered, as it would have
 * been had the upload not stopped.
 */
export function ResumePanel(props: { file: LibraryFile; courseId: string; onDone: (result: UploadResult) => void; onClose: () => void }): JSX.Element {
  const [chosen, setChosen] = createSignal<File | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const task = createUploadTask();
  onMount(() => document.getElementById('media-panel-title')?.focus());

  const choose = (file: File | null) => {
    setChosen(file);
    setError(file ? sameFileProblem(props.file, file) : null);
  };

  const resume = async () => {
    const file = chosen();
    if (!file) {
      setError(`Choose “${props.file.filename}” again to continue.`);
      return document.getElementById('resume-file')?.focus();
    }
    const issue = sameFileProblem(props.file, file);
    if (issue) {
      setError(issue);
      return document.getElementById('resume-file')?.focus();
    }
    let done: LibraryFile;
    try {
      done = await task.run((signal, onProgress) => resumeUpload({ fileId: props.file.id, filename: file.name, file, signal, onProgress }));
    } catch (failure) {
      return props.onDone(uploadFailure(failure, file.name));
    }
    try {
      if (done.usedBy.length === 0 && done.purpose !== 'course_cover') {
        const download = await createDownload(props.courseId, { fileId: done.id });
        return props.onDone({
          tone: 'success',
          text: `“${done.filename}” has arrived in full and is offered as “${download.title}”${done.purpose === 'lesson_attachment' ? ' on its lesson' : ''}. Rename it from the list if you like.`,
        });
      }
      if (done.usedBy.length === 0 && done.purpose === 'course_cover') await setCover(props.courseId, done.id);
      props.onDone({ tone: 'success', text: `“${done.filename}” has arrived in full${done.purpose === 'course_cover' ? ' and is now the course’s cover' : ''}.` });
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : 'Something went wrong.';
      props.onDone({ tone: 'error', title: `“${done.filename}” has arrived, but it could not be put to use`, text: `${message} Use its “${offerLabel(done)}” button in the list to try again.` });
    }
  };

  return (
    <section class="card admin-card media-panel" aria-labelledby="media-panel-title" data-testid="resume-panel">
      <h2 id="media-panel-title" tabindex="-1">
        Resume “{props.file.filename}”
      </h2>
      <p class="section__intro">
        The upload of this {formatBytes(props.file.sizeBytes)} file stopped before it finished. {planText(props.file)} Choose the same file again from your
        computer to continue.
      </p>
      <FileField id="resume-file" label={`The file “${props.file.filename}”`} error={error()} disabled={task.running()} onFile={choose} data-testid="resume-file" />
      <Show when={task.progress()}>{(progress) => <UploadProgressBar name={props.file.filename} progress={progress()} onCancel={task.cancel} />}</Show>
      <div class="form-actions">
        <Button onClick={() => void resume()} disabled={task.running()} aria-busy={task.running()} data-testid="resume-start">
          {task.running() ? 'Uploading…' : 'Resume upload'}
        </Button>
        <Button variant="secondary" onClick={() => props.onClose()} disabled={task.running()}>
          Close
        </Button>
      </div>
    </section>
  );
}
