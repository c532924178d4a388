import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { formatDate, formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { learnerName, sourceLabel, type Learner } from './roster-api';

type SortKey = 'name' | 'progress';
type Sort = { key: SortKey; direction: 'ascending' | 'descending' };

const byName = (a: Learner, b: Learner) => learnerName(a).localeCompare(learnerName(b), undefined, { sensitivity: 'base' });

function sorted(learners: Learner[], sort: Sort): Learner[] {
  const compare = sort.key === 'name' ? byName : (a: Learner, b: Learner) => a.percent - b.percent || byName(a, b);
  const list = [...learners].sort(compare);
  return sort.direction === 'ascending' ? list : list.reverse();
}

type RosterTableProps = {
  learners: Learner[];
  requiredLessons: number;
  /** Present for admins: staff grants can be taken back here. */
  onRevoke?: (learner: Learner) => void;
};

/** Learners with their progress; sortable by name or progress through the column headers. */
export function RosterTable(props: RosterTableProps): JSX.Element {
  const [sort, setSort] = createSignal<Sort>({ key: 'name', direction: 'ascending' });
  const rows = createMemo(() => sorted(props.learners, sort()));
  const ariaSort = (key: SortKey) => (sort().key === key ? sort().direction : 'none');
  const toggle = (key: SortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : // Progress starts with the furthest along, which is usually what is wanted.
          { key, direction: key === 'progress' ? 'descending' : 'ascending' },
    );

  const SortButton = (p: { key: SortKey; label: string }) => (
    <button type="button" class="sort-button" onClick={() => toggle(p.key)} data-testid={`sort-${p.key}`}>
      {p.label}
      <span class="sort-button__arrow" aria-hidden="true">
        {sort().key === p.key ? (sort().direction === 'ascending' ? '▲' : '▼') : '↕'}
      </span>
      <span class="visually-hidden">{sort().key === p.key ? `, sorted ${sort().direction}` : ', sort'}</span>
    </button>
  );

  return (
    <div class="table-scroll" role="region" aria-label="Learners list" tabindex="0">
      <table class="table roster-table" data-testid="roster-table">
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort('name')}>
              <SortButton key="name" label="Learner" />
            </th>
            <th scope="col" aria-sort={ariaSort('progress')}>
              <SortButton key="progress" label="Progress" />
            </th>
            <th scope="col">Enrolled</th>
            <th scope="col">Last activity</th>
            <th scope="col">Access</th>
            <Show when={props.onRevoke}>
              <th scope="col" class="table__actions">
                <span class="visually-hidden">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(learner) => (
              <tr data-testid="roster-row">
                <th scope="row">
                  {learnerName(learner)}
                  <Show when={learner.name}>
                    <span class="table__sub">{learner.email}</span>
                  </Show>
                </th>
                <td>
                  <div class="roster-progress-cell">
                    <progress class="roster-progress" max="100" value={learner.percent} aria-label={`Progress of ${learnerName(learner)}`}>
                      {learner.percent}%
                    </progress>
                    <span class="roster-progress-cell__text">
                      <strong>{learner.percent}%</strong>
                      <span class="table__sub">
                        {learner.completedLessons} of {props.requiredLessons} required
                      </span>
                    </span>
                  </div>
                </td>
                <td class="roster-date">{learner.enrolledAt ? formatDate(learner.enrolledAt) : '—'}</td>
                <td class="roster-date">{learner.lastActivityAt ? formatDateTime(learner.lastActivityAt) : 'Not started'}</td>
                <td>
                  {sourceLabel(learner.source)}
                  {/* The column names the first access; a grant made after an enrollment would otherwise not show. */}
                  <Show when={learner.hasStaffGrant && learner.source !== 'staff_grant'}>
                    <span class="table__sub">Also granted by staff</span>
                  </Show>
                  <Show when={!learner.hasAccess}>
                    <span class="table__sub">
                      <Badge tone="muted">No current access</Badge>
                    </span>
                  </Show>
                </td>
                <Show when={props.onRevoke}>
                  {(revoke) => (
                    <td class="table__actions">
                      <Show when={learner.hasStaffGrant}>
                        <Button variant="secondary" class="button--small" onClick={() => revoke()(learner)}>
                          Revoke<span class="visually-hidden"> access of {learnerName(learner)}</span>
                        </Button>
                      </Show>
                    </td>
                  )}
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
