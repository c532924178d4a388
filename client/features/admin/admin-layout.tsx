import './admin.css';
import { createEffect, For, Show, type Accessor, type JSX } from 'solid-js';
import { signInHref } from '../../lib/return-to';
import { hasRole, type Role } from '../../lib/roles';
import { Link, navigate, pathname } from '../../lib/router';
import { useSession, type Me } from '../../lib/session';
import { RequireSignIn } from '../access/require-sign-in';

/** Each section is listed only for the roles the Worker lets in, so no tab leads to a 403. */
const SECTIONS: { href: string; label: string; minimumRole: Role }[] = [
  { href: '/admin/courses', label: 'Courses', minimumRole: 'instructor' },
  { href: '/admin/members', label: 'Members', minimumRole: 'admin' },
  { href: '/admin/org-units', label: 'Campuses & departments', minimumRole: 'admin' },
  { href: '/admin/sign-in', label: 'Sign-in settings', minimumRole: 'admin' },
  { href: '/admin/domains', label: 'Domains', minimumRole: 'admin' },
  { href: '/admin/brand', label: 'Brand', minimumRole: 'admin' },
  { href: '/admin/protection', label: 'Content protection', minimumRole: 'admin' },
  { href: '/admin/payments', label: 'Payments', minimumRole: 'admin' },
  { href: '/admin/offers', label: 'Offers', minimumRole: 'instructor' },
  { href: '/admin/coupons', label: 'Coupons', minimumRole: 'admin' },
  { href: '/admin/transactions', label: 'Transactions', minimumRole: 'admin' },
  { href: '/admin/pricing-requests', label: 'Price requests', minimumRole: 'instructor' },
];

/** "page" on the section's own page, "true" on the pages under it (a course's editor). */
function current(href: string): 'page' | 'true' | undefined {
  if (pathname() === href) return 'page';
  return pathname().startsWith(`${href}/`) ? 'true' : undefined;
}

type AdminLayoutProps = {
  title: string;
  /** The role the page's API needs (admin unless said otherwise). */
  minimumRole?: Role;
  children: (me: Accessor<Me>) => JSX.Element;
};

/** The frame of every admin page: sign-in required, a title, and the admin section tabs. */
export function AdminLayout(props: AdminLayoutProps): JSX.Element {
  return (
    <RequireSignIn>
      {(me) => (
        <section class="section">
          <div class="container admin">
            {/* Members below the page's role still load it, so the Worker's 403 sentence explains why they may not. */}
            <Show when={hasRole(me().role, props.minimumRole ?? 'admin')}>
              <p class="eyebrow">Admin · {me().school.name}</p>
              <h1 id="admin-title" class="page-title">
                {props.title}
              </h1>
              <nav class="admin-nav" aria-label="Admin sections">
                <ul>
                  <For each={SECTIONS.filter((section) => hasRole(me().role, section.minimumRole))}>
                    {(section) => (
                      <li>
                        <Link href={section.href} aria-current={current(section.href)}>
                          {section.label}
                        </Link>
                      </li>
                    )}
                  </For>
                </ul>
              </nav>
            </Show>
            {props.children(me)}
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

/**
 * /admin itself has no page of its own: admins usually start at members, instructors (who
 * may not manage members) at their courses. Signed out, sign-in comes back here to choose.
 */
export function AdminIndexPage(): JSX.Element {
  const session = useSession();
  createEffect(() => {
    const me = session.member();
    if (me === undefined && !session.error()) return;
    if (me === null) return navigate(signInHref('/admin'), { replace: true });
    const instructorOnly = me && hasRole(me.role, 'instructor') && !hasRole(me.role, 'admin');
    navigate(instructorOnly ? '/admin/courses' : '/admin/members', { replace: true });
  });
  return null;
}
