import { api } from '../../lib/api';
import { fail, list, object, oneOf, string } from '../../lib/json';

export const METHOD_IDS = ['magic_link', 'google_oidc', 'microsoft_oidc'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export type SignInMethod = { id: MethodId; label: string; startUrl: string | null };

function parseMethods(data: unknown): SignInMethod[] {
  return list(object(data, 'methods response'), 'methods').map((entry) => {
    const method = object(entry, 'method');
    const startUrl = method.startUrl;
    if (startUrl !== undefined && startUrl !== null && typeof startUrl !== 'string') fail('startUrl is not a string');
    return { id: oneOf(method, 'id', METHOD_IDS), label: string(method, 'label'), startUrl: startUrl ?? null };
  });
}

/** The ways this school lets people sign in: exactly what its policy allows and is configured. */
export function fetchSignInMethods(): Promise<SignInMethod[]> {
  return api('/api/auth/methods', { parse: parseMethods });
}

/**
 * Where an OAuth button goes: the Worker's start URL with `returnTo` added. Only http(s) URLs
 * become links, so a bad value can never turn into a `javascript:` href.
 */
export function oauthHref(startUrl: string, returnTo: string): string | null {
  let url: URL;
  try {
    url = new URL(startUrl, location.origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.searchParams.set('returnTo', returnTo);
  return url.origin === location.origin ? `${url.pathname}${url.search}` : url.href;
}
