import { createSignal, type JSX } from 'solid-js';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { focusElement, type FormProblem } from '../../../ui/error-summary';

/**
 * The saving flag and problems of a commerce form. `fields` maps the API's field names to
 * control ids; `errorsId` is the ErrorSummary that takes focus when problems are shown.
 */
export function createFormSubmit(errorsId: string, fields: Record<string, string>) {
  const [saving, setSaving] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const show = (found: FormProblem[]) => {
    setProblems(found);
    focusElement(errorsId);
  };
  /** Sends once: clears the problems on success, shows the API's on failure. */
  const send = async <T,>(request: () => Promise<T>, done: (value: T) => void) => {
    setSaving(true);
    try {
      const value = await request();
      setProblems([]);
      done(value);
    } catch (error) {
      show(problemsFrom(error, fields));
    } finally {
      setSaving(false);
    }
  };
  return { saving, problems, show, send, errorFor: (fieldId: string) => problemFor(problems(), fieldId) };
}

/** Submit (showing `busy` while saving) and Cancel, both off while the form saves. */
export function FormActions(props: { saving: boolean; label: string; busy: string; onCancel: () => void }): JSX.Element {
  return (
    <div class="form-actions">
      <Button type="submit" disabled={props.saving} aria-busy={props.saving}>
        {props.saving ? props.busy : props.label}
      </Button>
      <Button variant="secondary" onClick={() => props.onCancel()} disabled={props.saving}>
        Cancel
      </Button>
    </div>
  );
}
