import './card.css';
import type { JSX, ParentProps } from 'solid-js';

type CardProps = ParentProps<{ href?: string; class?: string; 'data-testid'?: string }>;

/**
 * A surface for one item. With `href` the whole card is a single link (one tab stop, one
 * accessible name) instead of a card holding several small links.
 */
export function Card(props: CardProps): JSX.Element {
  const classes = () => ['card', props.href ? 'card--link' : '', props.class ?? ''].join(' ').trim();
  if (props.href) {
    return (
      <a class={classes()} href={props.href} data-testid={props['data-testid']}>
        {props.children}
      </a>
    );
  }
  return (
    <div class={classes()} data-testid={props['data-testid']}>
      {props.children}
    </div>
  );
}
