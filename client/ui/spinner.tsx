import './spinner.css';
import type { JSX } from 'solid-js';

/** A polite live region, so assistive tech hears "Loading…" without stealing focus. */
export function Spinner(props: { label?: string }): JSX.Element {
  return (
    <div class="spinner" role="status">
      <span class="spinner__circle" aria-hidden="true" />
      <span class="spinner__label">{props.label ?? 'Loading…'}</span>
    </div>
  );
}
