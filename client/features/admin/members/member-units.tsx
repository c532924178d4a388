import '../org-units/org-units.css';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { Link } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { buildTree, flatten, TYPE_LABELS, unitPath, type OrgUnit } from '../org-units/org-units-api';
import { memberName, type Member } from './members-api';

type MemberUnitsProps = {
  member: Member;
  /** Every unit of the school. */
  units: OrgUnit[];
  /** Ids of the units this member is in. */
  assigned: string[];
  onAssign: (member: Member, unit: OrgUnit) => Promise<void>;
  onUnassign: (member: Member, unit: OrgUnit) => Promise<void>;
};

/** A member's campuses and departments on their row: each with a remove button, and a select to add one. */
export function MemberUnits(props: MemberUnitsProps): JSX.Element {
  const [choice, setChoice] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const mine = () => props.units.filter((u) => props.assigned.includes(u.id)).sort((a, b) => unitPath(props.units, a).localeCompare(unitPath(props.units, b)));
  const options = () => flatten(buildTree(props.units)).filter((node) => !props.assigned.includes(node.unit.id));
  const selectId = `units-${props.member.id}`;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch {
      // The page reports the failure in its status notice.
    } finally {
      setBusy(false);
    }
  };
  const add = () => {
    const unit = props.units.find((u) => u.id === choice());
    if (!unit) return;
    void run(async () => {
      await props.onAssign(props.member, unit);
      setChoice('');
    });
  };

  return (
    <div class="member-units" data-testid="member-units">
      <Show when={mine().length > 0} fallback={<span class="table__sub">None</span>}>
        <ul aria-label={`Units of ${memberName(props.member)}`}>
          <For each={mine()}>
            {(unit) => (
              <li data-testid="member-unit">
                {unitPath(props.units, unit)}
                <Button variant="secondary" class="button--small member-units__remove" disabled={busy()} onClick={() => void run(() => props.onUnassign(props.member, unit))}>
                  <span aria-hidden="true">×</span>
                  <span class="visually-hidden">
                    Remove {memberName(props.member)} from {unit.name}
                  </span>
                </Button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show
        when={props.units.length > 0}
        fallback={
          <span class="table__sub">
            <Link href="/admin/org-units">Add campuses and departments</Link>
          </span>
        }
      >
        <Show when={options().length > 0}>
          <div class="member-units__add">
            <label class="visually-hidden" for={selectId}>
              Add {memberName(props.member)} to a campus or department
            </label>
            <select id={selectId} onChange={(event) => setChoice(event.currentTarget.value)} disabled={busy()}>
              <option value="" selected={choice() === ''}>
                Add to…
              </option>
              <For each={options()}>
                {(node) => (
                  <option value={node.unit.id} selected={node.unit.id === choice()}>
                    {`${'— '.repeat(node.depth)}${node.unit.name} (${TYPE_LABELS[node.unit.type].toLowerCase()})`}
                  </option>
                )}
              </For>
            </select>
            <Show when={choice()}>
              <Button class="button--small" onClick={add} disabled={busy()}>
                {busy() ? 'Adding…' : 'Add'}
                <span class="visually-hidden"> {memberName(props.member)} to the chosen unit</span>
              </Button>
            </Show>
          </div>
        </Show>
      </Show>
    </div>
  );
}
