import './confirm-dialog.css';
import { createSignal, onCleanup, onMount, Show, type JSX, type ParentProps } from 'solid-js';
import { ApiError } from '../lib/api';
import { Button } from './button';

type ConfirmDialogProps = ParentProps<{
  title: string;
  confirmLabel: string;
  busyLabel?: string;
  /**
   * How the confirm button looks: 'danger' (the default) for what destroys or takes away,
   * 'primary' for a consequential step that is not destructive, such as publishing.
   */
  tone?: 'danger' | 'primary';
  /** Does the work; a thrown ApiError is shown inside the dialog, which then stays open. */
  onConfirm: () => Promise<void>;
  /**
   * Called once when the dialog closes: `confirmed` after the work succeeded, false when
   * cancelled or dismissed with Escape. After a confirmed close the page should move focus to
   * its own result, because the button that opened the dialog may be gone.
   */
  onClose: (confirmed: boolean) => void;
}>;

/**
 * Asks before a destructive or consequential action. A native modal <dialog>: it traps focus,
 * closes on Escape and hides the page from assistive tech. Focus starts on Cancel, so Enter
 * never destroys anything by accident. Mount it to open it; it closes itself through onClose.
 */
export function ConfirmDialog(props: ConfirmDialogProps): JSX.Element {
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let closed = false;
  const finish = (confirmed: boolean) => {
    if (closed) return;
    closed = true;
    props.onClose(confirmed);
  };

  onMount(() => {
    dialog.showModal();
    cancel.focus();
  });
  onCleanup(() => {
    closed = true;
    if (dialog.open) dialog.close();
    // Back to whatever opened the dialog, if it is still on the page.
    if (opener?.isConnected) opener.focus();
  });

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      finish(true);
    } catch (failure) {
      if (!(failure instanceof ApiError)) console.error(failure);
      setError(failure instanceof ApiError ? failure.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-body"
      onClose={() => finish(false)}
      onCancel={(event) => busy() && event.preventDefault()}
    >
      <h2 id="confirm-dialog-title" class="dialog__title">
        {props.title}
      </h2>
      <div id="confirm-dialog-body" class="dialog__body">
        {props.children}
      </div>
      <Show when={error()}>
        <div class="notice notice--error" role="alert">
          <p class="notice__title">That did not work</p>
          <p>{error()}</p>
        </div>
      </Show>
      <div class="dialog__actions">
        <Button ref={cancel} variant="secondary" onClick={() => finish(false)} disabled={busy()}>
          Cancel
        </Button>
        <Button variant={props.tone ?? 'danger'} onClick={() => void confirm()} disabled={busy()} aria-busy={busy()}>
          {busy() ? (props.busyLabel ?? 'Working…') : props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
