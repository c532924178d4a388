import './error-notice.css';
import { For, Show, type JSX } from 'solid-js';

/** One problem with a form; `fieldId` links it to the control it is about. */
export type FormProblem = { message: string; fieldId?: string };

/**
 * The list of problems at the top of a form after a failed submit. The form moves focus here
 * (focusErrorSummary), so a screen reader hears the problems at once, and each one jumps to its
 * field.
 */
export function ErrorSummary(props: { id: string; title?: string; problems: FormProblem[] }): JSX.Element {
  const jump = (event: MouseEvent, fieldId: string) => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    event.preventDefault();
    field.focus();
  };
  return (
    <Show when={props.problems.length > 0}>
      <div class="notice notice--error" id={props.id} tabindex="-1" role="alert" aria-labelledby={`${props.id}-title`}>
        <p class="notice__title" id={`${props.id}-title`}>
          {props.title ?? 'There is a problem'}
        </p>
        <ul class="notice__list">
          <For each={props.problems}>
            {(problem) => (
              <li>
                <Show when={problem.fieldId} fallback={problem.message}>
                  {(fieldId) => (
                    <a href={`#${fieldId()}`} onClick={(event) => jump(event, fieldId())}>
                      {problem.message}
                    </a>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}

/** After the summary has rendered, put focus on it. */
export function focusElement(id: string): void {
  queueMicrotask(() => document.getElementById(id)?.focus());
}
