import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { focusElement } from '../../ui/error-summary';
import { Notice } from '../../ui/notice';
import { CheckIcon } from '../course/learning-icons';

type CompletionBarProps = {
  completedAt: Date | null;
  /** A lesson with a video also completes itself when the video ends. */
  hasVideo: boolean;
  /** Records the completion (the page refreshes the course's progress); throws when it failed. */
  onComplete: () => Promise<void>;
  /** What completing changed for the course, e.g. "Your course progress is now 50%." */
  message: string | null;
};

/**
 * "Mark complete". Finishing a lesson is the learner's own word (or the end of its video),
 * recorded once: the Worker keeps the first completion date.
 */
export function CompletionBar(props: CompletionBarProps): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const complete = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onComplete();
      focusElement('completion-status');
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setError(failure instanceof ApiError ? failure.message : 'The lesson was not marked complete. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="completion" data-testid="completion">
      <Show when={error()}>
        <Notice tone="error" live="alert" title="That did not work">
          <p>{error()}</p>
        </Notice>
      </Show>
      <Show
        when={props.completedAt}
        fallback={
          <div class="completion__row">
            <p class="completion__text">
              {props.hasVideo
                ? 'The lesson counts as complete when its video ends. Done another way? Mark it complete yourself.'
                : 'Finished reading? Mark the lesson complete to count it towards your progress.'}
            </p>
            <Button onClick={() => void complete()} disabled={busy()} aria-busy={busy()} data-testid="mark-complete">
              {busy() ? 'Saving…' : 'Mark complete'}
            </Button>
          </div>
        }
      >
        {(at) => (
          <div class="completion__row completion__row--done" id="completion-status" tabindex="-1" data-testid="lesson-completed">
            <span class="completion__check">
              <CheckIcon />
            </span>
            <p class="completion__text">
              <strong>Completed</strong> on {formatDate(at())}.<Show when={props.message}>{(message) => <> {message()}</>}</Show>
            </p>
          </div>
        )}
      </Show>
      <p class="visually-hidden" role="status">
        {props.message ? `Lesson marked complete. ${props.message}` : ''}
      </p>
    </div>
  );
}
