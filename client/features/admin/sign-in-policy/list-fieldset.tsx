import { Show, type JSX, type ParentProps } from 'solid-js';

type ListFieldsetProps = ParentProps<{
  id: string;
  legend: string;
  hint?: string;
  error?: string | null;
  /** Extra classes for the fieldset and the legend's own class (default `fieldset__legend`). */
  class?: string;
  legendClass?: string;
}>;

/** A group of controls under one legend, with its hint and the server's error tied to it. */
export function ListFieldset(props: ListFieldsetProps): JSX.Element {
  const describedBy = () => [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={props.class ? `fieldset ${props.class}` : 'fieldset'} aria-describedby={describedBy()}>
      <legend class={props.legendClass ?? 'fieldset__legend'}>{props.legend}</legend>
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
      {props.children}
    </fieldset>
  );
}
