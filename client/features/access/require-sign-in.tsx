import { createEffect, Match, Switch, type Accessor, type JSX } from 'solid-js';
import { isSignedOutError } from '../../lib/api';
import { signInHref } from '../../lib/return-to';
import { currentLocation, navigate } from '../../lib/router';
import { sessionEnded, useSession, type Me } from '../../lib/session';
import { ErrorNotice } from '../../ui/error-notice';
import { Spinner } from '../../ui/spinner';

/**
 * Renders its children for a signed-in member; sends anyone else to the sign-in page, which
 * brings them back here afterwards. Replaces the history entry, so Back does not loop.
 */
export function RequireSignIn(props: { children: (me: Accessor<Me>) => JSX.Element }): JSX.Element {
  const session = useSession();
  createEffect(() => {
    if (session.member() === null) navigate(signInHref(currentLocation()), { replace: true });
  });
  return (
    <Switch fallback={<Spinner />}>
      <Match when={session.error()}>
        <div class="container section">
          <ErrorNotice title="We couldn't check whether you are signed in" error={session.error()} onRetry={session.retry} />
        </div>
      </Match>
      <Match when={session.member()}>{(me) => props.children(me)}</Match>
    </Switch>
  );
}

/**
 * For page data loaders: a 401 means the session ended (expired, revoked elsewhere), so the
 * shared session learns it and RequireSignIn takes the person to the sign-in page.
 */
export function signedInOnly<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await load();
    } catch (error) {
      if (isSignedOutError(error)) sessionEnded();
      throw error;
    }
  };
}
