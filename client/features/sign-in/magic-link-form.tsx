import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { Button } from '../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../ui/error-summary';
import { TextField } from '../../ui/field';
import { Notice } from '../../ui/notice';
import { DevMailboxHint } from './dev-mailbox-hint';
import { emailProblem, requestMagicLink } from './request-magic-link';

type MagicLinkFormProps = {
  returnTo: string;
  /** Pre-filled address, e.g. the invited email on the invitation page. */
  initialEmail?: string;
  submitLabel?: string;
  /** The line above the field; null when the page around the form already says it. */
  intro?: string | null;
};

/**
 * Email → "check your email". After sending, focus moves to the confirmation, and "Use a
 * different email" brings the form back with focus in the field.
 */
export function MagicLinkForm(props: MagicLinkFormProps): JSX.Element {
  const [email, setEmail] = createSignal(props.initialEmail ?? '');
  const [sending, setSending] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [sent, setSent] = createSignal<{ message: string; email: string } | null>(null);
  const fieldError = () => problems().find((p) => p.fieldId === 'magic-link-email')?.message ?? null;

  const fail = (list: FormProblem[]) => {
    setProblems(list);
    focusElement('magic-link-errors');
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const address = email().trim();
    const problem = emailProblem(address);
    if (problem) return fail([{ message: problem, fieldId: 'magic-link-email' }]);
    setSending(true);
    try {
      const { message } = await requestMagicLink({ email: address, returnTo: props.returnTo });
      setProblems([]);
      setSent({ message, email: address });
      focusElement('magic-link-sent');
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      const known = error instanceof ApiError ? error : null;
      // A 400 is about the address; a 429 or anything else is about the request as a whole.
      fail([
        {
          message: known?.message ?? 'Something went wrong. Please try again.',
          fieldId: known?.status === 400 ? 'magic-link-email' : undefined,
        },
      ]);
    } finally {
      setSending(false);
    }
  };

  const again = () => {
    setSent(null);
    focusElement('magic-link-email');
  };

  return (
    <Show
      when={sent()}
      fallback={
        <form class="magic-link-form" onSubmit={(event) => void submit(event)} novalidate>
          <ErrorSummary id="magic-link-errors" problems={problems()} />
          <Show when={props.intro !== null}>
            <p class="magic-link-form__about">{props.intro ?? 'We will email you a link that signs you in. No password needed.'}</p>
          </Show>
          <TextField
            id="magic-link-email"
            name="email"
            label="Email address"
            type="email"
            autocomplete="email"
            inputmode="email"
            required
            value={email()}
            onInput={(event) => setEmail(event.currentTarget.value)}
            error={fieldError()}
          />
          <Button type="submit" class="magic-link-form__submit" disabled={sending()} aria-busy={sending()}>
            {sending() ? 'Sending…' : (props.submitLabel ?? 'Email me a sign-in link')}
          </Button>
          <DevMailboxHint />
        </form>
      }
    >
      {(done) => (
        <div class="magic-link-sent">
          <Notice tone="success" title="Check your email" id="magic-link-sent" live="status" data-testid="magic-link-sent">
            <p>{done().message}</p>
          </Notice>
          <p>
            Not the right address?{' '}
            <button type="button" class="link-button" onClick={again}>
              Use a different email
            </button>
          </p>
          <DevMailboxHint email={done().email} />
        </div>
      )}
    </Show>
  );
}
