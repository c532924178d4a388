import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { focusElement } from '../../ui/error-summary';
import { Notice } from '../../ui/notice';
import { CheckIcon } from '../course/learning-icons';
import { recordProgress, type LessonProgress } from './lesson-api';

type CompletionBarProps = {
  lessonId: string;
  progress: LessonProgress | null;
  /** After the Worker recorded it: refresh the course's progress, and say what it is now. */
  onCompleted: () => Promise<string>;
};

/**
 * "Mark complete". With no video to watch, finishing the lesson is the learner's own word,
 * recorded once (the Worker keeps the first completion date).
 */
export function CompletionBar(props: CompletionBarProps): JSX.Element {
  const [progress, setProgress] = createSignal(props.progress);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const completedAt = () => progress()?.completedAt ?? null;

  const complete = async () => {
    setBusy(true);
    setError(null);
    try {
      setProgress(await recordProgress(props.lessonId, { completed: true }));
      setDone(await props.onCompleted());
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
        when={completedAt()}
        fallback={
          <div class="completion__row">
            <p class="completion__text">Finished reading? Mark the lesson complete to count it towards your progress.</p>
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
              <strong>Completed</strong> on {formatDate(at())}.
              <Show when={done()}>{(message) => <> {message()}</>}</Show>
            </p>
          </div>
        )}
      </Show>
      <p class="visually-hidden" role="status">
        {done() ? `Lesson marked complete. ${done()}` : ''}
      </p>
    </div>
  );
}
