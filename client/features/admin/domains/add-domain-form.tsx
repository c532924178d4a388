import { createSignal, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { problemFor } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { TextField } from '../../../ui/field';
import type { Domain } from './domains-api';

const FIELD = 'new-domain-hostname';
const ERRORS = 'new-domain-errors';

type AddDomainFormProps = {
  onAdd: (hostname: string) => Promise<Domain>;
  /** "You can add 4 more." or similar, under the field's example. */
  allowance: string;
};

/**
 * One field: the domain name. Every refusal from the Worker (not a domain name, the platform's
 * own addresses, already taken, the limit) is about that name, so it goes beside the field.
 */
export function AddDomainForm(props: AddDomainFormProps): JSX.Element {
  const [hostname, setHostname] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);

  const refuse = (message: string) => {
    setProblems([{ message, fieldId: FIELD }]);
    focusElement(ERRORS);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const typed = hostname().trim();
    if (!typed) return refuse('Enter a domain name, such as learn.example.com.');
    setBusy(true);
    try {
      await props.onAdd(typed);
      setProblems([]);
      setHostname('');
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      // Worker sentences are written for people; they are shown whole, never split up.
      refuse(error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="domain-form" onSubmit={(event) => void submit(event)} novalidate data-testid="add-domain-form">
      <ErrorSummary id={ERRORS} problems={problems()} />
      <TextField
        id={FIELD}
        label="Domain name"
        hint={`e.g. learn.example.com — a domain or subdomain you control. ${props.allowance}`}
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        inputmode="url"
        value={hostname()}
        onInput={(event) => setHostname(event.currentTarget.value)}
        error={problemFor(problems(), FIELD)}
      />
      <div class="form-actions">
        <Button type="submit" aria-disabled={busy()} aria-busy={busy()}>
          {busy() ? 'Adding…' : 'Add domain'}
        </Button>
      </div>
    </form>
  );
}
