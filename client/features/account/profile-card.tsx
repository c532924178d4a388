import { Show, type JSX } from 'solid-js';
import { ROLE_LABELS } from '../../lib/roles';
import { displayNameOf, type Me } from '../../lib/session';
import { Badge } from '../../ui/badge';

/** Who you are, and what you are in this school. */
export function ProfileCard(props: { me: Me }): JSX.Element {
  return (
    <section class="card account-card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl class="details">
        <div>
          <dt>Name</dt>
          <dd data-testid="profile-name">{displayNameOf(props.me)}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd data-testid="profile-email">{props.me.user.email}</dd>
        </div>
        <div>
          <dt>Role in {props.me.school.name}</dt>
          <dd>
            <Badge tone="brand" data-testid="profile-role">
              {ROLE_LABELS[props.me.role]}
            </Badge>
            <Show when={props.me.membership.titleLabel}>{(title) => <span class="details__extra">{title()}</span>}</Show>
          </dd>
        </div>
      </dl>
    </section>
  );
}
