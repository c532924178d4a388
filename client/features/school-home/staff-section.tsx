import { Show, type JSX } from 'solid-js';
import { hasRole, ROLE_LABELS, withArticle } from '../../lib/roles';
import { Link } from '../../lib/router';
import { displayNameOf, useSession } from '../../lib/session';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';

/**
 * What staff (instructors and above) see on the home page: a marker that they are looking at
 * the school as staff, and their way into the admin pages. Authoring tools will land here.
 */
export function StaffSection(): JSX.Element {
  const session = useSession();
  const staff = () => {
    const me = session.member();
    return me && hasRole(me.role, 'instructor') ? me : null;
  };
  return (
    <Show when={staff()}>
      {(me) => (
        <section class="staff" aria-labelledby="staff-title" data-testid="staff-view">
          <div class="container staff__inner">
            <div>
              <h2 id="staff-title" class="staff__title">
                <Badge tone="brand">Staff</Badge> {ROLE_LABELS[me().role]} view
              </h2>
              <p class="staff__text">
                {displayNameOf(me())}, you are {withArticle(me().role)} here. Course authoring tools will appear in this space.
              </p>
            </div>
            <Show when={hasRole(me().role, 'admin')}>
              <Link href="/admin/members" class={buttonClass('secondary')}>
                Manage members
              </Link>
            </Show>
          </div>
        </section>
      )}
    </Show>
  );
}
