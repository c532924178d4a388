import { api } from '../../lib/api';
import { object, oneOf, string } from '../../lib/json';
import { ROLES, type Role } from '../../lib/roles';

export type InvitationSummary = {
  schoolName: string;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
};

/** What the accept page may know about an invitation from its token alone. */
export function lookUpInvitation(token: string): Promise<InvitationSummary> {
  return api(`/api/invitations/lookup?token=${encodeURIComponent(token)}`, {
    parse: (data) => {
      const body = object(data, 'invitation');
      return {
        schoolName: string(body, 'schoolName'),
        email: string(body, 'email'),
        role: oneOf(body, 'role', ROLES),
        status: oneOf(body, 'status', ['pending', 'accepted', 'revoked', 'expired'] as const),
      };
    },
  });
}

export function acceptInvitation(token: string): Promise<{ role: Role }> {
  return api('/api/invitations/accept', {
    method: 'POST',
    body: { token },
    parse: (data) => ({ role: oneOf(object(object(data, 'accept response').membership, 'membership'), 'role', ROLES) }),
  });
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
