import type { JSX } from 'solid-js';

// Small decorative icons for lesson states. Always aria-hidden, always next to words that say
// the same thing, so colour and shape are never the only signal.
const base = {
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 2,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': true,
  width: 18,
  height: 18,
} as const;

export function CheckIcon(): JSX.Element {
  return (
    <svg {...base}>
      <path d="M5 12.5 10 17l9-10" />
    </svg>
  );
}

export function LockIcon(): JSX.Element {
  return (
    <svg {...base}>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  );
}

export function PlayIcon(): JSX.Element {
  return (
    <svg {...base}>
      <circle cx="12" cy="12" r="9" />
      <path d="m10 8.5 5 3.5-5 3.5z" />
    </svg>
  );
}

export function BookmarkIcon(props: { filled?: boolean }): JSX.Element {
  return (
    <svg {...base} fill={props.filled ? 'currentColor' : 'none'}>
      <path d="M6 3h12v18l-6-4-6 4z" />
    </svg>
  );
}

export function ClockIcon(): JSX.Element {
  return (
    <svg {...base}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}
