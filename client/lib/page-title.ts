import { onCleanup } from 'solid-js';

// The Worker puts the school's name in <title>. A page prefixes its own part and restores the
// previous title when it unmounts, so the client never needs to know the base title itself.
export function usePageTitle(title: string): void {
  const previous = document.title;
  document.title = `${title} · ${previous}`;
  onCleanup(() => {
    document.title = previous;
  });
}
