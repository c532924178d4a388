import { createRenderEffect, onCleanup, type Accessor } from 'solid-js';

// The Worker puts the school's name in <title>. A page prefixes its own part and restores the
// previous title when it unmounts, so the client never needs to know the base title itself.
// Pages whose title arrives with their data (a course's name) pass an accessor: the prefix
// follows it, starting from whatever it reads while the data loads.
export function usePageTitle(title: string | Accessor<string>): void {
  const previous = document.title;
  const read = typeof title === 'function' ? title : () => title;
  // A render effect runs at once, so a fixed title is in place before the page first paints.
  createRenderEffect(() => {
    document.title = `${read()} · ${previous}`;
  });
  onCleanup(() => {
    document.title = previous;
  });
}
