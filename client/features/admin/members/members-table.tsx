import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatDate } from '../../../lib/format';
import { hasRole, ROLE_LABELS, ROLES, type Role } from '../../../lib/roles';
import type { Me } from '../../../lib/session';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import type { OrgUnit } from '../org-units/org-units-api';
import { memberName, type Member } from './members-api';
import { MemberUnits } from './member-units';

type MembersTableProps = {
  me: Me;
  members: Member[];
  onChangeRole: (member: Member, role: Role) => Promise<void>;
  onRemove: (member: Member) => void;
  /** Campuses and departments, and which member is in which (unitIds by userId). */
  units: OrgUnit[];
  unitsOf: (userId: string) => string[];
  onAssign: (member: Member, unit: OrgUnit) => Promise<void>;
  onUnassign: (member: Member, unit: OrgUnit) => Promise<void>;
};

/** Only owners make, unmake or remove owners; the Worker enforces it, this only hides what would fail. */
function canManage(me: Me, member: Member): boolean {
  return hasRole(me.role, 'owner') || member.role !== 'owner';
}

export function MembersTable(props: MembersTableProps): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-label="Members list" tabindex="0">
      <table class="table" data-testid="members-table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Campuses &amp; departments</th>
            <th scope="col">Joined</th>
            <th scope="col" class="table__actions">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.members}>
            {(member) => (
              <tr data-testid="member-row">
                <th scope="row">
                  {memberName(member)}
                  <Show when={member.userId === props.me.user.id}> (you)</Show>
                  <span class="table__sub">{member.email}</span>
                </th>
                <td>
                  <Show when={canManage(props.me, member)} fallback={<Badge>{ROLE_LABELS[member.role]}</Badge>}>
                    <RoleEditor me={props.me} member={member} onSave={(role) => props.onChangeRole(member, role)} />
                  </Show>
                </td>
                <td>
                  <MemberUnits member={member} units={props.units} assigned={props.unitsOf(member.userId)} onAssign={props.onAssign} onUnassign={props.onUnassign} />
                </td>
                <td>{formatDate(member.createdAt)}</td>
                <td class="table__actions">
                  <Show when={canManage(props.me, member)}>
                    <Button variant="secondary" class="button--small" onClick={() => props.onRemove(member)}>
                      Remove<span class="visually-hidden"> {memberName(member)}</span>
                    </Button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/**
 * A role select with its own Save button, so moving through the options with the keyboard
 * never changes anyone's role by accident.
 */
function RoleEditor(props: { me: Me; member: Member; onSave: (role: Role) => Promise<void> }): JSX.Element {
  const [role, setRole] = createSignal<Role>(props.member.role);
  const [saving, setSaving] = createSignal(false);
  const selectId = `role-${props.member.id}`;
  const choices = () => ROLES.filter((r) => r !== 'owner' || hasRole(props.me.role, 'owner'));
  const save = async () => {
    setSaving(true);
    try {
      await props.onSave(role());
    } catch {
      setRole(props.member.role);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div class="role-editor">
      <label class="visually-hidden" for={selectId}>
        Role of {memberName(props.member)}
      </label>
      {/* `selected` per option: a select's value set before its options exist is lost. */}
      <select id={selectId} onChange={(event) => setRole(event.currentTarget.value as Role)} disabled={saving()}>
        <For each={choices()}>{(choice) => (
            <option value={choice} selected={choice === role()}>
              {ROLE_LABELS[choice]}
            </option>
          )}</For>
      </select>
      <Show when={role() !== props.member.role}>
        <Button class="button--small" onClick={() => void save()} disabled={saving()}>
          {saving() ? 'Saving…' : 'Save'}
          <span class="visually-hidden"> role of {memberName(props.member)}</span>
        </Button>
      </Show>
    </div>
  );
}
