const MAX_LENGTH = 2000;
const THROWAWAY_ORIGIN = 'http://return-to.invalid';

/** Would a browser, given this as a Location or link, leave the current origin? */
const leavesOrigin = (path: string) => !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\');

/**
 * Where to send someone after sign-in. Only a path on the same host is accepted: anything
 * that a browser could read as another origin (`//evil`, `/\evil`, encoded slashes,
 * `javascript:`, control characters, look-alike hosts) collapses to `/`.
 */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || raw.length > MAX_LENGTH) return '/';
  let value = raw;
  // Browsers decode before they navigate; judge what they will see (twice, for double encoding).
  for (let i = 0; i < 2; i++) {
    try {
      const decoded = decodeURIComponent(value);
      if (decoded === value) break;
      value = decoded;
    } catch {
      return '/';
    }
  }
  if (leavesOrigin(value)) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  // Resolve against a throwaway origin: the result must stay on it.
  const resolved = new URL(raw, THROWAWAY_ORIGIN);
  if (resolved.origin !== THROWAWAY_ORIGIN) return '/';
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Dot segments can collapse into a protocol-relative URL: `/.//evil` and `/a/..//evil`
  // both resolve to the path `//evil`, which a browser reads as the host `evil`.
  return leavesOrigin(path) ? '/' : path;
}
