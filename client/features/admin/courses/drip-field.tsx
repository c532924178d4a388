import { Show, type JSX } from 'solid-js';
import { DateTimeField } from './date-time-field';
import { type RadioChoice, RadioChoices } from './radio-choices';

export type DripMode = 'none' | 'date' | 'days';

const MODES: RadioChoice<DripMode>[] = [
  { value: 'none', label: 'Open straight away', hint: 'Learners with access can open it as soon as it is published.' },
  { value: 'date', label: 'On a date', hint: 'Opens for everyone at the same moment.' },
  { value: 'days', label: 'Some days after enrollment', hint: 'Each learner’s clock starts when they enroll.' },
];

type DripFieldProps = {
  mode: DripMode;
  date: string;
  days: string;
  onMode: (mode: DripMode) => void;
  onDate: (value: string) => void;
  onDays: (value: string) => void;
  errors: { date?: string | null; days?: string | null };
};

/** When the lesson opens: never held back, at one instant for everyone, or N days after each learner enrolls. */
export function DripField(props: DripFieldProps): JSX.Element {
  return (
    <fieldset class="fieldset drip" data-testid="drip-field">
      <legend class="fieldset__legend">When it opens</legend>
      <RadioChoices name="lesson-drip" choices={MODES} value={props.mode} onChange={props.onMode} />
      <Show when={props.mode === 'date'}>
        <DateTimeField id="lesson-release-at" label="Opens on" value={props.date} onInput={props.onDate} error={props.errors.date} />
      </Show>
      <Show when={props.mode === 'days'}>
        <div class="field">
          <label class="field__label" for="lesson-release-days">
            Days after enrollment
          </label>
          <p class="field__hint" id="lesson-release-days-hint">
            0 opens it on the day of enrollment; at most 3650.
          </p>
          <Show when={props.errors.days}>
            <p class="field__error" id="lesson-release-days-error">
              {props.errors.days}
            </p>
          </Show>
          <input
            id="lesson-release-days"
            type="number"
            inputmode="numeric"
            min="0"
            max="3650"
            step="1"
            class="field__control field__control--short"
            value={props.days}
            onInput={(event) => props.onDays(event.currentTarget.value)}
            aria-invalid={props.errors.days ? 'true' : undefined}
            aria-describedby={['lesson-release-days-hint', props.errors.days ? 'lesson-release-days-error' : ''].filter(Boolean).join(' ')}
          />
        </div>
      </Show>
    </fieldset>
  );
}
