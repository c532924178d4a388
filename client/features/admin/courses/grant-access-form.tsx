import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Link } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { grantAccess } from './roster-api';

/**
 * Gives one member access to the course without enrolling or paying (admin+). The Worker looks
 * the address up among the school's active members; someone who has not joined yet gets a 404
 * saying to invite them first, and the form then links to the Members page. A grant is not
 * destructive and the roster can revoke it at once, so it is not confirmed in a dialog.
 */
type GrantAccessFormProps = {
  courseId: string;
  /** After a grant: the page reloads its roster and reports (and focuses) the result. */
  onGranted: (email: string) => Promise<void>;
};

type FormError = { text: string; invite: boolean };

/** The Worker's "…is not a member of this school yet. Invite them first." */
const needsInvitation = (error: unknown) => error instanceof ApiError && error.status === 404 && /invite them first/i.test(error.message);

export function GrantAccessForm(props: GrantAccessFormProps): JSX.Element {
  const [email, setEmail] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<FormError | null>(null);
  let input!: HTMLInputElement;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setError({ text: 'Enter the member’s email address, such as name@example.com.', invite: false });
      return input.focus();
    }
    setBusy(true);
    setError(null);
    try {
      await grantAccess(props.courseId, { email: address });
      setEmail('');
      await props.onGranted(address);
    } catch (failure) {
      if (!(failure instanceof ApiError)) console.error(failure);
      setError({
        text: failure instanceof ApiError ? failure.message : 'Access could not be granted. Please try again.',
        invite: needsInvitation(failure),
      });
      input.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="grant-form" onSubmit={(event) => void submit(event)} novalidate data-testid="grant-access-form">
      <label class="field__label" for="grant-email">
        Member’s email address
      </label>
      <p class="field__hint" id="grant-email-hint">
        They get the access an enrolled learner has, without enrolling or paying, until you revoke it. Drip dates still apply.
      </p>
      <div class="add-item__row">
        <input
          ref={input}
          id="grant-email"
          type="email"
          class="field__control"
          autocomplete="off"
          value={email()}
          onInput={(event) => setEmail(event.currentTarget.value)}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? 'grant-email-hint grant-email-error' : 'grant-email-hint'}
        />
        <Button type="submit" variant="secondary" disabled={busy()} aria-busy={busy()}>
          {busy() ? 'Granting…' : 'Grant access'}
        </Button>
      </div>
      <div class="field__error" id="grant-email-error" role="alert" data-testid="grant-access-error">
        <Show when={error()}>
          {(current) => (
            <p>
              {current().text}
              <Show when={current().invite}>
                {' '}
                <Link href="/admin/members">Invite them on the Members page</Link>, then grant access once they have joined.
              </Show>
            </p>
          )}
        </Show>
      </div>
    </form>
  );
}
