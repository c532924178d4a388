import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { signInHref } from '../../lib/return-to';
import { hasRole, withArticle, type Role } from '../../lib/roles';
import { currentLocation, Link } from '../../lib/router';
import { refreshSession, signOut, type Me } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { focusElement } from '../../ui/error-summary';
import { Notice } from '../../ui/notice';
import { MagicLinkForm } from '../sign-in/magic-link-form';
import { acceptInvitation, sameEmail, type InvitationSummary } from './invitation-api';

type PendingProps = { invitation: InvitationSummary; token: string; me: Me | null; onAccepted: (role: Role) => void };

/** A pending invitation, seen signed out, as the invited person, or as someone else. */
export function PendingInvitation(props: PendingProps): JSX.Element {
  const invite = () => props.invitation;
  return (
    <>
      <h1 id="invitation-title" tabindex="-1">
        Join {invite().schoolName}
      </h1>
      <p class="invitation__lead">
        You have been invited to join {invite().schoolName} as {withArticle(invite().role)}. The invitation is for{' '}
        <strong>{invite().email}</strong>.
      </p>
      <Switch>
        <Match when={props.me === null}>
          <p>Sign in as {invite().email} to accept. We will email you a link that brings you back here.</p>
          <MagicLinkForm initialEmail={invite().email} returnTo={currentLocation()} intro={null} />
          <p class="invitation__other">
            <Link href={signInHref(currentLocation())}>Other ways to sign in</Link>
          </p>
        </Match>
        <Match when={props.me && sameEmail(props.me.user.email, invite().email)}>
          <AcceptButton token={props.token} onAccepted={props.onAccepted} />
        </Match>
        <Match when={props.me}>{(me) => <SomeoneElse me={me()} invitedEmail={invite().email} />}</Match>
      </Switch>
    </>
  );
}

function AcceptButton(props: { token: string; onAccepted: (role: Role) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      const { role } = await acceptInvitation(props.token);
      refreshSession();
      props.onAccepted(role);
      focusElement('invitation-title');
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The invitation could not be accepted. Please try again.');
      focusElement('invitation-error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Show when={error()}>
        <Notice tone="error" id="invitation-error" live="alert" title="That did not work">
          <p>{error()}</p>
        </Notice>
      </Show>
      <Button onClick={() => void accept()} disabled={busy()} aria-busy={busy()} data-testid="accept-invitation">
        {busy() ? 'Accepting…' : 'Accept invitation'}
      </Button>
    </>
  );
}

/** Signed in as another person: say so, and offer to sign out (this page then offers sign-in). */
function SomeoneElse(props: { me: Me; invitedEmail: string }): JSX.Element {
  const [error, setError] = createSignal<string | null>(null);
  const run = async () => {
    try {
      await signOut();
      focusElement('invitation-title');
    } catch {
      setError('Signing out failed. Please try again.');
    }
  };
  return (
    <Notice tone="info" title={`You are signed in as ${props.me.user.email}`} data-testid="invitation-wrong-account">
      <p>This invitation is for {props.invitedEmail}. Sign out, then sign in as {props.invitedEmail} to accept it.</p>
      <Show when={error()}>
        <p class="field__error" role="alert">
          {error()}
        </p>
      </Show>
      <Button variant="secondary" onClick={() => void run()}>
        Sign out
      </Button>
    </Notice>
  );
}

/** Done: you are a member. Staff get a second link to where their work is. */
export function AcceptedView(props: { schoolName: string; role: Role }): JSX.Element {
  return (
    <div data-testid="invitation-accepted">
      <h1 id="invitation-title" tabindex="-1">
        Welcome to {props.schoolName}
      </h1>
      <Notice tone="success" live="status">
        <p>You are now {withArticle(props.role)} at {props.schoolName}.</p>
      </Notice>
      <div class="hero__actions">
        <Link href="/" class={buttonClass('primary')}>
          {hasRole(props.role, 'instructor') ? 'Go to the staff view' : `Go to ${props.schoolName}`}
        </Link>
        <Show when={hasRole(props.role, 'admin')}>
          <Link href="/admin/members" class={buttonClass('secondary')}>
            Manage members
          </Link>
        </Show>
      </div>
    </div>
  );
}
