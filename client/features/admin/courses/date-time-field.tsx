import { Show, type JSX } from 'solid-js';
import { formatUtc, fromLocalInputValue, localTimeZone } from './local-time';

type DateTimeFieldProps = {
  id: string;
  label: string;
  /** The datetime-local text, in this browser's time zone. */
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
  disabled?: boolean;
};

/**
 * A date and time in the author's own time zone, with the UTC instant it stands for under
 * it: the server stores the instant, and learners elsewhere see it in UTC.
 */
export function DateTimeField(props: DateTimeFieldProps): JSX.Element {
  const instant = () => fromLocalInputValue(props.value);
  const describedBy = () => [`${props.id}-hint`, `${props.id}-utc`, props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <p class="field__hint" id={`${props.id}-hint`}>
        In your time zone ({localTimeZone()}).
      </p>
      <Show when={props.error}>
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
      <input
        id={props.id}
        type="datetime-local"
        class="field__control field__control--auto"
        value={props.value}
        disabled={props.disabled}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      <p class="field__hint utc-instant" id={`${props.id}-utc`} data-testid={`${props.id}-utc`}>
        <Show when={instant()} fallback={props.value ? 'Not a complete date and time yet.' : 'No date chosen.'}>
          {(at) => (
            <>
              That is <time datetime={at().toISOString()}>{formatUtc(at())}</time>.
            </>
          )}
        </Show>
      </p>
    </div>
  );
}
