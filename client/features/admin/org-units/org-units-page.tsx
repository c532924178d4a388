import './org-units.css';
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import type { Me } from '../../../lib/session';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { buildTree, createOrgUnit, deleteOrgUnit, fetchOrgUnits, TYPE_LABELS, updateOrgUnit, type OrgUnit, type TreeNode } from './org-units-api';
import { UnitForm } from './unit-form';

/** /admin/org-units: the school's campuses and departments as a tree, with add, edit and delete. */
export function OrgUnitsPage(): JSX.Element {
  usePageTitle('Campuses & departments');
  return <AdminLayout title="Campuses & departments">{(me) => <OrgUnitsAdmin me={me()} />}</AdminLayout>;
}

type Status = { tone: 'success' | 'error'; text: string };

function OrgUnitsAdmin(props: { me: Me }): JSX.Element {
  const [units, { refetch }] = createResource(signedInOnly(fetchOrgUnits));
  const [editing, setEditing] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<OrgUnit | null>(null);
  const [status, setStatus] = createSignal<Status | null>(null);
  const forbidden = () => (units.error instanceof ApiError && units.error.status === 403 ? units.error : null);
  const report = (next: Status) => {
    setStatus(next);
    focusElement('org-units-status');
  };
  const all = () => units.latest ?? [];

  const add = async (input: Parameters<typeof createOrgUnit>[0]) => {
    const unit = await createOrgUnit(input);
    await refetch();
    report({ tone: 'success', text: `${TYPE_LABELS[unit.type]} “${unit.name}” was added.` });
  };

  const save = async (unit: OrgUnit, input: { name: string; parentId: string | null }) => {
    const change: { name?: string; parentId?: string | null } = {};
    if (input.name !== unit.name) change.name = input.name;
    if (input.parentId !== unit.parentId) change.parentId = input.parentId;
    if (change.name !== undefined || change.parentId !== undefined) await updateOrgUnit(unit.id, change);
    setEditing(null);
    await refetch();
    report({ tone: 'success', text: `“${input.name}” was saved.` });
  };

  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="units-title" aria-busy={units.loading}>
        <h2 id="units-title">Campuses and departments</h2>
        <p class="section__intro">How {props.me.school.name} is organised. Assign members to these on the Members page.</p>
        <Show when={status()}>
          {(current) => (
            <Notice tone={current().tone} id="org-units-status" live={current().tone === 'error' ? 'alert' : 'status'} data-testid="org-units-status">
              <p>{current().text}</p>
            </Notice>
          )}
        </Show>
        <Switch>
          <Match when={units.error}>
            <ErrorNotice title="We couldn't load the campuses and departments" error={units.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={units.state === 'pending'}>
            <Spinner label="Loading campuses and departments…" />
          </Match>
          <Match when={units.latest && units.latest.length === 0}>
            <EmptyState title="No campuses or departments yet" data-testid="org-units-empty">
              <p>Add the first one below.</p>
            </EmptyState>
          </Match>
          <Match when={units.latest}>
            <ul class="org-tree" data-testid="org-tree">
              <For each={buildTree(all())}>
                {(node) => (
                  <UnitItem node={node} units={all()} editing={editing()} onEdit={setEditing} onSave={save} onDelete={setDeleting} />
                )}
              </For>
            </ul>
          </Match>
        </Switch>
      </section>
      <section class="card admin-card" aria-labelledby="add-unit-title">
        <h2 id="add-unit-title">Add a campus or department</h2>
        <UnitForm idPrefix="new-unit" units={all()} submitLabel="Add" busyLabel="Adding…" onSubmit={add} />
      </section>
      <Show when={deleting()}>
        {(unit) => (
          <ConfirmDialog
            title={`Delete “${unit().name}”?`}
            confirmLabel={`Delete ${TYPE_LABELS[unit().type].toLowerCase()}`}
            busyLabel="Deleting…"
            onConfirm={async () => {
              await deleteOrgUnit(unit().id);
              setStatus({ tone: 'success', text: `“${unit().name}” was deleted.` });
              await refetch();
            }}
            onClose={(confirmed) => {
              setDeleting(null);
              if (confirmed) focusElement('org-units-status');
            }}
          >
            <p>
              {unit().memberCount === 0
                ? 'Nobody is assigned to it.'
                : `${unit().memberCount} ${unit().memberCount === 1 ? 'member is' : 'members are'} assigned to it and will no longer be.`}{' '}
              A unit with campuses or departments under it cannot be deleted: move or delete those first.
            </p>
          </ConfirmDialog>
        )}
      </Show>
    </Show>
  );
}

type UnitItemProps = {
  node: TreeNode;
  units: OrgUnit[];
  editing: string | null;
  onEdit: (unitId: string | null) => void;
  onSave: (unit: OrgUnit, input: { name: string; parentId: string | null }) => Promise<void>;
  onDelete: (unit: OrgUnit) => void;
};

function UnitItem(props: UnitItemProps): JSX.Element {
  const unit = () => props.node.unit;
  return (
    <li data-testid="org-unit">
      <Show
        when={props.editing === unit().id}
        fallback={
          <div class="org-tree__row">
            <span class="org-tree__name">
              {unit().name}
              <Badge tone={unit().type === 'campus' ? 'brand' : 'neutral'}>{TYPE_LABELS[unit().type]}</Badge>
              <span class="org-tree__count">
                {unit().memberCount} {unit().memberCount === 1 ? 'member' : 'members'}
              </span>
            </span>
            <span class="org-tree__actions">
              <Button variant="secondary" class="button--small" onClick={() => props.onEdit(unit().id)}>
                Edit<span class="visually-hidden"> {unit().name}</span>
              </Button>
              <Button variant="secondary" class="button--small" onClick={() => props.onDelete(unit())}>
                Delete<span class="visually-hidden"> {unit().name}</span>
              </Button>
            </span>
          </div>
        }
      >
        <div class="org-tree__edit">
          <UnitForm
            idPrefix={`edit-${unit().id}`}
            units={props.units}
            editing={unit()}
            submitLabel="Save"
            busyLabel="Saving…"
            onSubmit={(input) => props.onSave(unit(), input)}
            onCancel={() => props.onEdit(null)}
          />
        </div>
      </Show>
      <Show when={props.node.children.length > 0}>
        <ul>
          <For each={props.node.children}>
            {(child) => <UnitItem node={child} units={props.units} editing={props.editing} onEdit={props.onEdit} onSave={props.onSave} onDelete={props.onDelete} />}
          </For>
        </ul>
      </Show>
    </li>
  );
}
