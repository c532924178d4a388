import './site-shell.css';
import { Show, type JSX, type ParentProps } from 'solid-js';
import { Link, pathname } from '../lib/router';

type SiteShellProps = ParentProps<{
  /** The school's name, or "Lectern" on the apex. */
  name: string;
  tagline?: string | null;
  /** The school's logo (its own URL on this host); without one the name's first letter stands in. */
  logoUrl?: string | null;
  /** Lets end-to-end tests find the name without depending on markup. */
  nameTestId?: string;
  /** Shown as "© year holder" in the footer; the apex has none. */
  copyrightHolder?: string;
  /** The right end of the brand bar: the sign-in link or the account menu on a school host. */
  headerEnd?: JSX.Element;
}>;

/** First character, counted as the user sees it (so an emoji or accented letter stays whole). */
function monogram(name: string): string {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase();
}

/**
 * Landmarks and brand chrome shared by every page. The header is the "brand bar": its
 * background is the brand primary, and everything on it uses --brand-on-primary for contrast.
 */
export function SiteShell(props: SiteShellProps): JSX.Element {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header" data-testid="brand-bar">
        <div class="container site-header__inner">
          <Link href="/" class="wordmark" aria-current={pathname() === '/' ? 'page' : undefined}>
            {/* The name is written beside it, so the logo itself is decorative (alt=""). */}
            <Show
              when={props.logoUrl}
              fallback={
                <span class="wordmark__mark" aria-hidden="true">
                  {monogram(props.name)}
                </span>
              }
            >
              {(logo) => <img class="wordmark__logo" src={logo()} alt="" data-testid="school-logo" />}
            </Show>
            <span data-testid={props.nameTestId}>{props.name}</span>
          </Link>
          <div class="site-header__end">
            <Show when={props.tagline}>
              {(tagline) => <p class="site-header__tagline">{tagline()}</p>}
            </Show>
            {props.headerEnd}
          </div>
        </div>
      </header>
      {/* tabindex=-1 so the skip link and client-side navigation can move focus here. */}
      <main id="main" class="site-main" tabindex="-1">
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="container site-footer__inner">
          <Show when={props.copyrightHolder}>
            {(holder) => (
              <p>
                © {new Date().getFullYear()} {holder()}
              </p>
            )}
          </Show>
          <p>
            Powered by <strong>Lectern</strong>
          </p>
        </div>
      </footer>
    </>
  );
}
