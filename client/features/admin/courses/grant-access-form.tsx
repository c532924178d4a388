import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Link } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { fetchMembers, memberName, type Member } from '../members/members-api';
import { grantAccess } from './roster-api';

/**
 * Gives one member access to the course without enrolling or paying (admin+). The API takes
 * a user id, so the address is looked up among the school's members first; someone who is
 * not a member yet has to be invited on the Members page.
 */
type GrantAccessFormProps = {
  courseId: string;
  courseTitle: string;
  onGranted: (member: Member) => Promise<void>;
  /** After a grant the page moves focus to its own result (the dialog's opener is gone by then). */
  onGrantClosed: () => void;
};

export function GrantAccessForm(props: GrantAccessFormProps): JSX.Element {
  const [email, setEmail] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<{ text: string; invite?: boolean } | null>(null);
  const [confirming, setConfirming] = createSignal<Member | null>(null);
  let input!: HTMLInputElement;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setError({ text: 'Enter the member’s email address, such as name@example.com.' });
      return input.focus();
    }
    setBusy(true);
    setError(null);
    try {
      const member = (await fetchMembers()).find((m) => m.email.toLowerCase() === address && m.status === 'active');
      if (!member) {
        setError({ text: `${address} is not an active member of this school.`, invite: true });
        return input.focus();
      }
      setConfirming(member);
    } catch (failure) {
      setError({ text: failure instanceof ApiError ? failure.message : 'The members could not be loaded. Please try again.' });
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
        They get the access an enrolled learner has, without enrolling or paying, until you revoke it.
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
          {busy() ? 'Looking up…' : 'Grant access'}
        </Button>
      </div>
      <div class="field__error" id="grant-email-error" role="alert">
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
      <Show when={confirming()}>
        {(member) => (
          <ConfirmDialog
            title={`Give ${memberName(member())} access?`}
            confirmLabel="Grant access"
            busyLabel="Granting…"
            onConfirm={async () => {
              await grantAccess(props.courseId, member().userId);
              setEmail('');
              await props.onGranted(member());
            }}
            onClose={(confirmed) => {
              setConfirming(null);
              if (confirmed) props.onGrantClosed();
            }}
          >
            <p>
              {member().email} gets the access an enrolled learner of “{props.courseTitle}” has, without enrolling or paying, until you revoke it. Drip dates still apply.
            </p>
          </ConfirmDialog>
        )}
      </Show>
    </form>
  );
}
