import './invitations.css';
import { createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/page-title';
import { signInHref } from '../../lib/return-to';
import { Link, queryParam } from '../../lib/router';
import { useSession } from '../../lib/session';
import { buttonClass } from '../../ui/button';
import { ErrorNotice } from '../../ui/error-notice';
import { Notice } from '../../ui/notice';
import { Spinner } from '../../ui/spinner';
import { AcceptedView, PendingInvitation } from './accept-states';
import { lookUpInvitation, sameEmail, type InvitationSummary } from './invitation-api';

/**
 * /invitations/accept?token=. Works out who is looking (signed out, the invited person, or
 * someone else) and offers exactly the next step for each.
 */
export function AcceptInvitationPage(): JSX.Element {
  usePageTitle('Invitation');
  const session = useSession();
  const token = () => queryParam('token') ?? '';
  const [invitation, { refetch }] = createResource(() => token() || false, lookUpInvitation);
  const [acceptedRole, setAcceptedRole] = createSignal<InvitationSummary['role'] | null>(null);
  const notFound = () => invitation.error instanceof ApiError && invitation.error.status === 404;
  // Shown once both answers are in: the invitation, and who (if anyone) is signed in.
  const ready = () => (session.member() === undefined ? undefined : invitation.latest);
  // The role you now hold, if this invitation is yours and accepted: here, or by signing in
  // through its link (the Worker accepts a pending invitation at sign-in).
  const acceptedAs = () => {
    const me = session.member();
    const found = invitation.latest;
    if (!me || !found || !sameEmail(me.user.email, found.email)) return null;
    return acceptedRole() ?? (found.status === 'accepted' ? me.role : null);
  };

  return (
    <section class="section" aria-labelledby="invitation-title">
      <div class="container invitation">
        <div class="card invitation__card">
          <Switch fallback={<Spinner label="Opening your invitation…" />}>
            <Match when={!token() || notFound()}>
              <h1 id="invitation-title">This invitation link does not work</h1>
              <p>The link may be incomplete, or the invitation was replaced by a newer one. Ask the person who invited you to send it again.</p>
            </Match>
            <Match when={invitation.error}>
              <h1 id="invitation-title">Your invitation</h1>
              <ErrorNotice title="We couldn't open this invitation" error={invitation.error} onRetry={() => void refetch()} />
            </Match>
            <Match when={session.error()}>
              <h1 id="invitation-title">Your invitation</h1>
              <ErrorNotice title="We couldn't check whether you are signed in" error={session.error()} onRetry={session.retry} />
            </Match>
            <Match when={ready()}>
              {(found) => (
                <Switch>
                  <Match when={acceptedAs()}>
                    {(role) => <AcceptedView schoolName={found().schoolName} role={role()} />}
                  </Match>
                  <Match when={found().status === 'pending'}>
                    <PendingInvitation invitation={found()} token={token()} me={session.member() ?? null} onAccepted={setAcceptedRole} />
                  </Match>
                  <Match when={true}>
                    <h1 id="invitation-title">{found().status === 'accepted' ? 'This invitation was already used' : 'This invitation no longer works'}</h1>
                    <Notice tone="info">
                      <p>{closedReason(found())}</p>
                    </Notice>
                    <Show when={found().status === 'accepted' && session.member() === null}>
                      <Link href={signInHref('/')} class={buttonClass('primary')}>
                        Sign in
                      </Link>
                    </Show>
                  </Match>
                </Switch>
              )}
            </Match>
          </Switch>
        </div>
      </div>
    </section>
  );
}

function closedReason(invitation: InvitationSummary): string {
  if (invitation.status === 'accepted') return `It has been accepted. If it was yours, sign in as ${invitation.email} to continue.`;
  if (invitation.status === 'expired') return `Invitations last 7 days. Ask an admin of ${invitation.schoolName} to invite you again.`;
  return `An admin of ${invitation.schoolName} withdrew it. Ask them if you think that is a mistake.`;
}
