import { createEffect, onCleanup } from 'solid-js';

/**
 * Like lib/page-title.ts, for pages whose title arrives with their data (a course's name):
 * the prefix follows the accessor, and the school's title comes back when the page unmounts.
 */
export function useLiveTitle(title: () => string): void {
  const previous = document.title;
  createEffect(() => {
    document.title = `${title()} · ${previous}`;
  });
  onCleanup(() => {
    document.title = previous;
  });
}
