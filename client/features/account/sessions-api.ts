import { api } from '../../lib/api';
import { boolean, instant, list, nullableInstant, nullableString, object, string } from '../../lib/json';

/** One signed-in browser, as GET /api/me/sessions lists it. */
export type SessionInfo = {
  id: string;
  hostname: string;
  provider: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  expiresAt: Date;
  userAgent: string | null;
  current: boolean;
};

function parseSessions(data: unknown): SessionInfo[] {
  return list(object(data, 'sessions response'), 'sessions').map((entry) => {
    const s = object(entry, 'session');
    return {
      id: string(s, 'id'),
      hostname: string(s, 'hostname'),
      provider: string(s, 'provider'),
      createdAt: instant(s, 'createdAt'),
      lastSeenAt: nullableInstant(s, 'lastSeenAt'),
      expiresAt: instant(s, 'expiresAt'),
      userAgent: nullableString(s, 'userAgent'),
      current: boolean(s, 'current'),
    };
  });
}

export function fetchMySessions(): Promise<SessionInfo[]> {
  return api('/api/me/sessions', { parse: parseSessions });
}

/** Ends one session; `wasCurrent` means it was this browser's, which is now signed out. */
export function revokeMySession(id: string): Promise<{ wasCurrent: boolean }> {
  return api(`/api/me/sessions/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    parse: (data) => ({ wasCurrent: object(data, 'revoke response').wasCurrent === true }),
  });
}

export const PROVIDER_LABELS: Record<string, string> = {
  magic_link: 'Email link',
  google_oidc: 'Google',
  microsoft_oidc: 'Microsoft',
};
