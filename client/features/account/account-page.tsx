import './account.css';
import { createSignal, Show, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { Link } from '../../lib/router';
import { signOut } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { RequireSignIn } from '../access/require-sign-in';
import { ProfileCard } from './profile-card';
import { SessionsSection } from './sessions-section';

/** /account: who you are here, where you are signed in, and signing out. */
export function AccountPage(): JSX.Element {
  usePageTitle('Your account');
  return (
    <RequireSignIn>
      {(me) => (
        <section class="section" aria-labelledby="account-title">
          <div class="container account">
            <h1 id="account-title" class="page-title">
              Your account
            </h1>
            <ProfileCard me={me()} />
            <PurchasesCard />
            <SessionsSection />
            <SignOutCard />
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

function PurchasesCard(): JSX.Element {
  return (
    <section class="card account-card" aria-labelledby="account-purchases-title">
      <h2 id="account-purchases-title">Purchases and billing</h2>
      <p>Receipts for what you bought, your subscriptions and your payment details.</p>
      <Link class={buttonClass('secondary')} href="/account/purchases" data-testid="account-purchases-link">
        View purchases
      </Link>
    </section>
  );
}

function SignOutCard(): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut('/');
    } catch {
      setError('Signing out failed. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card account-card" aria-labelledby="sign-out-title">
      <h2 id="sign-out-title">Sign out</h2>
      <p>Sign out of this school on this device. Your other devices stay signed in.</p>
      <Show when={error()}>
        <Notice tone="error" live="alert">
          <p>{error()}</p>
        </Notice>
      </Show>
      <Button variant="secondary" onClick={() => void run()} disabled={busy()} data-testid="sign-out">
        {busy() ? 'Signing out…' : 'Sign out'}
      </Button>
    </section>
  );
}
