import '../course/downloads.css';
import { For, Match, Switch, type JSX } from 'solid-js';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { DownloadItem } from '../course/download-button';
import type { Attachment, Protection } from './lesson-api';

/**
 * The lesson's files, each with a Download button. Buttons are left out where they could
 * only fail: when the school turned downloads off for the course, and for visitors who are
 * not signed in (a link is minted for a member). Any other refusal comes from the Worker
 * when the button is pressed, in its own words.
 */
export function LessonAttachments(props: { attachments: Attachment[]; downloadMode: Protection['downloadMode']; signedIn: boolean }): JSX.Element {
  const canTry = () => props.downloadMode !== 'none' && props.signedIn;
  return (
    <section class="lesson-attachments" aria-labelledby="attachments-title" data-testid="lesson-attachments">
      <h2 id="attachments-title" class="lesson-attachments__title">
        Attachments
      </h2>
      <Switch>
        <Match when={props.downloadMode === 'none'}>
          <p class="lesson-attachments__note" data-testid="downloads-off">
            The school has turned off downloads for this course.
          </p>
        </Match>
        <Match when={!props.signedIn}>
          <p class="lesson-attachments__note">
            <Link href={signInHref(currentLocation())}>Sign in</Link> to download these files.
          </p>
        </Match>
      </Switch>
      <ul class="downloads">
        <For each={props.attachments}>{(file) => <DownloadItem file={file} canDownload={canTry()} />}</For>
      </ul>
    </section>
  );
}
