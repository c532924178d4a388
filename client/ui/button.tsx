import './button.css';
import { splitProps, type JSX } from 'solid-js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

/** The classes for anything that should look like a button, including links (<a>, <Link>). */
export function buttonClass(variant: ButtonVariant = 'primary', extra?: string): string {
  return ['button', `button--${variant}`, extra].filter(Boolean).join(' ');
}

type ButtonProps = JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant };

// type="button" by default: a bare <button> inside a future <form> would otherwise submit it.
export function Button(props: ButtonProps): JSX.Element {
  const [local, rest] = splitProps(props, ['variant', 'class', 'type']);
  return <button type={local.type ?? 'button'} class={buttonClass(local.variant, local.class)} {...rest} />;
}
