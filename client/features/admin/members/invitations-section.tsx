import { createSignal, Match, Show, Switch, type JSX, type Resource } from 'solid-js';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { InvitationsTable } from './invitations-table';
import { revokeInvitation, type Invitation, type Member } from './members-api';

type InvitationsSectionProps = {
  invitations: Resource<Invitation[]>;
  members: Member[];
  refetch: () => unknown;
};

/** Sent invitations with their status; a pending one can be revoked after a confirmation. */
export function InvitationsSection(props: InvitationsSectionProps): JSX.Element {
  const [revoking, setRevoking] = createSignal<Invitation | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const invitations = () => props.invitations;

  return (
    <section class="card admin-card" aria-labelledby="invitations-title" aria-busy={invitations().loading}>
      <h2 id="invitations-title">Invitations</h2>
      <Show when={done()}>
        <Notice tone="success" id="invitations-status" live="status">
          <p>{done()}</p>
        </Notice>
      </Show>
      <Switch>
        <Match when={invitations().error}>
          <ErrorNotice title="We couldn't load the invitations" error={invitations().error} onRetry={() => void props.refetch()} />
        </Match>
        <Match when={invitations().state === 'pending'}>
          <Spinner label="Loading invitations…" />
        </Match>
        <Match when={invitations().latest}>
          {(list) => <InvitationsTable invitations={list()} members={props.members} onRevoke={setRevoking} />}
        </Match>
      </Switch>
      <Show when={revoking()}>
        {(invitation) => (
          <ConfirmDialog
            title="Revoke this invitation?"
            confirmLabel="Revoke invitation"
            busyLabel="Revoking…"
            onConfirm={async () => {
              await revokeInvitation(invitation().id);
              setDone(`The invitation for ${invitation().email} was revoked.`);
              await props.refetch();
            }}
            onClose={(confirmed) => {
              setRevoking(null);
              if (confirmed) focusElement('invitations-status');
            }}
          >
            <p>The link sent to {invitation().email} will stop working. You can invite them again later.</p>
          </ConfirmDialog>
        )}
      </Show>
    </section>
  );
}
