import { Match, Switch, type JSX, type Resource } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { settled } from '../../course/resource-value';

type LoadedProps<T> = {
  resource: Resource<T>;
  /** "the offers": used in "Loading the offers…" and "We couldn't load the offers". */
  what: string;
  /** The role a 403 says is missing, for the "not allowed" page. */
  role: string;
  onRetry: () => void;
  children: (value: T) => JSX.Element;
};

/**
 * A staff resource's four states in one place: the Worker's 403 sentence, a failure with
 * Try again, a spinner, then the content. Never suspends the page (see course/resource-value).
 */
export function Loaded<T>(props: LoadedProps<T>): JSX.Element {
  const forbidden = () => (props.resource.error instanceof ApiError && props.resource.error.status === 403 ? props.resource.error : null);
  return (
    <Switch fallback={<Spinner label={`Loading ${props.what}…`} />}>
      <Match when={forbidden()}>{(error) => <AccessDenied title={`You need the ${props.role} role`} message={error().message} />}</Match>
      <Match when={props.resource.error}>
        <ErrorNotice title={`We couldn't load ${props.what}`} error={props.resource.error} onRetry={props.onRetry} />
      </Match>
      {/* Keyed: a new value (a refetch, or `mutate` after an edit) renders the content again. Unkeyed, the
          children would read one snapshot and never show the change. */}
      <Match when={settled(props.resource)} keyed>
        {(value) => props.children(value)}
      </Match>
    </Switch>
  );
}
