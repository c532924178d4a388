import { Match, Switch, type JSX } from 'solid-js';
import { Button } from '../../ui/button';
import { Spinner } from '../../ui/spinner';

/** Where the player is: waiting for an address, waiting for Stream, without a video, failed, or playing. */
export type VideoPhase =
  | { kind: 'loading' }
  | { kind: 'processing'; message: string }
  | { kind: 'gone'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready' };

export const PROCESSING = 'This video is still being prepared — check back in a minute.';

/** What a failed <video> element means, in words a learner can act on. */
export function mediaErrorMessage(error: MediaError | null): string {
  switch (error?.code) {
    case MediaError.MEDIA_ERR_NETWORK:
      return 'The video stopped loading. Check your connection and try again.';
    case MediaError.MEDIA_ERR_DECODE:
      return 'The video could not be decoded in this browser.';
    case MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED:
      return 'This browser cannot play this video. Try a current version of Chrome, Edge, Firefox or Safari.';
    default:
      return 'The video could not be played.';
  }
}

type VideoStateProps = {
  phase: VideoPhase;
  checking: boolean;
  /** After a check that found the video still not ready: when it was checked. */
  checkNote: string;
  onRetry: () => void;
};

/** What the video's frame shows while there is nothing to play. */
export function VideoStatePanel(props: VideoStateProps): JSX.Element {
  const message = () => ('message' in props.phase ? props.phase.message : '');
  return (
    <Switch>
      <Match when={props.phase.kind === 'loading'}>
        <Spinner label="Loading the video…" />
      </Match>
      <Match when={props.phase.kind === 'processing'}>
        <div class="video-player__state" data-testid="video-processing">
          <p class="video-player__state-title">{message()}</p>
          <p class="video-player__state-note" role="status">
            {props.checkNote}
          </p>
          <Button variant="secondary" onClick={() => props.onRetry()} disabled={props.checking} aria-busy={props.checking} data-testid="video-check-again">
            {props.checking ? 'Checking…' : 'Check again'}
          </Button>
        </div>
      </Match>
      <Match when={props.phase.kind === 'gone'}>
        <div class="video-player__state" data-testid="video-gone">
          <p class="video-player__state-title">{message()}</p>
        </div>
      </Match>
      <Match when={props.phase.kind === 'failed'}>
        <div class="video-player__state video-player__state--error" role="alert" data-testid="video-error">
          <p class="video-player__state-title">The video cannot play right now</p>
          <p>{message()}</p>
          <Button variant="secondary" onClick={() => props.onRetry()} disabled={props.checking} aria-busy={props.checking}>
            {props.checking ? 'Trying…' : 'Try again'}
          </Button>
        </div>
      </Match>
    </Switch>
  );
}
