import { createSignal, For, Show, type JSX } from 'solid-js';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { SelectField, TextField } from '../../../ui/field';
import { allowedParents, buildTree, flatten, ORG_UNIT_TYPES, TYPE_LABELS, type OrgUnit, type OrgUnitType } from './org-units-api';

const MAX_NAME = 120;

type UnitFormProps = {
  /** Prefix for the controls' ids, so two forms on one page never share one. */
  idPrefix: string;
  units: OrgUnit[];
  /** Editing an existing unit: its type is fixed, and it cannot move under its own sub-units. */
  editing?: OrgUnit;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (input: { type: OrgUnitType; name: string; parentId: string | null }) => Promise<void>;
  onCancel?: () => void;
};

/** Type (new units only), name and parent. The parent choices follow the placement rules. */
export function UnitForm(props: UnitFormProps): JSX.Element {
  const fields = { type: `${props.idPrefix}-type`, name: `${props.idPrefix}-name`, parentId: `${props.idPrefix}-parent` };
  const [type, setType] = createSignal<OrgUnitType>(props.editing?.type ?? 'campus');
  const [name, setName] = createSignal(props.editing?.name ?? '');
  const [parentId, setParentId] = createSignal<string>(props.editing?.parentId ?? '');
  const [busy, setBusy] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const errorsId = `${props.idPrefix}-errors`;

  const parents = () => {
    const allowed = new Set(allowedParents(props.units, type(), props.editing?.id ?? null).map((u) => u.id));
    return flatten(buildTree(props.units)).filter((node) => allowed.has(node.unit.id));
  };
  // A parent that the new type may not sit under falls back to the top level.
  const chosenParent = () => (parents().some((node) => node.unit.id === parentId()) ? parentId() : '');

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const trimmed = name().trim();
    const local: FormProblem[] = [];
    if (!trimmed) local.push({ message: 'Enter a name.', fieldId: fields.name });
    else if (trimmed.length > MAX_NAME) local.push({ message: `Keep the name to ${MAX_NAME} characters or fewer.`, fieldId: fields.name });
    if (local.length) {
      setProblems(local);
      return focusElement(errorsId);
    }
    setBusy(true);
    try {
      await props.onSubmit({ type: type(), name: trimmed, parentId: chosenParent() || null });
      setProblems([]);
      if (!props.editing) setName('');
    } catch (error) {
      const found = problemsFrom(error, fields);
      // A 409 is about the name (a sibling already has it), so it goes beside that field.
      setProblems(found.map((p) => (p.fieldId ? p : /already a unit called/.test(p.message) ? { ...p, fieldId: fields.name } : p)));
      focusElement(errorsId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="org-form" onSubmit={(event) => void submit(event)} novalidate data-testid={`${props.idPrefix}-form`}>
      <ErrorSummary id={errorsId} problems={problems()} />
      <Show when={!props.editing}>
        <SelectField id={fields.type} label="Type" onChange={(event) => setType(event.currentTarget.value as OrgUnitType)} error={problemFor(problems(), fields.type)}>
          <For each={ORG_UNIT_TYPES}>
            {(choice) => (
              <option value={choice} selected={choice === type()}>
                {TYPE_LABELS[choice]}
              </option>
            )}
          </For>
        </SelectField>
      </Show>
      <TextField
        id={fields.name}
        label="Name"
        required
        maxlength={MAX_NAME}
        autocomplete="off"
        value={name()}
        onInput={(event) => setName(event.currentTarget.value)}
        error={problemFor(problems(), fields.name)}
      />
      <SelectField
        id={fields.parentId}
        label="Part of"
        hint={type() === 'campus' ? 'A campus sits at the top level or under another campus.' : 'A department sits at the top level, under a campus or under another department.'}
        onChange={(event) => setParentId(event.currentTarget.value)}
        error={problemFor(problems(), fields.parentId)}
      >
        <option value="" selected={chosenParent() === ''}>
          Nothing (top level)
        </option>
        <For each={parents()}>
          {(node) => (
            <option value={node.unit.id} selected={node.unit.id === chosenParent()}>
              {`${'— '.repeat(node.depth)}${node.unit.name} (${TYPE_LABELS[node.unit.type].toLowerCase()})`}
            </option>
          )}
        </For>
      </SelectField>
      <div class="form-actions">
        <Button type="submit" disabled={busy()} aria-busy={busy()}>
          {busy() ? props.busyLabel : props.submitLabel}
        </Button>
        <Show when={props.onCancel}>
          <Button variant="secondary" onClick={() => props.onCancel?.()} disabled={busy()}>
            Cancel
          </Button>
        </Show>
      </div>
    </form>
  );
}
