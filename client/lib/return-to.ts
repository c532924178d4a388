// The client's half of the open-redirect rule (the Worker's safeReturnTo is the other): a
// `returnTo` from the address bar is only ever followed if it is a path on this very origin.
// Anything else (`//evil`, `/\evil`, `javascript:`, another host) becomes the home page.
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  let resolved: URL;
  try {
    resolved = new URL(raw, location.origin);
  } catch {
    return '/';
  }
  if (resolved.origin !== location.origin) return '/';
  // Dot segments can collapse to `//host` after resolving (`/.//evil.com`): check again.
  if (resolved.pathname.startsWith('//') || resolved.pathname.startsWith('/\\')) return '/';
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Never send someone who just signed in back to the sign-in page.
  return resolved.pathname === '/sign-in' ? '/' : path;
}

/** The sign-in page, coming back to `returnTo` (the current page by default) afterwards. */
export function signInHref(returnTo: string): string {
  const target = safeReturnTo(returnTo);
  return target === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(target)}`;
}
