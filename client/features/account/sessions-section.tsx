import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { describeDevice, formatDateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { sessionEnded } from '../../lib/session';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { focusElement } from '../../ui/error-summary';
import { ErrorNotice } from '../../ui/error-notice';
import { Notice } from '../../ui/notice';
import { Spinner } from '../../ui/spinner';
import { signedInOnly } from '../access/require-sign-in';
import { fetchMySessions, PROVIDER_LABELS, revokeMySession, type SessionInfo } from './sessions-api';

type Pending = { kind: 'one'; session: SessionInfo } | { kind: 'others'; sessions: SessionInfo[] };

function consequence(target: Pending): string {
  if (target.kind === 'others') return 'Every other browser signed in to this school as you will need to sign in again. This one stays signed in.';
  if (target.session.current) return 'This is the device you are using now. You will be signed out here.';
  return `${describeDevice(target.session.userAgent)} will need to sign in again.`;
}

/** Every browser signed in to this school as you, this one marked, each with a way to end it. */
export function SessionsSection(): JSX.Element {
  const [sessions, { refetch }] = createResource(signedInOnly(fetchMySessions));
  const [pending, setPending] = createSignal<Pending | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const others = () => (sessions() ?? []).filter((s) => !s.current);

  const revoke = async (target: Pending) => {
    const list = target.kind === 'one' ? [target.session] : target.sessions;
    let endedHere = false;
    // One at a time: there is no bulk endpoint, and a failure part-way should say so plainly.
    for (const session of list) endedHere = (await revokeMySession(session.id)).wasCurrent || endedHere;
    if (endedHere) {
      navigate('/');
      sessionEnded();
      return;
    }
    setDone(target.kind === 'one' ? `Signed out ${describeDevice(target.session.userAgent)}.` : 'Signed out of all your other devices.');
    await refetch();
  };

  return (
    <section class="card account-card" aria-labelledby="sessions-title" aria-busy={sessions.loading}>
      <h2 id="sessions-title">Where you are signed in</h2>
      <p class="section__intro">Sign out anywhere you no longer use, or do not recognise.</p>
      <Show when={done()}>
        <Notice tone="success" id="sessions-status" live="status">
          <p>{done()}</p>
        </Notice>
      </Show>
      <Switch>
        <Match when={sessions.error}>
          <ErrorNotice title="We couldn't load your sessions" error={sessions.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={sessions.state === 'pending'}>
          <Spinner label="Loading sessions…" />
        </Match>
        <Match when={sessions.latest}>
          {(list) => (
            <>
              <ul class="session-list" data-testid="session-list">
                <For each={list()}>{(session) => <SessionRow session={session} onRevoke={() => setPending({ kind: 'one', session })} />}</For>
              </ul>
              <Show when={others().length > 0}>
                <Button variant="secondary" onClick={() => setPending({ kind: 'others', sessions: others() })}>
                  Sign out of all other devices
                </Button>
              </Show>
            </>
          )}
        </Match>
      </Switch>
      <Show when={pending()}>
        {(target) => (
          <ConfirmDialog
            title={target().kind === 'others' ? 'Sign out of all other devices?' : 'Sign out this session?'}
            confirmLabel="Sign out"
            busyLabel="Signing out…"
            onConfirm={() => revoke(target())}
            onClose={(confirmed) => {
              setPending(null);
              if (confirmed) focusElement('sessions-status');
            }}
          >
            <p>{consequence(target())}</p>
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
}

function SessionRow(props: { session: SessionInfo; onRevoke: () => void }): JSX.Element {
  const s = () => props.session;
  return (
    <li class="session" data-testid={s().current ? 'current-session' : 'session'}>
      <div class="session__main">
        <p class="session__device">
          {describeDevice(s().userAgent)}
          <Show when={s().current}>
            {' '}
            <Badge tone="success">This device</Badge>
          </Show>
        </p>
        <p class="session__meta">
          Signed in with {PROVIDER_LABELS[s().provider] ?? s().provider} on {s().hostname}, {formatDateTime(s().createdAt)}
          <Show when={s().lastSeenAt}>{(seen) => <>. Last active {formatDateTime(seen())}</>}</Show>.
        </p>
      </div>
      <Button variant="secondary" class="button--small" onClick={() => props.onRevoke()}>
        {s().current ? 'Sign out here' : 'Sign out'}
        <span class="visually-hidden"> {describeDevice(s().userAgent)}</span>
      </Button>
    </li>
  );
}
