import { createSignal, onCleanup, type JSX } from 'solid-js';
import type { Protection } from './lesson-api';

/** How long the notice stays after a blocked copy. */
const NOTICE_MS = 8_000;

export type CopyGuard = {
  /** True when the school discourages copying this course's text (copy_mode 'discourage'). */
  active: boolean;
  /** For `copy`, `cut` and `contextmenu` on guarded text: stops it and says why, politely. */
  block: (event: Event) => void;
  notice: () => boolean;
};

/**
 * copy_mode 'discourage': lesson text and the transcript cannot be selected (CSS), and
 * copying or the context menu on them is stopped with a short notice. It is a request, not
 * a lock — anyone determined can still read the page's source — which is why the Worker
 * calls it advisory. 'allow' changes nothing.
 */
export function createCopyGuard(protection: Protection): CopyGuard {
  const active = protection.copyMode === 'discourage';
  const [notice, setNotice] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return {
    active,
    notice,
    block: (event) => {
      if (!active) return;
      event.preventDefault();
      setNotice(true);
      clearTimeout(timer);
      timer = setTimeout(() => setNotice(false), NOTICE_MS);
    },
  };
}

/** The polite notice beside guarded text: a live region that is always there, so it is announced when it fills. */
export function CopyNotice(props: { guard: CopyGuard; 'data-testid'?: string }): JSX.Element {
  return (
    <p class="copy-notice" role="status" data-testid={props['data-testid']}>
      {props.guard.notice() ? 'The school asks that lesson text is not copied. Your own notes are yours to copy.' : ''}
    </p>
  );
}
