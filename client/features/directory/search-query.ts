import { onCleanup } from 'solid-js';

/** How long typing must pause before the search runs and the URL changes. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The current URL with `?q=` set (or removed when empty), other parameters kept. */
export function urlWithQuery(href: string, q: string): string {
  const url = new URL(href);
  if (q.trim()) url.searchParams.set('q', q.trim());
  else url.searchParams.delete('q');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Calls `run` once input has paused for `ms`; pending calls are dropped when the owner unmounts. */
export function debounced<T>(run: (value: T) => void, ms = SEARCH_DEBOUNCE_MS): (value: T) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return (value) => {
    clearTimeout(timer);
    timer = setTimeout(() => run(value), ms);
  };
}
