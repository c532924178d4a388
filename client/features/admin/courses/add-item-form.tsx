import { createSignal, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Button } from '../../../ui/button';

type AddItemFormProps = {
  id: string;
  label: string;
  buttonLabel: string;
  /** Creates the item; a thrown ApiError's message is shown under the field. */
  onAdd: (title: string) => Promise<void>;
  'data-testid'?: string;
};

/**
 * One title field and a button: how chapters and lessons are added to the outline. The field
 * keeps focus after adding, so several can be typed in a row.
 */
export function AddItemForm(props: AddItemFormProps): JSX.Element {
  const [title, setTitle] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = title().trim();
    if (!value) {
      setError('Enter a title.');
      return input.focus();
    }
    setBusy(true);
    setError(null);
    try {
      await props.onAdd(value);
      setTitle('');
    } catch (failure) {
      if (!(failure instanceof ApiError)) console.error(failure);
      setError(failure instanceof ApiError ? failure.message : 'That did not work. Please try again.');
    } finally {
      setBusy(false);
      input.focus();
    }
  };

  return (
    <form class="add-item" onSubmit={(event) => void submit(event)} novalidate data-testid={props['data-testid']}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <div class="add-item__row">
        <input
          ref={input}
          id={props.id}
          class="field__control"
          autocomplete="off"
          value={title()}
          onInput={(event) => setTitle(event.currentTarget.value)}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? `${props.id}-error` : undefined}
        />
        <Button type="submit" variant="secondary" disabled={busy()} aria-busy={busy()}>
          {busy() ? 'Adding…' : props.buttonLabel}
        </Button>
      </div>
      <p class="field__error" id={`${props.id}-error`} role="alert">
        {error()}
      </p>
    </form>
  );
}
