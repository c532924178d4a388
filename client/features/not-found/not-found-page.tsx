import type { JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { Link, pathname } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import './not-found.css';

// Only for paths the SPA itself does not know. The Worker already answers real 404s for API and
// file routes, so this page never needs to call the server.
export function NotFoundPage(): JSX.Element {
  usePageTitle('Page not found');

  return (
    <section class="section" aria-labelledby="not-found-title">
      <div class="container not-found">
        <p class="eyebrow">Error 404</p>
        <h1 id="not-found-title" class="hero__title">
          Page not found
        </h1>
        <p class="hero__lead">
          There is nothing at <code>{pathname()}</code>. The link may be mistyped, or the page may have
          moved.
        </p>
        <Link href="/" class={buttonClass('primary')}>
          Back to home
        </Link>
      </div>
    </section>
  );
}
