import { For, type JSX } from 'solid-js';

export type RadioChoice<T extends string> = { value: T; label: string; hint: JSX.Element };

/**
 * A group of radio buttons, each with its hint read out with it. Ids are `<name>-<value>`
 * (and `…-hint`), so labels, tests and error links can name one choice.
 */
export function RadioChoices<T extends string>(props: { name: string; choices: readonly RadioChoice<T>[]; value: T; onChange: (value: T) => void; disabled?: boolean }): JSX.Element {
  return (
    <div class="authoring-choices">
      <For each={props.choices}>
        {(choice) => {
          const id = `${props.name}-${choice.value}`;
          return (
            <div class="authoring-choice">
              <input
                type="radio"
                name={props.name}
                id={id}
                value={choice.value}
                checked={props.value === choice.value}
                disabled={props.disabled}
                onChange={() => props.onChange(choice.value)}
                aria-describedby={`${id}-hint`}
              />
              <label for={id}>{choice.label}</label>
              <p class="field__hint" id={`${id}-hint`}>
                {choice.hint}
              </p>
            </div>
          );
        }}
      </For>
    </div>
  );
}
