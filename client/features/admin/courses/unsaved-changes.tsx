import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { ConfirmDialog } from '../../../ui/confirm-dialog';

/**
 * Keeps unsaved edits from being lost by leaving the page. A full unload (closing the tab,
 * reloading, typing an address) gets the browser's own warning; a click on any link inside
 * the app is held back until the author confirms. The router has no navigation hook, so the
 * click is caught on its way down (capture phase on window), before <Link> sees it.
 */
export function UnsavedChangesGuard(props: { when: boolean; what: string }): JSX.Element {
  const [held, setHeld] = createSignal<HTMLAnchorElement | null>(null);
  let letThrough = false;

  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!props.when || letThrough) return;
    event.preventDefault();
    // Older browsers only show the prompt when returnValue is set.
    event.returnValue = '';
  };

  const onClick = (event: MouseEvent) => {
    if (!props.when || letThrough || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    // Links to a spot on this same page (an error summary's) leave nothing behind.
    if (url.origin === location.origin && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    event.stopPropagation();
    setHeld(anchor);
  };

  window.addEventListener('beforeunload', onBeforeUnload);
  window.addEventListener('click', onClick, true);
  onCleanup(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    window.removeEventListener('click', onClick, true);
  });

  return (
    <Show when={held()}>
      {(anchor) => (
        <ConfirmDialog
          title="Leave without saving?"
          confirmLabel="Leave without saving"
          onConfirm={async () => undefined}
          onClose={(confirmed) => {
            setHeld(null);
            if (!confirmed) return;
            // Let the same link through this time, so it does whatever it would have done. A
            // <Link> handles it in the page (and cancels the event); any other link loads a new
            // page, whose unload must not ask again.
            letThrough = true;
            const inApp = !anchor().dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
            if (inApp) letThrough = false;
          }}
        >
          <p>Your changes to {props.what} have not been saved. If you leave this page now, they are lost.</p>
        </ConfirmDialog>
      )}
    </Show>
  );
}
