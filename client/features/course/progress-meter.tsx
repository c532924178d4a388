import { createUniqueId, Show, type JSX } from 'solid-js';
import './learning.css';

/**
 * A labelled progress bar. The native <progress> element needs no inline style (the CSP
 * forbids style attributes) and is announced with its value by every screen reader.
 */
export function ProgressMeter(props: { percent: number; label: string; detail?: string; 'data-testid'?: string }): JSX.Element {
  const id = createUniqueId();
  const percent = () => Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div class="progress-meter">
      <div class="progress-meter__top">
        <span id={`progress-${id}`}>{props.label}</span>
        <strong data-testid={props['data-testid']}>{percent()}%</strong>
      </div>
      <progress class="progress-meter__bar" max="100" value={percent()} aria-labelledby={`progress-${id}`} />
      <Show when={props.detail}>
        <p class="progress-meter__detail">{props.detail}</p>
      </Show>
    </div>
  );
}
