import { For, Show, type JSX } from 'solid-js';
import { formatDate } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/roles';
import { Badge, type BadgeTone } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { EmptyState } from '../../../ui/empty-state';
import type { Invitation, InvitationStatus, Member } from './members-api';
import { memberName } from './members-api';

const STATUS: Record<InvitationStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'brand' },
  accepted: { label: 'Accepted', tone: 'success' },
  revoked: { label: 'Revoked', tone: 'muted' },
  expired: { label: 'Expired', tone: 'muted' },
};

/** Who sent it, by name when they are a member; ids are not for people. */
function inviter(invitation: Invitation, members: Member[]): string {
  if (!invitation.invitedBy) return '—';
  const member = members.find((m) => m.userId === invitation.invitedBy || m.id === invitation.invitedBy);
  if (member) return memberName(member);
  return /^[0-9a-f-]{32,36}$/i.test(invitation.invitedBy) ? 'A former member' : invitation.invitedBy;
}

function when(invitation: Invitation): string {
  if (invitation.status === 'accepted' && invitation.acceptedAt) return `Accepted ${formatDate(invitation.acceptedAt)}`;
  if (invitation.status === 'pending') return `Expires ${formatDate(invitation.expiresAt)}`;
  if (invitation.status === 'expired') return `Expired ${formatDate(invitation.expiresAt)}`;
  return `Sent ${formatDate(invitation.createdAt)}`;
}

export function InvitationsTable(props: { invitations: Invitation[]; members: Member[]; onRevoke: (invitation: Invitation) => void }): JSX.Element {
  return (
    <Show
      when={props.invitations.length > 0}
      fallback={
        <EmptyState title="No invitations yet" data-testid="invitations-empty">
          <p>People you invite appear here until they accept.</p>
        </EmptyState>
      }
    >
      <div class="table-scroll" role="region" aria-label="Invitations list" tabindex="0">
        <table class="table" data-testid="invitations-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Invited by</th>
              <th scope="col" class="table__actions">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.invitations}>
              {(invitation) => (
                <tr data-testid="invitation-row">
                  <th scope="row">{invitation.email}</th>
                  <td>{ROLE_LABELS[invitation.role]}</td>
                  <td>
                    <Badge tone={STATUS[invitation.status].tone}>{STATUS[invitation.status].label}</Badge>
                    <span class="table__sub">{when(invitation)}</span>
                  </td>
                  <td>{inviter(invitation, props.members)}</td>
                  <td class="table__actions">
                    <Show when={invitation.status === 'pending'}>
                      <Button variant="secondary" class="button--small" onClick={() => props.onRevoke(invitation)}>
                        Revoke<span class="visually-hidden"> invitation for {invitation.email}</span>
                      </Button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
