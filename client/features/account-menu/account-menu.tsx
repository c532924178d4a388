import './account-menu.css';
import { createSignal, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { hasRole } from '../../lib/roles';
import { currentLocation, Link, pathname } from '../../lib/router';
import { signInHref } from '../../lib/return-to';
import { displayNameOf, signOut, useSession, type Me } from '../../lib/session';

/**
 * The right end of a school's brand bar: "Sign in" for visitors, the person's name with a
 * small menu (My learning, Account, Purchases, Courses for instructors and up, Admin for admins, Sign out)
 * for members. The menu is a disclosure (a button that shows a list of links), which every
 * screen reader and keyboard already understands.
 */
export function AccountMenu(): JSX.Element {
  const session = useSession();
  return (
    <Switch>
      {/* Nothing while loading (or on error), so the bar does not flash "Sign in" at members. */}
      <Match when={session.member()}>{(signedIn) => <MemberMenu me={signedIn()} />}</Match>
      <Match when={session.member() === null && pathname() !== '/sign-in'}>
        <Link class="account-menu__sign-in" href={signInHref(currentLocation())} data-testid="sign-in-link">
          Sign in
        </Link>
      </Match>
    </Switch>
  );
}

function MemberMenu(props: { me: Me }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let root!: HTMLDivElement;
  let toggle!: HTMLButtonElement;

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) toggle.focus();
  };
  const onDocumentClick = (event: MouseEvent) => {
    if (open() && !root.contains(event.target as Node)) close(false);
  };
  document.addEventListener('click', onDocumentClick);
  onCleanup(() => document.removeEventListener('click', onDocumentClick));

  const doSignOut = async () => {
    setError(null);
    try {
      await signOut('/');
    } catch {
      setError('Signing out failed. Please try again.');
    }
  };

  return (
    <div
      class="account-menu"
      ref={root}
      onKeyDown={(event) => event.key === 'Escape' && open() && close(true)}
      onFocusOut={(event) => open() && !root.contains(event.relatedTarget as Node | null) && close(false)}
    >
      <button
        ref={toggle}
        type="button"
        class="account-menu__toggle"
        aria-expanded={open()}
        aria-controls="account-menu-panel"
        onClick={() => setOpen(!open())}
        data-testid="account-menu"
      >
        <span class="visually-hidden">Account menu for </span>
        <span data-testid="signed-in-name">{displayNameOf(props.me)}</span>
        <span class="account-menu__caret" aria-hidden="true" />
      </button>
      <Show when={open()}>
        <div class="account-menu__panel" id="account-menu-panel">
          <p class="account-menu__who">{props.me.user.email}</p>
          <ul class="account-menu__list">
            <li>
              <Link href="/learning" onClick={() => close(false)} data-testid="my-learning-link">
                My learning
              </Link>
            </li>
            <li>
              <Link href="/account" onClick={() => close(false)}>
                Account
              </Link>
            </li>
            <li>
              <Link href="/account/purchases" onClick={() => close(false)} data-testid="purchases-link">
                Purchases
              </Link>
            </li>
            {/* Instructors author courses but may not manage members, so they get their own way in. */}
            <Show when={hasRole(props.me.role, 'instructor')}>
              <li>
                <Link href="/admin/courses" onClick={() => close(false)} data-testid="admin-courses-link">
                  Courses
                </Link>
              </li>
            </Show>
            <Show when={hasRole(props.me.role, 'admin')}>
              <li>
                <Link href="/admin/members" onClick={() => close(false)}>
                  Admin
                </Link>
              </li>
            </Show>
            <li>
              <button type="button" onClick={() => void doSignOut()}>
                Sign out
              </button>
            </li>
          </ul>
          <Show when={error()}>
            <p class="account-menu__error" role="alert">
              {error()}
            </p>
          </Show>
        </div>
      </Show>
    </div>
  );
}
