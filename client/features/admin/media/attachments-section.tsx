import './media.css';
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { Link } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { TextField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { signedInOnly } from '../../access/require-sign-in';
import { FileField } from './file-field';
import { createDownload, deleteFile, fetchCourseFiles, removeDownload, renameDownload, type LibraryFile } from './media-api';
import { formatBytes } from './media-format';
import { acceptFor, allowedText, declaredType, fileProblem } from './media-limits';
import { UploadProgressBar } from './progress-bar';
import { RenameDialog } from './rename-dialog';
import { ResultNotice } from './result-notice';
import { uploadFile } from './upload-file';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';

type Attachment = { downloadId: string; title: string; file: LibraryFile };

/** The lesson's attachments: the downloads on this lesson, found through the uses the library reports. */
function attachmentsOf(files: LibraryFile[], lessonId: string): Attachment[] {
  return files.flatMap((file) =>
    file.usedBy.flatMap((use) => (use.kind === 'attachment' && use.lessonId === lessonId ? [{ downloadId: use.downloadId, title: use.title, file }] : [])),
  );
}

/**
 * Files learners can download from this lesson: list, add (upload, then offer it under a
 * title), rename and remove. Removing an attachment deletes its file too, unless the file
 * is also used elsewhere, in which case only this lesson stops offering it.
 */
export function AttachmentsSection(props: { courseId: string; lessonId: string }): JSX.Element {
  const [files, { refetch }] = createResource(() => props.courseId, (id) => signedInOnly(() => fetchCourseFiles(id))());
  const [title, setTitle] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<UploadResult | null>(null);
  const [renaming, setRenaming] = createSignal<Attachment | null>(null);
  const [removing, setRemoving] = createSignal<Attachment | null>(null);
  const task = createUploadTask();
  let fileInput: HTMLInputElement | undefined;

  const loaded = () => (files.error ? undefined : files.latest);
  const attachments = () => attachmentsOf(loaded() ?? [], props.lessonId);
  const unfinished = () => (loaded() ?? []).filter((f) => f.purpose === 'lesson_attachment' && f.lessonId === props.lessonId && f.status === 'uploading');

  const report = (next: UploadResult) => {
    setResult(next);
    focusElement('attachment-result');
  };

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    setFieldError(chosen ? fileProblem(chosen, 'lesson_attachment') : null);
  };

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    setResult(null);
    const chosen = file();
    const problem = chosen ? fileProblem(chosen, 'lesson_attachment') : `Choose a file: ${allowedText('lesson_attachment')}.`;
    if (!chosen || problem) {
      setFieldError(problem);
      return document.getElementById('attachment-file')?.focus();
    }
    setFieldError(null);
    // The bar stays at 100 % ("Finishing…") until the file is also attached.
    let uploaded: LibraryFile | null = null;
    try {
      const download = await task.run(async (signal, onProgress) => {
        uploaded = await uploadFile({
          courseId: props.courseId,
          purpose: 'lesson_attachment',
          lessonId: props.lessonId,
          filename: chosen.name,
          contentType: declaredType(chosen),
          file: chosen,
          signal,
          onProgress,
        });
        return createDownload(props.courseId, { fileId: uploaded.id, title: title().trim() || undefined, lessonId: props.lessonId });
      });
      setTitle('');
      setFile(null);
      if (fileInput) fileInput.value = '';
      report({ tone: 'success', text: `“${download.title}” is attached. Learners who can open this lesson can download it.` });
    } catch (error) {
      const done = uploaded as LibraryFile | null;
      report(
        done
          ? {
              tone: 'error',
              title: `“${done.filename}” is uploaded, but it was not attached`,
              text: `${error instanceof Error ? error.message : 'Something went wrong.'} Open the media library and use “Attach to its lesson” to try again.`,
            }
          : uploadFailure(error, chosen.name),
      );
    }
    void refetch();
  };

  return (
    <section class="card admin-card" aria-labelledby="attachments-title" aria-busy={files.loading} data-testid="attachments">
      <h2 id="attachments-title">Attachments</h2>
      <p class="section__intro">Worksheets, readings and recordings learners can download from this lesson.</p>
      <ResultNotice id="attachment-result" result={result()} data-testid="attachment-result" />
      <Switch>
        <Match when={files.error}>
          <ErrorNotice title="We couldn't load the attachments" error={files.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={!loaded()}>
          <Spinner label="Loading attachments…" />
        </Match>
        <Match when={loaded()}>
          <Show when={unfinished().length > 0}>
            <Notice tone="info" title={`${unfinished().length} upload${unfinished().length === 1 ? '' : 's'} for this lesson did not finish`}>
              <p>
                {unfinished()
                  .map((f) => `“${f.filename}”`)
                  .join(', ')}
                . <Link href={`/admin/courses/${encodeURIComponent(props.courseId)}/media`}>Resume or cancel in the media library</Link>.
              </p>
            </Notice>
          </Show>
          <Show
            when={attachments().length > 0}
            fallback={
              <EmptyState title="No attachments yet" data-testid="attachments-empty">
                <p>Add a file below. It appears under the lesson for learners.</p>
              </EmptyState>
            }
          >
            <div class="table-scroll" role="region" aria-label="Attachments of this lesson" tabindex="0">
              <table class="table" data-testid="attachments-table">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">File</th>
                    <th scope="col">Size</th>
                    <th scope="col" class="table__actions">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={attachments()}>
                    {(attachment) => (
                      <tr data-testid="attachment-row">
                        <th scope="row" data-testid="attachment-title">
                          {attachment.title}
                        </th>
                        <td>{attachment.file.filename}</td>
                        <td>{formatBytes(attachment.file.sizeBytes)}</td>
                        <td class="table__actions">
                          <div class="authoring-row-actions">
                            <Button variant="secondary" class="button--small" disabled={task.running()} onClick={() => setRenaming(attachment)}>
                              Rename<span class="visually-hidden"> “{attachment.title}”</span>
                            </Button>
                            <Button variant="secondary" class="button--small" disabled={task.running()} onClick={() => setRemoving(attachment)}>
                              Remove<span class="visually-hidden"> “{attachment.title}”</span>
                            </Button>
                          </div>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </Match>
      </Switch>

      <form class="media-form media-subsection" onSubmit={(event) => void add(event)} novalidate data-testid="attachment-form">
        <h3>Add an attachment</h3>
        <div class="media-form__row">
          <TextField
            id="attachment-title"
            label="Title (optional)"
            hint="What learners see. Leave it empty to use the file’s name."
            autocomplete="off"
            maxLength={200}
            value={title()}
            disabled={task.running()}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <FileField
            id="attachment-file"
            label="File"
            hint={`${allowedText('lesson_attachment')}.${file() ? ` Chosen: ${file()!.name}, ${formatBytes(file()!.size)}.` : ''}`}
            accept={acceptFor('lesson_attachment')}
            error={fieldError()}
            disabled={task.running()}
            onFile={choose}
            ref={(el) => (fileInput = el)}
            data-testid="attachment-file"
          />
        </div>
        <Show when={task.progress()}>
          {(progress) => <UploadProgressBar name={file()?.name ?? 'File'} progress={progress()} onCancel={task.cancel} data-testid="attachment-progress" />}
        </Show>
        <div class="form-actions">
          <Button type="submit" disabled={task.running()} aria-busy={task.running()} data-testid="add-attachment">
            {task.running() ? 'Uploading…' : 'Add attachment'}
          </Button>
        </div>
      </form>

      <Show when={renaming()} keyed>
        {(attachment) => (
          <RenameDialog
            title={`Rename “${attachment.title}”`}
            label="Title"
            hint="What learners see under the lesson."
            initial={attachment.title}
            onSave={async (next) => {
              await renameDownload(attachment.downloadId, next);
              setResult({ tone: 'success', text: `Renamed to “${next}”.` });
              await refetch();
            }}
            onClose={(saved) => {
              setRenaming(null);
              if (saved) focusElement('attachment-result');
            }}
          />
        )}
      </Show>
      <Show when={removing()} keyed>
        {(attachment) => {
          // The file goes too when this attachment is all that uses it; otherwise only the lesson lets go of it.
          const onlyUse = attachment.file.usedBy.length === 1;
          return (
            <ConfirmDialog
              title={`Remove “${attachment.title}”?`}
              confirmLabel="Remove attachment"
              busyLabel="Removing…"
              onConfirm={async () => {
                if (onlyUse) await deleteFile(attachment.file.id, true);
                else await removeDownload(attachment.downloadId);
                setResult({ tone: 'success', text: `“${attachment.title}” was removed from this lesson.` });
                await refetch();
              }}
              onClose={(done) => {
                setRemoving(null);
                if (done) focusElement('attachment-result');
              }}
            >
              <p>
                Learners no longer see it under this lesson, and links they already have stop working.{' '}
                {onlyUse ? `The file “${attachment.file.filename}” is deleted too.` : `The file “${attachment.file.filename}” stays in the media library, where something else uses it.`}
              </p>
            </ConfirmDialog>
          );
        }}
      </Show>
    </section>
  );
}
