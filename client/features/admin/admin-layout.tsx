import './admin.css';
import { For, onMount, Show, type Accessor, type JSX } from 'solid-js';
import { hasRole } from '../../lib/roles';
import { Link, navigate, pathname } from '../../lib/router';
import type { Me } from '../../lib/session';
import { RequireSignIn } from '../access/require-sign-in';

const SECTIONS = [
  { href: '/admin/members', label: 'Members' },
  { href: '/admin/sign-in', label: 'Sign-in settings' },
];

/** The frame of every admin page: sign-in required, a title, and the admin section tabs. */
export function AdminLayout(props: { title: string; children: (me: Accessor<Me>) => JSX.Element }): JSX.Element {
  return (
    <RequireSignIn>
      {(me) => (
        <section class="section">
          <div class="container admin">
            {/* Members below admin still load the page, so the Worker's 403 sentence explains why they may not. */}
            <Show when={hasRole(me().role, 'admin')}>
              <p class="eyebrow">Admin · {me().school.name}</p>
              <h1 id="admin-title" class="page-title">
                {props.title}
              </h1>
              <nav class="admin-nav" aria-label="Admin sections">
                <ul>
                  <For each={SECTIONS}>
                    {(section) => (
                      <li>
                        <Link href={section.href} aria-current={pathname() === section.href ? 'page' : undefined}>
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

/** /admin itself has no page of its own; members is the usual first stop. */
export function AdminIndexPage(): JSX.Element {
  onMount(() => navigate('/admin/members', { replace: true }));
  return null;
}
