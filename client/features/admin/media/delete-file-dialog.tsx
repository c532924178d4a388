import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { describeUse } from './file-uses';
import { deleteFile, type LibraryFile } from './media-api';

/**
 * Asks before deleting a file, naming everything that goes with it. The Worker refuses (409)
 * to delete a file in use unless told `confirm=true`; the uses shown here are what the person
 * confirms, so they are sent with it. If something started using the file since the list was
 * loaded, the Worker's 409 names it and a second confirmation deletes it with its uses.
 */
export function DeleteFileDialog(props: { file: LibraryFile; courseId: string; onDeleted: () => void; onClose: (deleted: boolean) => void }): JSX.Element {
  const [serverNamedUses, setServerNamedUses] = createSignal(false);
  const inUse = () => props.file.usedBy.length > 0 || serverNamedUses();

  const confirm = async () => {
    try {
      await deleteFile(props.file.id, inUse());
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && !inUse()) setServerNamedUses(true);
      throw error;
    }
    props.onDeleted();
  };

  return (
    <ConfirmDialog
      title={`Delete “${props.file.filename}”?`}
      confirmLabel={inUse() ? 'Delete file and its uses' : 'Delete file'}
      busyLabel="Deleting…"
      onConfirm={confirm}
      onClose={props.onClose}
    >
      <Show when={props.file.usedBy.length > 0} fallback={<p>The file is removed from storage. This cannot be undone.</p>}>
        <p>It is in use. Deleting it also removes:</p>
        <ul data-testid="delete-file-uses">
          <For each={props.file.usedBy}>{(use) => <li>{describeUse(use, props.courseId)}</li>}</For>
        </ul>
        <p>Learners stop seeing these at once. This cannot be undone.</p>
      </Show>
    </ConfirmDialog>
  );
}
