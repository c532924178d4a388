import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { BookmarkIcon } from '../course/learning-icons';
import { setBookmark } from './lesson-api';

/** A toggle button (aria-pressed): bookmarked or not, saved at once. */
export function BookmarkButton(props: { lessonId: string; initial: boolean }): JSX.Element {
  const [on, setOn] = createSignal(props.initial);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const toggle = async () => {
    const want = !on();
    setBusy(true);
    setError(null);
    try {
      setOn(await setBookmark(props.lessonId, want));
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setError(failure instanceof ApiError ? failure.message : 'The bookmark was not saved. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="bookmark">
      <button
        type="button"
        class="button button--secondary button--small bookmark__button"
        classList={{ 'bookmark__button--on': on() }}
        aria-pressed={on()}
        disabled={busy()}
        onClick={() => void toggle()}
        data-testid="bookmark"
      >
        <BookmarkIcon filled={on()} />
        {on() ? 'Bookmarked' : 'Bookmark'}
      </button>
      <Show when={error()}>
        <p class="bookmark__error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}
