import { createSignal, For, Show, type JSX } from 'solid-js';
import { Button } from '../../../ui/button';
import { ListFieldset } from './list-fieldset';

type StringListEditorProps = {
  /** Id of the "add" input; the server's error for this list links here. */
  id: string;
  legend: string;
  hint?: string;
  /** Label of the text box, e.g. "New domain". */
  inputLabel: string;
  /** The button, e.g. "Add domain". */
  addLabel: string;
  placeholder?: string;
  items: string[];
  onChange: (items: string[]) => void;
  /** Turns what was typed into the stored form (trimmed, lower case…). */
  normalise?: (value: string) => string;
  error?: string | null;
};

/** A list of short strings (domains, tenant ids): each removable, new ones added below. */
export function StringListEditor(props: StringListEditorProps): JSX.Element {
  const [draft, setDraft] = createSignal('');
  const [localError, setLocalError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;

  const add = () => {
    const value = (props.normalise ?? ((v: string) => v.trim()))(draft());
    if (value === '') return setLocalError(`Type a value before choosing “${props.addLabel}”.`);
    if (props.items.includes(value)) return setLocalError(`${value} is already in the list.`);
    setLocalError(null);
    props.onChange([...props.items, value]);
    setDraft('');
    input.focus();
  };
  const remove = (value: string) => {
    props.onChange(props.items.filter((item) => item !== value));
    input.focus();
  };

  return (
    <ListFieldset id={`${props.id}-group`} legend={props.legend} hint={props.hint} error={localError() ?? props.error}>
      <Show when={props.items.length > 0} fallback={<p class="list-editor__empty">None yet.</p>}>
        <ul class="list-editor">
          <For each={props.items}>
            {(item) => (
              <li class="list-editor__item">
                <code>{item}</code>
                <Button variant="secondary" class="button--small" onClick={() => remove(item)}>
                  Remove<span class="visually-hidden"> {item}</span>
                </Button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="list-editor__add">
        <label class="visually-hidden" for={props.id}>
          {props.inputLabel}
        </label>
        <input
          ref={input}
          id={props.id}
          class="field__control"
          placeholder={props.placeholder}
          value={draft()}
          aria-invalid={localError() || props.error ? 'true' : undefined}
          aria-describedby={localError() || props.error ? `${props.id}-group-error` : undefined}
          onInput={(event) => setDraft(event.currentTarget.value)}
          // Enter adds to the list instead of submitting the whole form.
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            add();
          }}
        />
        <Button variant="secondary" onClick={add}>
          {props.addLabel}
        </Button>
      </div>
    </ListFieldset>
  );
}
