import { createSignal, For, Show, type JSX } from 'solid-js';
import { ROLE_LABELS, type Role } from '../../../lib/roles';
import { Button } from '../../../ui/button';
import { ListFieldset } from './list-fieldset';

/** Owner is never handed out by a domain rule; the Worker refuses it too. */
const MAPPABLE: Role[] = ['student', 'instructor', 'admin'];

type DomainRoleMapEditorProps = {
  id: string;
  map: Record<string, Role>;
  onChange: (map: Record<string, Role>) => void;
  normalise: (domain: string) => string;
  error?: string | null;
};

function RoleSelect(props: { id: string; label: string; value: Role; onChange: (role: Role) => void }): JSX.Element {
  return (
    <>
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <select id={props.id} class="field__control" onChange={(event) => props.onChange(event.currentTarget.value as Role)}>
        <For each={MAPPABLE}>
          {(role) => (
            <option value={role} selected={role === props.value}>
              {ROLE_LABELS[role]}
            </option>
          )}
        </For>
      </select>
    </>
  );
}

/** "People from staff.example.edu join as Instructor": one row per domain. */
export function DomainRoleMapEditor(props: DomainRoleMapEditorProps): JSX.Element {
  const [domain, setDomain] = createSignal('');
  const [role, setRole] = createSignal<Role>('instructor');
  const [localError, setLocalError] = createSignal<string | null>(null);
  const entries = () => Object.entries(props.map);
  let input!: HTMLInputElement;

  const add = () => {
    const value = props.normalise(domain());
    if (value === '') return setLocalError('Type a domain before choosing “Add rule”.');
    if (value in props.map) return setLocalError(`${value} already has a rule; change its role in the list.`);
    setLocalError(null);
    props.onChange({ ...props.map, [value]: role() });
    setDomain('');
    input.focus();
  };
  const remove = (name: string) => {
    props.onChange(Object.fromEntries(entries().filter(([d]) => d !== name)));
    input.focus();
  };

  return (
    <ListFieldset
      id={`${props.id}-group`}
      legend="Roles by email domain"
      hint="New members whose address is at one of these domains join with this role instead of Student."
      error={localError() ?? props.error}
    >
      <Show when={entries().length > 0} fallback={<p class="list-editor__empty">No rules: everyone new joins as a student.</p>}>
        <ul class="list-editor">
          <For each={entries()}>
            {([name, mapped], index) => (
              <li class="list-editor__item">
                <code>{name}</code>
                <span class="list-editor__role">
                  <RoleSelect id={`${props.id}-row-${index()}`} label={`Role for ${name}`} value={mapped} onChange={(next) => props.onChange({ ...props.map, [name]: next })} />
                </span>
                <Button variant="secondary" class="button--small" onClick={() => remove(name)}>
                  Remove<span class="visually-hidden"> rule for {name}</span>
                </Button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="list-editor__add list-editor__add--rule">
        <label class="visually-hidden" for={props.id}>
          Domain for a new rule
        </label>
        <input
          ref={input}
          id={props.id}
          class="field__control"
          placeholder="staff.example.edu"
          value={domain()}
          aria-invalid={localError() || props.error ? 'true' : undefined}
          aria-describedby={localError() || props.error ? `${props.id}-group-error` : undefined}
          onInput={(event) => setDomain(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            add();
          }}
        />
        <RoleSelect id={`${props.id}-role`} label="Role for the new rule" value={role()} onChange={setRole} />
        <Button variant="secondary" onClick={add}>
          Add rule
        </Button>
      </div>
    </ListFieldset>
  );
}
