import { createSignal, Show, type JSX } from 'solid-js';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';

export type Status = { tone: 'success' | 'error'; text: string };

/**
 * The result line of a page's actions ("Offer published.", or the Worker's refusal). Reporting
 * moves focus to it, which is how keyboard and screen-reader users learn the action finished
 * (the button that started it may be gone).
 */
export function createStatusReport(id: string): { report: (status: Status) => void; clear: () => void; View: () => JSX.Element } {
  const [status, setStatus] = createSignal<Status | null>(null);
  return {
    report: (next) => {
      setStatus(next);
      focusElement(id);
    },
    clear: () => setStatus(null),
    View: () => (
      <Show when={status()}>
        {(current) => (
          <Notice tone={current().tone} id={id} live={current().tone === 'error' ? 'alert' : 'status'} data-testid={id}>
            <p>{current().text}</p>
          </Notice>
        )}
      </Show>
    ),
  };
}
