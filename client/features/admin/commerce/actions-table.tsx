import { For, Show, type JSX, type ParentProps } from 'solid-js';

type ActionsTableProps = ParentProps<{
  /** Names the caption (`${name}-caption`) and the table's data-testid (`${name}-table`). */
  name: string;
  caption: string;
  columns: string[];
  /** A last, visually unlabelled "Actions" column; on unless false. */
  actions?: boolean;
}>;

/** A scrollable staff table with a hidden caption; the rows (`<tbody>` content) are the children. */
export function ActionsTable(props: ActionsTableProps): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${props.name}-caption`} tabindex="0">
      <table class="table" data-testid={`${props.name}-table`}>
        <caption id={`${props.name}-caption`} class="visually-hidden">
          {props.caption}
        </caption>
        <thead>
          <tr>
            <For each={props.columns}>{(column) => <th scope="col">{column}</th>}</For>
            <Show when={props.actions !== false}>
              <th scope="col" class="table__actions">
                <span class="visually-hidden">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
