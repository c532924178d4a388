import { createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { ROLE_LABELS, type Role } from '../../../lib/roles';
import { navigate } from '../../../lib/router';
import { refreshSession, sessionEnded, type Me } from '../../../lib/session';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { InvitationsSection } from './invitations-section';
import { InviteForm } from './invite-form';
import { changeMemberRole, fetchInvitations, fetchMembers, memberName, removeMember, type Member } from './members-api';
import { MembersTable } from './members-table';
import { assignMember, fetchAssignments, fetchOrgUnits, unassignMember, type OrgUnit } from '../org-units/org-units-api';

/** /admin/members: the members table, an invite form and the invitations list. */
export function MembersPage(): JSX.Element {
  usePageTitle('Members');
  return <AdminLayout title="Members and invitations">{(me) => <MembersAdmin me={me()} />}</AdminLayout>;
}

type Status = { tone: 'success' | 'error'; text: string };

function MembersAdmin(props: { me: Me }): JSX.Element {
  const [members, { refetch: refetchMembers }] = createResource(signedInOnly(fetchMembers));
  const [invitations, { refetch: refetchInvitations }] = createResource(signedInOnly(fetchInvitations));
  const [units] = createResource(signedInOnly(fetchOrgUnits));
  const [assignments, { refetch: refetchAssignments }] = createResource(signedInOnly(fetchAssignments));
  const [removing, setRemoving] = createSignal<Member | null>(null);
  const [status, setStatus] = createSignal<Status | null>(null);
  const forbidden = () => (members.error instanceof ApiError && members.error.status === 403 ? members.error : null);

  const report = (next: Status) => {
    setStatus(next);
    focusElement('members-status');
  };

  const changeRole = async (member: Member, role: Role) => {
    try {
      await changeMemberRole(member.id, role);
    } catch (error) {
      report({ tone: 'error', text: error instanceof ApiError ? error.message : 'The role could not be changed. Please try again.' });
      throw error;
    }
    // Your own role decides what this page may show you.
    if (member.userId === props.me.user.id) refreshSession();
    await refetchMembers();
    report({ tone: 'success', text: `${memberName(member)} is now ${ROLE_LABELS[role].toLowerCase()}.` });
  };

  const unitsOf = (userId: string) => (assignments.latest ?? []).filter((a) => a.userId === userId).map((a) => a.unitId);
  const changeUnits = async (work: () => Promise<void>, done: string, failed: string) => {
    try {
      await work();
    } catch (error) {
      report({ tone: 'error', text: error instanceof ApiError ? error.message : failed });
      throw error;
    }
    await refetchAssignments();
    report({ tone: 'success', text: done });
  };
  const assign = (member: Member, unit: OrgUnit) =>
    changeUnits(() => assignMember(unit.id, member.userId), `${memberName(member)} was added to ${unit.name}.`, 'The member could not be added. Please try again.');
  const unassign = (member: Member, unit: OrgUnit) =>
    changeUnits(() => unassignMember(unit.id, member.userId), `${memberName(member)} was removed from ${unit.name}.`, 'The member could not be removed from it. Please try again.');

  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="members-title" aria-busy={members.loading}>
        <h2 id="members-title">Members</h2>
        <p class="section__intro">Everyone who can sign in to {props.me.school.name}, and what they may do.</p>
        <Show when={status()}>
          {(current) => (
            <Notice tone={current().tone} id="members-status" live={current().tone === 'error' ? 'alert' : 'status'}>
              <p>{current().text}</p>
            </Notice>
          )}
        </Show>
        <Switch>
          <Match when={members.error}>
            <ErrorNotice title="We couldn't load the members" error={members.error} onRetry={() => void refetchMembers()} />
          </Match>
          <Match when={members.state === 'pending'}>
            <Spinner label="Loading members…" />
          </Match>
          <Match when={members.latest}>
            {(list) => (
              <MembersTable
                me={props.me}
                members={list()}
                onChangeRole={changeRole}
                onRemove={setRemoving}
                units={units.latest ?? []}
                unitsOf={unitsOf}
                onAssign={assign}
                onUnassign={unassign}
              />
            )}
          </Match>
        </Switch>
      </section>
      <section class="card admin-card" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <p class="section__intro">They get an email with a link that is valid for 7 days.</p>
        <InviteForm me={props.me} onInvited={() => void refetchInvitations()} />
      </section>
      <InvitationsSection invitations={invitations} members={members.latest ?? []} refetch={refetchInvitations} />
      <Show when={removing()}>
        {(member) => (
          <ConfirmDialog
            title={`Remove ${memberName(member())}?`}
            confirmLabel="Remove member"
            busyLabel="Removing…"
            onConfirm={async () => {
              await removeMember(member().id);
              if (member().userId === props.me.user.id) {
                // Removing yourself ends your sessions here; there is nothing left to manage.
                navigate('/');
                sessionEnded();
                return;
              }
              setStatus({ tone: 'success', text: `${memberName(member())} was removed from ${props.me.school.name}.` });
              await refetchMembers();
            }}
            onClose={(confirmed) => {
              setRemoving(null);
              if (confirmed) focusElement('members-status');
            }}
          >
            <p>
              {member().userId === props.me.user.id
                ? `You will lose access to ${props.me.school.name} and be signed out here.`
                : `${memberName(member())} (${member().email}) will lose access to ${props.me.school.name} and be signed out everywhere.`}
            </p>
          </ConfirmDialog>
        )}
      </Show>
    </Show>
  );
}
