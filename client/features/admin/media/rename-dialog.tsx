import '../../../ui/confirm-dialog.css';
import { createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Button } from '../../../ui/button';
import { TextField } from '../../../ui/field';

type RenameDialogProps = {
  /** The dialog's heading, such as Rename “Worksheet”. */
  title: string;
  label: string;
  hint?: string;
  initial: string;
  /** Saves the new name; a thrown ApiError is shown inside the dialog, which stays open. */
  onSave: (value: string) => Promise<void>;
  /** Called once: `saved` after a successful save, false when cancelled. */
  onClose: (saved: boolean) => void;
};

/**
 * A modal <dialog> with one text field, for renaming a download or an attachment. Focus
 * starts in the field with its text selected; Enter saves, Escape cancels, and focus goes
 * back to whatever opened it.
 */
export function RenameDialog(props: RenameDialogProps): JSX.Element {
  let dialog!: HTMLDialogElement;
  const [value, setValue] = createSignal(props.initial);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let closed = false;
  const finish = (saved: boolean) => {
    if (closed) return;
    closed = true;
    props.onClose(saved);
  };

  onMount(() => {
    dialog.showModal();
    const input = dialog.querySelector('input');
    input?.focus();
    input?.select();
  });
  onCleanup(() => {
    closed = true;
    if (dialog.open) dialog.close();
    if (opener?.isConnected) opener.focus();
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const next = value().trim();
    if (!next) return setError('Enter a title.');
    if (next.length > 200) return setError('Keep the title under 200 characters.');
    setBusy(true);
    setError(null);
    try {
      await props.onSave(next);
      finish(true);
    } catch (failure) {
      if (!(failure instanceof ApiError)) console.error(failure);
      setError(failure instanceof ApiError ? failure.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="rename-dialog-title" onClose={() => finish(false)} onCancel={(event) => busy() && event.preventDefault()}>
      <form onSubmit={(event) => void submit(event)} novalidate>
        <h2 id="rename-dialog-title" class="dialog__title">
          {props.title}
        </h2>
        <div class="dialog__body">
          <TextField id="rename-dialog-value" label={props.label} hint={props.hint} autocomplete="off" value={value()} onInput={(e) => setValue(e.currentTarget.value)} error={error()} />
        </div>
        <div class="dialog__actions">
          <Button variant="secondary" onClick={() => finish(false)} disabled={busy()}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy()} aria-busy={busy()}>
            {busy() ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
