import './form.css';
import { Show, splitProps, type JSX } from 'solid-js';

/** Ids of the hint and error beside a control, for aria-describedby. */
function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

type FieldFrameProps = { id: string; label: string; hint?: string; error?: string | null; children: JSX.Element };

function FieldHelp(props: { id: string; hint?: string; error?: string | null }): JSX.Element {
  return (
    <>
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
    </>
  );
}

function FieldFrame(props: FieldFrameProps): JSX.Element {
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <FieldHelp id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

type Common = { id: string; label: string; hint?: string; error?: string | null };

export function TextField(props: Common & JSX.InputHTMLAttributes<HTMLInputElement>): JSX.Element {
  const [own, input] = splitProps(props, ['id', 'label', 'hint', 'error', 'class']);
  return (
    <FieldFrame id={own.id} label={own.label} hint={own.hint} error={own.error}>
      <input
        {...input}
        id={own.id}
        class="field__control"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy(own.id, own.hint, own.error)}
      />
    </FieldFrame>
  );
}

export function SelectField(props: Common & JSX.SelectHTMLAttributes<HTMLSelectElement>): JSX.Element {
  const [own, select] = splitProps(props, ['id', 'label', 'hint', 'error', 'class', 'children']);
  return (
    <FieldFrame id={own.id} label={own.label} hint={own.hint} error={own.error}>
      <select
        {...select}
        id={own.id}
        class="field__control"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy(own.id, own.hint, own.error)}
      >
        {own.children}
      </select>
    </FieldFrame>
  );
}

/** A checkbox with its label to the right and the hint/error under the label. */
export function CheckboxField(props: Common & { checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }): JSX.Element {
  return (
    <div class="field field--inline">
      <input
        type="checkbox"
        id={props.id}
        class="field__control-box"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
      />
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <FieldHelp id={props.id} hint={props.hint} error={props.error} />
    </div>
  );
}
