import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { hasRole, ROLE_LABELS, ROLES, withArticle, type Role } from '../../../lib/roles';
import type { Me } from '../../../lib/session';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { SelectField, TextField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { emailProblem } from '../../sign-in/request-magic-link';
import { inviteMember } from './members-api';

const FIELDS = { email: 'invite-email', role: 'invite-role' };

/** Email + role → an invitation mail. The owner role is only offered to owners. */
export function InviteForm(props: { me: Me; onInvited: () => void }): JSX.Element {
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<Role>('student');
  const [sending, setSending] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [sent, setSent] = createSignal<string | null>(null);
  const roles = () => ROLES.filter((r) => r !== 'owner' || hasRole(props.me.role, 'owner'));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSent(null);
    const address = email().trim();
    const problem = emailProblem(address);
    if (problem) {
      setProblems([{ message: problem, fieldId: FIELDS.email }]);
      return focusElement('invite-errors');
    }
    setSending(true);
    try {
      const invitation = await inviteMember({ email: address, role: role() });
      setProblems([]);
      setEmail('');
      setSent(`Invitation sent to ${invitation.email} to join as ${withArticle(invitation.role)}.`);
      focusElement('invite-sent');
      props.onInvited();
    } catch (error) {
      // A conflict ("already a member") is about the address, so it goes beside that field.
      const conflict = error instanceof ApiError && error.status === 409;
      setProblems(conflict ? [{ message: error.message, fieldId: FIELDS.email }] : problemsFrom(error, FIELDS));
      focusElement('invite-errors');
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="invite-form" onSubmit={(event) => void submit(event)} novalidate data-testid="invite-form">
      <ErrorSummary id="invite-errors" problems={problems()} />
      <Show when={sent()}>
        <Notice tone="success" id="invite-sent" live="status" data-testid="invite-sent">
          <p>{sent()}</p>
        </Notice>
      </Show>
      <TextField
        id={FIELDS.email}
        label="Email address"
        type="email"
        autocomplete="off"
        required
        value={email()}
        onInput={(event) => setEmail(event.currentTarget.value)}
        error={problemFor(problems(), FIELDS.email)}
      />
      <SelectField
        id={FIELDS.role}
        label="Role"
        onChange={(event) => setRole(event.currentTarget.value as Role)}
        error={problemFor(problems(), FIELDS.role)}
      >
        <For each={roles()}>
          {(choice) => (
            <option value={choice} selected={choice === role()}>
              {ROLE_LABELS[choice]}
            </option>
          )}
        </For>
      </SelectField>
      <div class="form-actions">
        <Button type="submit" disabled={sending()} aria-busy={sending()}>
          {sending() ? 'Sending…' : 'Send invitation'}
        </Button>
      </div>
    </form>
  );
}
