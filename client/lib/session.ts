import { createResource, createRoot, createSignal } from 'solid-js';
import { api, isSignedOutError } from './api';
import { object, oneOf, nullableString, string } from './json';
import { ROLES, type Role } from './roles';
import { navigate } from './router';

/** GET /api/me: who is signed in on this school host, and what they are here. */
export type Me = {
  user: { id: string; email: string; displayName: string | null };
  membership: { id: string; role: Role; titleLabel: string | null };
  role: Role;
  school: { id: string; slug: string; name: string };
};

function parseMe(data: unknown): Me {
  const body = object(data, 'me');
  const user = object(body.user, 'user');
  const membership = object(body.membership, 'membership');
  const school = object(body.school, 'school');
  return {
    user: { id: string(user, 'id'), email: string(user, 'email'), displayName: nullableString(user, 'displayName') },
    membership: { id: string(membership, 'id'), role: oneOf(membership, 'role', ROLES), titleLabel: nullableString(membership, 'titleLabel') },
    role: oneOf(body, 'role', ROLES),
    school: { id: string(school, 'id'), slug: string(school, 'slug'), name: string(school, 'name') },
  };
}

/** Signed out is an answer (null), not an error; only real failures reach the error state. */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api('/api/me', { parse: parseMe });
  } catch (error) {
    if (isSignedOutError(error)) return null;
    throw error;
  }
}

// One store for the whole page, made in its own root because it outlives every component. It
// starts loading on first use, so the apex directory never asks a school-only endpoint.
const store = createRoot(() => {
  const [wanted, setWanted] = createSignal(false);
  const [me, { refetch, mutate }] = createResource(wanted, fetchMe);
  return { me, refetch, mutate, start: () => setWanted(true) };
});

export type Session = {
  /** The signed-in person: undefined until known (or after a failure), null when signed out. */
  member: () => Me | null | undefined;
  /** Why /api/me failed (not a 401, which is simply "signed out"). */
  error: () => unknown;
  retry: () => void;
};

export function useSession(): Session {
  store.start();
  const me = store.me;
  return {
    // Reading an errored resource throws, so the error is checked first. While refreshing,
    // `latest` keeps the previous answer, so pages do not blink back to a spinner.
    member: () => (me.error || me.state === 'unresolved' || me.state === 'pending' ? undefined : me.latest),
    error: () => me.error,
    retry: () => void store.refetch(),
  };
}

export function displayNameOf(me: Pick<Me, 'user'>): string {
  return me.user.displayName?.trim() || me.user.email;
}

/** After sign-in changes (an accepted invitation, a new role): read /api/me again. */
export function refreshSession(): void {
  void store.refetch();
}

/** A call answered 401: the session ended elsewhere, so every page sees "signed out" at once. */
export function sessionEnded(): void {
  store.mutate(null);
}

/**
 * Ends this browser's session. With `then`, the page moves there first, so a page that needs
 * a member does not briefly redirect to the sign-in page on its way out.
 */
export async function signOut(then?: string): Promise<void> {
  await api('/api/auth/logout', { method: 'POST' });
  if (then !== undefined) navigate(then);
  store.mutate(null);
}
