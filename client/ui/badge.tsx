import './badge.css';
import type { JSX, ParentProps } from 'solid-js';

export type BadgeTone = 'neutral' | 'brand' | 'success' | 'muted' | 'danger';

/** A short label (a role, a status). Text, never colour alone, carries the meaning. */
export function Badge(props: ParentProps<{ tone?: BadgeTone; 'data-testid'?: string }>): JSX.Element {
  return (
    <span class={`badge badge--${props.tone ?? 'neutral'}`} data-testid={props['data-testid']}>
      {props.children}
    </span>
  );
}
