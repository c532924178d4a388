import './empty-state.css';
import { Show, type JSX, type ParentProps } from 'solid-js';

type EmptyStateProps = ParentProps<{ title: string; icon?: JSX.Element; 'data-testid'?: string }>;

// The title is a paragraph, not a heading, so an empty state can sit under any heading level
// without breaking the page outline.
export function EmptyState(props: EmptyStateProps): JSX.Element {
  return (
    <div class="empty-state" data-testid={props['data-testid']}>
      <Show when={props.icon}>
        <div class="empty-state__icon" aria-hidden="true">
          {props.icon}
        </div>
      </Show>
      <p class="empty-state__title">{props.title}</p>
      <div class="empty-state__body">{props.children}</div>
    </div>
  );
}
