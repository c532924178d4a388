import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { describeUse } from './file-uses';
import type { FileUse, LibraryFile } from './media-api';
import { formatBytes } from './media-format';
import { PURPOSES } from './media-limits';

export type LibraryActions = {
  onResume: (file: LibraryFile) => void;
  onCancelUpload: (file: LibraryFile) => void;
  onReplace: (file: LibraryFile) => void;
  onDelete: (file: LibraryFile) => void;
  /** Puts an unused ready file to use: offered as a download, or made the cover. */
  onOffer: (file: LibraryFile) => void;
  onRename: (use: Extract<FileUse, { kind: 'download' | 'attachment' }>) => void;
};

function partsNote(file: LibraryFile): string {
  const plan = file.upload;
  if (!plan) return 'Not finished.';
  if (plan.method === 'single') return 'Nothing has arrived yet.';
  return `${plan.receivedParts.length} of ${plan.partCount} parts arrived.`;
}

/** The button that puts an unused ready file to use, named for its purpose. */
export function offerLabel(file: Pick<LibraryFile, 'purpose'>): string {
  if (file.purpose === 'course_cover') return 'Use as cover';
  return file.purpose === 'lesson_attachment' ? 'Attach to its lesson' : 'Offer as download';
}

/** Every file of the course: what it is, its size and state, what uses it, and what can be done with it. */
export function LibraryTable(props: { files: LibraryFile[]; courseId: string; busy: boolean; actions: LibraryActions }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-label="Files of this course" tabindex="0">
      <table class="table media-table" data-testid="library-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Purpose</th>
            <th scope="col">Size</th>
            <th scope="col">Status</th>
            <th scope="col">Used by</th>
            <th scope="col" class="table__actions">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.files}>
            {(file) => (
              <tr data-testid="library-row" data-file-id={file.id} data-status={file.status}>
                <th scope="row">
                  <span data-testid="library-filename">{file.filename}</span>
                  <span class="table__sub">Added {formatDateTime(file.createdAt)}</span>
                </th>
                <td>{PURPOSES[file.purpose].label}</td>
                <td class="media-table__size">{formatBytes(file.sizeBytes)}</td>
                <td>
                  <div class="media-status">
                    <Switch>
                      <Match when={file.status === 'ready'}>
                        <Badge tone="success">Ready</Badge>
                      </Match>
                      <Match when={file.status === 'uploading'}>
                        <Badge tone="brand">Uploading</Badge>
                        <span class="media-status__note">{partsNote(file)} Resume it within a day, or it is discarded.</span>
                      </Match>
                      <Match when={file.status === 'failed'}>
                        <Badge tone="danger">Refused</Badge>
                        <span class="media-status__note">Its contents did not match its type. Delete it and upload the right file.</span>
                      </Match>
                    </Switch>
                  </div>
                </td>
                <td>
                  <Show when={file.usedBy.length > 0} fallback={<span class="media-status__note">Not used</span>}>
                    <ul class="media-uses" data-testid="library-uses">
                      <For each={file.usedBy}>
                        {(use) => (
                          <li>
                            {describeUse(use, props.courseId)}
                            <Show when={use.kind !== 'cover' ? use : null}>
                              {(download) => (
                                <button type="button" class="link-button" disabled={props.busy} onClick={() => props.actions.onRename(download())}>
                                  Rename<span class="visually-hidden"> “{download().title}”</span>
                                </button>
                              )}
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </td>
                <td class="table__actions">
                  <div class="authoring-row-actions">
                    <Show when={file.status === 'uploading'}>
                      <Button variant="secondary" class="button--small" disabled={props.busy} onClick={() => props.actions.onResume(file)} data-testid="resume-upload">
                        Resume<span class="visually-hidden"> the upload of {file.filename}</span>
                      </Button>
                      <Button variant="secondary" class="button--small" disabled={props.busy} onClick={() => props.actions.onCancelUpload(file)}>
                        Cancel upload<span class="visually-hidden"> of {file.filename}</span>
                      </Button>
                    </Show>
                    <Show when={file.status === 'ready'}>
                      <Show when={file.usedBy.length === 0}>
                        <Button variant="secondary" class="button--small" disabled={props.busy} onClick={() => props.actions.onOffer(file)}>
                          {offerLabel(file)}
                          <span class="visually-hidden">: {file.filename}</span>
                        </Button>
                      </Show>
                      <Button variant="secondary" class="button--small" disabled={props.busy} onClick={() => props.actions.onReplace(file)} data-testid="replace-file">
                        Replace<span class="visually-hidden"> {file.filename}</span>
                      </Button>
                    </Show>
                    <Show when={file.status !== 'uploading'}>
                      <Button variant="secondary" class="button--small" disabled={props.busy} onClick={() => props.actions.onDelete(file)} data-testid="delete-file">
                        Delete<span class="visually-hidden"> {file.filename}</span>
                      </Button>
                    </Show>
                  </div>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
