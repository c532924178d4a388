import { Show, splitProps, type JSX } from 'solid-js';

type TextAreaFieldProps = { id: string; label: string; hint?: string; error?: string | null; maxLength?: number; value: string } & Omit<
  JSX.TextareaHTMLAttributes<HTMLTextAreaElement>,
  'value' | 'maxLength'
>;

/** A labelled textarea with hint, error and, when there is a limit, a count of what is left. */
export function TextAreaField(props: TextAreaFieldProps): JSX.Element {
  const [own, rest] = splitProps(props, ['id', 'label', 'hint', 'error', 'maxLength', 'value']);
  const left = () => (own.maxLength === undefined ? null : own.maxLength - own.value.length);
  const describedBy = () =>
    [own.hint ? `${own.id}-hint` : '', own.error ? `${own.id}-error` : '', left() !== null ? `${own.id}-count` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label class="field__label" for={own.id}>
        {own.label}
      </label>
      <Show when={own.hint}>
        <p class="field__hint" id={`${own.id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p class="field__error" id={`${own.id}-error`}>
          {own.error}
        </p>
      </Show>
      <textarea
        {...rest}
        id={own.id}
        class="field__control"
        value={own.value}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      <Show when={left() !== null}>
        <p class="field__hint field__count" id={`${own.id}-count`} classList={{ 'field__count--over': left()! < 0 }}>
          {left()! >= 0 ? `${left()} characters left` : `${-left()!} characters too many`}
        </p>
      </Show>
    </div>
  );
}
