import { createMemo, createSignal, type Component, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';

// A deliberately small router: exact paths only, history API, no data loading. It is enough
// for the shell; swap in @solidjs/router when pages need params or preloading.

const [pathname, setPathname] = createSignal(normalise(location.pathname));
window.addEventListener('popstate', () => setPathname(normalise(location.pathname)));

export { pathname };

function normalise(path: string): string {
  if (path === '/index.html') return '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  setPathname(normalise(location.pathname));
  window.scrollTo(0, 0);
  // Move focus to the new page so screen readers announce it, as a full load would.
  document.getElementById('main')?.focus({ preventScroll: true });
}

export function Routes(props: { routes: Record<string, Component>; fallback: Component }): JSX.Element {
  const page = createMemo(() => props.routes[pathname()] ?? props.fallback);
  return <Dynamic component={page()} />;
}

type LinkProps = JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/**
 * An in-app link. Only links made with <Link> are handled client-side; plain <a> always does a
 * full navigation, so server routes such as /auth/* and /files/* are never swallowed by the SPA.
 */
export function Link(props: LinkProps): JSX.Element {
  const onClick = (event: MouseEvent) => {
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
