import type { JSX } from 'solid-js';

// Decorative only: every icon is aria-hidden and sits next to text that says the same thing.
const base = {
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.75,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': true,
} as const;

export function BookIcon(): JSX.Element {
  return (
    <svg {...base} width="28" height="28">
      <path d="M2 4h6a4 4 0 0 1 4 4v13a3 3 0 0 0-3-3H2z" />
      <path d="M22 4h-6a4 4 0 0 0-4 4v13a3 3 0 0 1 3-3h7z" />
    </svg>
  );
}

export function SchoolIcon(): JSX.Element {
  return (
    <svg {...base} width="28" height="28">
      <path d="M2 9.5 12 5l10 4.5L12 14z" />
      <path d="M6 11.5V17c0 1.7 2.7 3 6 3s6-1.3 6-3v-5.5M22 9.5V15" />
    </svg>
  );
}

export function ArrowRightIcon(): JSX.Element {
  return (
    <svg {...base} width="18" height="18">
      <path d="M5 12h14M13 6l6 6-6 6" />
    </svg>
  );
}

export function CompassIcon(): JSX.Element {
  return (
    <svg {...base} width="28" height="28">
      <circle cx="12" cy="12" r="9" />
      <path d="m15.5 8.5-2 5-5 2 2-5z" />
    </svg>
  );
}
