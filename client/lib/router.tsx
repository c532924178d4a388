import { createMemo, createSignal, type Component, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';

// A deliberately small router: paths with `:param` segments, a query string, history API, no
// data loading. Swap in @solidjs/router when pages need nested layouts or preloading.

const [pathname, setPathname] = createSignal(normalise(location.pathname));
const [search, setSearch] = createSignal(location.search);
window.addEventListener('popstate', () => sync());

export { pathname };

function sync(): void {
  setPathname(normalise(location.pathname));
  setSearch(location.search);
}

function normalise(path: string): string {
  if (path === '/index.html') return '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** One query parameter of the current URL, reactive (null when absent). */
export function queryParam(name: string): string | null {
  return new URLSearchParams(search()).get(name);
}

/** Path and query of the current page: what `returnTo` should bring someone back to. */
export function currentLocation(): string {
  return `${pathname()}${search()}`;
}

/**
 * `replace` is for redirects (signed out → sign-in page), so Back does not bounce the person
 * straight into the redirect again.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  sync();
  window.scrollTo(0, 0);
  // Move focus to the new page so screen readers announce it, as a full load would.
  document.getElementById('main')?.focus({ preventScroll: true });
}

/** `/courses/:slug` against `/courses/intro` → `{ slug: 'intro' }`; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const value = got[i]!;
    if (segment.startsWith(':')) {
      if (!value) return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return null; // malformed %-escape: no page matches, the fallback shows
      }
    } else if (segment !== value) return null;
  }
  return params;
}

const [params, setParams] = createSignal<Record<string, string>>({});

/** A `:param` of the current route, e.g. `routeParam('slug')` on `/courses/:slug`. */
export function routeParam(name: string): string {
  return params()[name] ?? '';
}

/** Exact paths win over patterns; patterns are tried in the order given. */
export function Routes(props: { routes: Record<string, Component>; fallback: Component }): JSX.Element {
  const page = createMemo(() => {
    const path = pathname();
    const exact = props.routes[path];
    if (exact) {
      setParams({});
      return exact;
    }
    for (const [pattern, component] of Object.entries(props.routes)) {
      if (!pattern.includes(':')) continue;
      const matched = matchPath(pattern, path);
      if (matched) {
        setParams(matched);
        return component;
      }
    }
    setParams({});
    return props.fallback;
  });
  return <Dynamic component={page()} />;
}

type LinkProps = JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/**
 * An in-app link. Only links made with <Link> are handled client-side; plain <a> always does a
 * full navigation, so server routes such as /auth/* and /files/* are never swallowed by the SPA.
 */
export function Link(props: LinkProps): JSX.Element {
  const onClick = (event: MouseEvent) => {
    if (typeof props.onClick === 'function') (props.onClick as (e: MouseEvent) => void)(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
