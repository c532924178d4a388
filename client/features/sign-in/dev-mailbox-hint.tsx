import { createResource, Show, type JSX } from 'solid-js';

// Only a development Worker answers /__dev/mailbox.json (everywhere else it is a 404), so one
// cheap probe tells the page whether to point newcomers at the local mailbox. Asked once per
// page load; a failed probe simply hides the hint.
let probe: Promise<boolean> | undefined;
function devMailboxAvailable(): Promise<boolean> {
  probe ??= fetch('/__dev/mailbox.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then((response) => response.ok)
    .catch(() => false);
  return probe;
}

/** "Development: read the email in the dev mailbox", with a link filtered to `email`. */
export function DevMailboxHint(props: { email?: string }): JSX.Element {
  const [available] = createResource(devMailboxAvailable);
  const href = () => (props.email ? `/__dev/mailbox?to=${encodeURIComponent(props.email)}` : '/__dev/mailbox');
  return (
    <Show when={available()}>
      <p class="dev-hint" data-testid="dev-mailbox-hint">
        <span class="dev-hint__tag">Development</span> No mail server needed: sign-in links land in the{' '}
        {/* A plain <a>: /__dev/* is a server page, not part of the app. */}
        <a href={href()}>dev mailbox</a>.
      </p>
    </Show>
  );
}
