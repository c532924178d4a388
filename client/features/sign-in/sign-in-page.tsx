import './sign-in.css';
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { safeReturnTo } from '../../lib/return-to';
import { Link, queryParam } from '../../lib/router';
import type { School } from '../../lib/school';
import { displayNameOf, useSession } from '../../lib/session';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { Notice } from '../../ui/notice';
import { Spinner } from '../../ui/spinner';
import { MagicLinkForm } from './magic-link-form';
import { fetchSignInMethods, oauthHref } from './sign-in-methods';

/**
 * /sign-in?returnTo=&error=. Shows exactly the methods the school's policy allows. A refused
 * OAuth sign-in comes back here with `error`, a sentence from the Worker shown as an alert.
 */
export function SignInPage(props: { school: School }): JSX.Element {
  usePageTitle('Sign in');
  const session = useSession();
  const [methods, { refetch }] = createResource(fetchSignInMethods);
  const returnTo = () => safeReturnTo(queryParam('returnTo'));
  const refused = () => queryParam('error');
  const oauth = () => (methods() ?? []).filter((m) => m.id !== 'magic_link');
  const hasMagicLink = () => (methods() ?? []).some((m) => m.id === 'magic_link');

  return (
    <section class="section" aria-labelledby="sign-in-title">
      <div class="container sign-in">
        <div class="card sign-in__card">
          <span class="sign-in__mark" aria-hidden="true">
            {(Array.from(props.school.name.trim())[0] ?? '?').toUpperCase()}
          </span>
          <h1 id="sign-in-title" class="sign-in__title">
            Sign in to {props.school.name}
          </h1>
          <Show when={props.school.brand.tagline}>{(tagline) => <p class="sign-in__tagline">{tagline()}</p>}</Show>
          <Show when={refused()}>
            {(message) => (
              <Notice tone="error" title="You could not be signed in" live="alert" data-testid="sign-in-error">
                <p>{message()}</p>
              </Notice>
            )}
          </Show>
          <Switch>
            <Match when={session.member()}>
              {(signedIn) => (
                <Notice tone="info" title={`You are signed in as ${displayNameOf(signedIn())}`}>
                  <p>
                    <Link href={returnTo()} class={buttonClass('primary')}>
                      Continue
                    </Link>
                  </p>
                </Notice>
              )}
            </Match>
            <Match when={methods.loading}>
              <Spinner label="Loading sign-in options…" />
            </Match>
            <Match when={methods.error}>
              <ErrorNotice title="We couldn't load the sign-in options" error={methods.error} onRetry={() => void refetch()} />
            </Match>
            <Match when={methods()?.length === 0}>
              <EmptyState title="Sign-in is switched off">
                <p>{props.school.name} does not offer any way to sign in right now. Please contact the school.</p>
              </EmptyState>
            </Match>
            <Match when={methods()}>
              <Show when={oauth().length > 0}>
                <ul class="sign-in__providers" aria-label="Sign in with another account">
                  <For each={oauth()}>
                    {(method) => (
                      <Show when={method.startUrl && oauthHref(method.startUrl, returnTo())}>
                        {(href) => (
                          <li>
                            {/* A full page load: the provider's pages are not part of this app. */}
                            <a class={buttonClass('secondary', 'sign-in__provider')} href={href()} data-testid={`sign-in-${method.id}`}>
                              {method.label}
                            </a>
                          </li>
                        )}
                      </Show>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={hasMagicLink()}>
                <Show when={oauth().length > 0}>
                  <p class="sign-in__or">
                    <span>or</span>
                  </p>
                </Show>
                <MagicLinkForm returnTo={returnTo()} />
              </Show>
            </Match>
          </Switch>
        </div>
      </div>
    </section>
  );
}
