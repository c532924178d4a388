import { Show, type JSX } from 'solid-js';

type FileFieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  accept?: string;
  disabled?: boolean;
  onFile: (file: File | null) => void;
  ref?: (element: HTMLInputElement) => void;
  'data-testid'?: string;
};

/** A labelled file input with its hint and error tied to it, like the other fields. */
export function FileField(props: FileFieldProps): JSX.Element {
  const describedBy = () => [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
      <input
        ref={(element) => props.ref?.(element)}
        id={props.id}
        type="file"
        class="field__control"
        accept={props.accept}
        disabled={props.disabled}
        onChange={(event) => props.onFile(event.currentTarget.files?.[0] ?? null)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        data-testid={props['data-testid']}
      />
    </div>
  );
}
