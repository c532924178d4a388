import './error-notice.css';
import { Show, type JSX } from 'solid-js';
import { ApiError } from '../lib/api';
import { Button } from './button';

type ErrorNoticeProps = { title: string; error: unknown; onRetry?: () => void };

/**
 * Shows a failure in words a person can act on. Server messages are shown as written (they are
 * meant for people); anything else is a bug on our side, so it gets a generic line and a log.
 * The request id is shown small so support can find the request in the Worker's logs.
 */
export function ErrorNotice(props: ErrorNoticeProps): JSX.Element {
  const apiError = () => (props.error instanceof ApiError ? props.error : null);
  const message = () => {
    const known = apiError();
    if (known) return known.message;
    console.error(props.error);
    return 'Something went wrong while loading this page.';
  };

  return (
    <div class="notice notice--error" role="alert">
      <p class="notice__title">{props.title}</p>
      <p class="notice__message">{message()}</p>
      <Show when={props.onRetry}>
        {(retry) => (
          <Button variant="secondary" onClick={() => retry()()}>
            Try again
          </Button>
        )}
      </Show>
      <Show when={apiError()?.requestId}>
        {(id) => (
          <p class="notice__meta">
            Reference <code>{id()}</code>
          </p>
        )}
      </Show>
    </div>
  );
}
