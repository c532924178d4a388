import './access.css';
import type { JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';

/**
 * What a member sees on a page their role does not open. The message is the Worker's own 403
 * sentence, so the client never has to repeat the server's rules.
 */
export function AccessDenied(props: { title: string; message: string }): JSX.Element {
  return (
    <div class="card access-denied" data-testid="access-denied">
      <p class="eyebrow">Not allowed</p>
      <h1 class="access-denied__title">{props.title}</h1>
      <p>{props.message}</p>
      <p>If you think you should have access, ask an owner or admin of this school.</p>
      <Link href="/" class={buttonClass('secondary')}>
        Back to home
      </Link>
    </div>
  );
}
