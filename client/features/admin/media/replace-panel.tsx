import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Button } from '../../../ui/button';
import { FileField } from './file-field';
import { describeUse, downloadUses } from './file-uses';
import { deleteFile, replaceDownloadFile, setCover, type LibraryFile } from './media-api';
import { formatBytes } from './media-format';
import { acceptFor, allowedText, declaredType, fileProblem, PURPOSES } from './media-limits';
import { UploadProgressBar } from './progress-bar';
import { uploadFile } from './upload-file';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';

/**
 * Replaces a file: the new one is uploaded for the same purpose, everything that used the old
 * one is pointed at the new one (each download keeps its id, title and lesson and offers the
 * new file; the cover is set), and only then is the old file deleted. A failure part-way says what has
 * and has not moved, and nothing is deleted that something still uses.
 */
export function ReplacePanel(props: { file: LibraryFile; courseId: string; onDone: (result: UploadResult) => void; onClose: () => void }): JSX.Element {
  const [chosen, setChosen] = createSignal<File | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [moving, setMoving] = createSignal(false);
  const task = createUploadTask();
  onMount(() => document.getElementById('media-panel-title')?.focus());

  const old = () => props.file;
  const lessonOf = () => old().lessonId ?? downloadUses(old()).find((u) => u.kind === 'attachment')?.lessonId ?? null;

  const choose = (file: File | null) => {
    setChosen(file);
    setError(file ? fileProblem(file, old().purpose) : null);
  };

  const replace = async () => {
    const file = chosen();
    const issue = file ? fileProblem(file, old().purpose) : `Choose the new file: ${allowedText(old().purpose)}.`;
    if (!file || issue) {
      setError(issue);
      return document.getElementById('replace-file')?.focus();
    }
    let fresh: LibraryFile;
    try {
      fresh = await task.run((signal, onProgress) =>
        uploadFile({
          courseId: props.courseId,
          purpose: old().purpose,
          lessonId: old().purpose === 'lesson_attachment' ? lessonOf() : null,
          filename: file.name,
          contentType: declaredType(file),
          file,
          signal,
          onProgress,
        }),
      );
    } catch (failure) {
      return props.onDone(uploadFailure(failure, file.name));
    }

    setMoving(true);
    const moved: string[] = [];
    try {
      for (const use of old().usedBy) {
        if (use.kind === 'cover') {
          if (use.courseId === props.courseId) await setCover(props.courseId, fresh.id);
        } else {
          // The same download, now offering the new file: its id (and every link to it) stays.
          await replaceDownloadFile(use.downloadId, fresh.id);
        }
        moved.push(describeUse(use, props.courseId));
      }
      await deleteFile(old().id, false);
      props.onDone({ tone: 'success', text: `“${fresh.filename}” replaced “${old().filename}”, which was deleted.${moved.length ? ` Moved over: ${moved.join('; ')}.` : ''}` });
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : 'Something went wrong.';
      props.onDone({
        tone: 'error',
        title: 'The replacement did not finish',
        text: `“${fresh.filename}” is uploaded${moved.length ? ` and now serves: ${moved.join('; ')}` : ''}. ${message} “${old().filename}” was kept; check the list and try again.`,
      });
    } finally {
      setMoving(false);
    }
  };

  const busy = () => task.running() || moving();

  return (
    <section class="card admin-card media-panel" aria-labelledby="media-panel-title" data-testid="replace-panel">
      <h2 id="media-panel-title" tabindex="-1">
        Replace “{old().filename}”
      </h2>
      <p class="section__intro">
        Upload the file that takes its place ({PURPOSES[old().purpose].inSentence}, {formatBytes(old().sizeBytes)} now). When it has arrived, it takes over
        everything below and “{old().filename}” is deleted.
      </p>
      <Show when={old().usedBy.length > 0} fallback={<p>Nothing uses this file yet.</p>}>
        <ul>
          <For each={old().usedBy}>{(use) => <li>{describeUse(use, props.courseId)}</li>}</For>
        </ul>
      </Show>
      <FileField
        id="replace-file"
        label="New file"
        hint={`${allowedText(old().purpose)}.`}
        accept={acceptFor(old().purpose)}
        error={error()}
        disabled={busy()}
        onFile={choose}
        data-testid="replace-file-input"
      />
      <Show when={task.progress()}>{(progress) => <UploadProgressBar name={chosen()?.name ?? 'New file'} progress={progress()} onCancel={task.cancel} />}</Show>
      <div class="form-actions">
        <Button onClick={() => void replace()} disabled={busy()} aria-busy={busy()} data-testid="replace-start">
          {task.running() ? 'Uploading…' : moving() ? 'Replacing…' : 'Upload and replace'}
        </Button>
        <Button variant="secondary" onClick={() => props.onClose()} disabled={busy()}>
          Close
        </Button>
      </div>
    </section>
  );
}
