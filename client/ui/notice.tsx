import './error-notice.css';
import { Show, type JSX, type ParentProps } from 'solid-js';

type NoticeProps = ParentProps<{
  tone: 'success' | 'info' | 'error';
  title?: string;
  id?: string;
  /** `alert` interrupts (errors, results of an action); `status` waits its turn; none for static text. */
  live?: 'alert' | 'status';
  'data-testid'?: string;
}>;

/**
 * A boxed message. With an id it is focusable (tabindex=-1), so a form can move focus to its
 * own result: that is how a keyboard or screen-reader user learns the action finished.
 */
export function Notice(props: NoticeProps): JSX.Element {
  return (
    <div
      class={`notice notice--${props.tone}`}
      id={props.id}
      tabindex={props.id ? '-1' : undefined}
      role={props.live}
      data-testid={props['data-testid']}
    >
      <Show when={props.title}>
        <p class="notice__title">{props.title}</p>
      </Show>
      {props.children}
    </div>
  );
}
