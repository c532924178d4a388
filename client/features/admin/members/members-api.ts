import { api } from '../../../lib/api';
import { instant, list, nullableInstant, nullableString, object, oneOf, string } from '../../../lib/json';
import { ROLES, type Role } from '../../../lib/roles';

export type Member = {
  id: string;
  userId: string;
  email: string;
  displayName: string | null;
  role: Role;
  titleLabel: string | null;
  status: string;
  createdAt: Date;
};

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export type Invitation = {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  invitedBy: string | null;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
};

function parseMember(value: unknown): Member {
  const m = object(value, 'member');
  return {
    id: string(m, 'id'),
    userId: string(m, 'userId'),
    email: string(m, 'email'),
    displayName: nullableString(m, 'displayName'),
    role: oneOf(m, 'role', ROLES),
    titleLabel: nullableString(m, 'titleLabel'),
    status: string(m, 'status'),
    createdAt: instant(m, 'createdAt'),
  };
}

function parseInvitation(value: unknown): Invitation {
  const i = object(value, 'invitation');
  return {
    id: string(i, 'id'),
    email: string(i, 'email'),
    role: oneOf(i, 'role', ROLES),
    status: oneOf(i, 'status', INVITATION_STATUSES),
    invitedBy: nullableString(i, 'invitedBy'),
    expiresAt: instant(i, 'expiresAt'),
    createdAt: instant(i, 'createdAt'),
    acceptedAt: nullableInstant(i, 'acceptedAt'),
  };
}

const id = (value: string) => encodeURIComponent(value);

export function fetchMembers(): Promise<Member[]> {
  return api('/api/admin/members', { parse: (data) => list(object(data, 'members response'), 'members').map(parseMember) });
}

export function changeMemberRole(memberId: string, role: Role): Promise<Member> {
  return api(`/api/admin/members/${id(memberId)}`, {
    method: 'PATCH',
    body: { role },
    parse: (data) => parseMember(object(data, 'role response').member),
  });
}

export function removeMember(memberId: string): Promise<void> {
  return api(`/api/admin/members/${id(memberId)}`, { method: 'DELETE', parse: () => undefined });
}

export function fetchInvitations(): Promise<Invitation[]> {
  return api('/api/admin/invitations', {
    parse: (data) => list(object(data, 'invitations response'), 'invitations').map(parseInvitation),
  });
}

export function inviteMember(input: { email: string; role: Role }): Promise<Invitation> {
  return api('/api/admin/invitations', {
    method: 'POST',
    body: input,
    parse: (data) => parseInvitation(object(data, 'invite response').invitation),
  });
}

export function revokeInvitation(invitationId: string): Promise<void> {
  return api(`/api/admin/invitations/${id(invitationId)}`, { method: 'DELETE', parse: () => undefined });
}

export function memberName(member: Pick<Member, 'displayName' | 'email'>): string {
  return member.displayName?.trim() || member.email;
}
