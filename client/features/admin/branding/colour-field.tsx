import { createEffect, createSignal, on, Show, type JSX } from 'solid-js';

const HEX = /^#[0-9a-f]{6}$/;

/** "#ABC", "abc123", " #aabbcc " → "#aabbcc"; anything else → null. */
export function normaliseHex(text: string): string | null {
  let value = text.trim().toLowerCase();
  if (!value.startsWith('#')) value = `#${value}`;
  if (/^#[0-9a-f]{3}$/.test(value)) value = `#${[...value.slice(1)].map((c) => c + c).join('')}`;
  return HEX.test(value) ? value : null;
}

type ColourFieldProps = {
  id: string;
  label: string;
  hint: string;
  /** The current valid colour (#rrggbb). */
  value: string;
  onChange: (hex: string) => void;
  /** A problem the Worker reported for this field. */
  error?: string | null;
  /** Tells the form a typed value is not a colour yet, so it is not saved. */
  onValidity?: (valid: boolean) => void;
};

/**
 * A colour as a native picker and as hex text, kept in step. The text field is the labelled
 * control (screen readers and keyboards handle it best); the picker has its own label. Text
 * that is not a colour yet stays in the box with an error beside it, and the colour in use
 * stays the last valid one.
 */
export function ColourField(props: ColourFieldProps): JSX.Element {
  const [text, setText] = createSignal(props.value);
  const [typedError, setTypedError] = createSignal<string | null>(null);
  // A new value from outside (a save, a reset) replaces what is typed.
  createEffect(
    on(
      () => props.value,
      (value) => {
        if (normaliseHex(text()) === value) return;
        setText(value);
        setTypedError(null);
        props.onValidity?.(true);
      },
      { defer: true },
    ),
  );
  const error = () => typedError() ?? props.error ?? null;
  const describedBy = () => [`${props.id}-hint`, error() ? `${props.id}-error` : ''].filter(Boolean).join(' ');

  const onText = (raw: string) => {
    setText(raw);
    const hex = normaliseHex(raw);
    setTypedError(hex ? null : 'Enter a colour as # and six digits 0–9 or a–f, such as #1f4e79.');
    props.onValidity?.(hex !== null);
    if (hex) props.onChange(hex);
  };

  return (
    <div class="field colour-field" data-testid={`${props.id}-field`}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <p class="field__hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <Show when={error()}>
        <p class="field__error" id={`${props.id}-error`}>
          {error()}
        </p>
      </Show>
      <div class="colour-field__row">
        <input
          type="color"
          class="colour-field__picker"
          id={`${props.id}-picker`}
          aria-label={`${props.label}: colour picker`}
          value={props.value}
          onInput={(event) => onText(event.currentTarget.value)}
        />
        <input
          type="text"
          class="field__control colour-field__hex"
          id={props.id}
          value={text()}
          maxLength={7}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={describedBy()}
          onInput={(event) => onText(event.currentTarget.value)}
        />
      </div>
    </div>
  );
}
