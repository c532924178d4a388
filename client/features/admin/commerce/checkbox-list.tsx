import { For, Show, type JSX } from 'solid-js';
import { ListFieldset } from '../sign-in-policy/list-fieldset';

export type CheckboxOption = { value: string; label: string; detail?: string };

type CheckboxListProps = {
  id: string;
  legend: string;
  hint?: string;
  error?: string | null;
  options: CheckboxOption[];
  value: string[];
  onChange: (value: string[]) => void;
  disabled?: boolean;
  /** Shown instead of the boxes when there is nothing to choose. */
  empty: string;
};

/**
 * Several choices from a list (courses of an offer, offers of a coupon) as a fieldset of
 * checkboxes: every box has its own label and the group its legend, unlike <select multiple>.
 * The first box carries the group's id, so an error summary can link to it.
 */
export function CheckboxList(props: CheckboxListProps): JSX.Element {
  const toggle = (value: string, checked: boolean) => {
    const rest = props.value.filter((v) => v !== value);
    props.onChange(checked ? [...rest, value] : rest);
  };
  return (
    <ListFieldset id={props.id} legend={props.legend} hint={props.hint} error={props.error} class="checkbox-list" legendClass="field__label">
      <Show when={props.options.length > 0} fallback={<p class="field__hint">{props.empty}</p>}>
        <ul class="checkbox-list__items">
          <For each={props.options}>
            {(option, index) => {
              const boxId = index() === 0 ? props.id : `${props.id}-${option.value}`;
              return (
                <li class="field field--inline">
                  <input
                    type="checkbox"
                    id={boxId}
                    class="field__control-box"
                    checked={props.value.includes(option.value)}
                    disabled={props.disabled}
                    onChange={(event) => toggle(option.value, event.currentTarget.checked)}
                  />
                  <label class="checkbox-list__label" for={boxId}>
                    {option.label}
                    <Show when={option.detail}>
                      <span class="table__sub">{option.detail}</span>
                    </Show>
                  </label>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </ListFieldset>
  );
}
