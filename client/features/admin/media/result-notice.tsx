import { Show, type JSX } from 'solid-js';
import type { UploadResult } from './upload-messages';

/** The outcome of an upload or a change, focusable so the form can move focus to it. */
export function ResultNotice(props: { id: string; result: UploadResult | null; 'data-testid'?: string }): JSX.Element {
  return (
    <Show when={props.result}>
      {(result) => (
        <div
          class={`notice notice--${result().tone}`}
          id={props.id}
          tabindex="-1"
          role={result().tone === 'error' ? 'alert' : 'status'}
          data-testid={props['data-testid']}
          data-tone={result().tone}
        >
          <Show when={result().title}>
            <p class="notice__title">{result().title}</p>
          </Show>
          <p>{result().text}</p>
        </div>
      )}
    </Show>
  );
}
