import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { formatTimestamp, parseTimestamp } from '../course/learning-format';
import type { NoteInput } from './lesson-api';

type NoteFormProps = {
  /** Unique per form on the page: the add form and each note being edited. */
  id: string;
  initial?: NoteInput;
  bodyLabel: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (input: NoteInput) => Promise<void>;
  onCancel?: () => void;
  /** The video's playhead, when the lesson has a video: offered as the note's position. */
  videoTime?: () => number | null;
};

/** A note's text and, optionally, the moment of the video it is about ("1:05"). */
export function NoteForm(props: NoteFormProps): JSX.Element {
  const [body, setBody] = createSignal(props.initial?.body ?? '');
  const [position, setPosition] = createSignal(props.initial?.videoPositionSeconds != null ? formatTimestamp(props.initial.videoPositionSeconds) : '');
  const [bodyError, setBodyError] = createSignal<string | null>(null);
  const [positionError, setPositionError] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let bodyField!: HTMLTextAreaElement;
  let positionField!: HTMLInputElement;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setFailure(null);
    const text = body().trim();
    const seconds = position().trim() === '' ? null : parseTimestamp(position());
    setBodyError(text ? null : 'Write something in the note.');
    setPositionError(position().trim() !== '' && seconds === null ? 'Write the position as minutes and seconds, such as 1:05, or leave it empty.' : null);
    if (!text) return bodyField.focus();
    if (positionError()) return positionField.focus();
    setBusy(true);
    try {
      await props.onSubmit({ body: text, videoPositionSeconds: seconds });
      if (!props.initial) {
        setBody('');
        setPosition('');
      }
    } catch (error) {
      if (isSignedOutError(error)) sessionEnded();
      setFailure(error instanceof ApiError ? error.message : 'The note was not saved. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (id: string, hint: boolean, error: string | null) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form class="note-form" onSubmit={(event) => void submit(event)} novalidate data-testid={`${props.id}-form`}>
      <Show when={failure()}>
        <Notice tone="error" live="alert" title="The note was not saved">
          <p>{failure()}</p>
        </Notice>
      </Show>
      <div class="field">
        <label class="field__label" for={`${props.id}-body`}>
          {props.bodyLabel}
        </label>
        <Show when={bodyError()}>
          <p class="field__error" id={`${props.id}-body-error`}>
            {bodyError()}
          </p>
        </Show>
        <textarea
          ref={bodyField}
          id={`${props.id}-body`}
          class="field__control note-form__body"
          rows="3"
          maxLength={10000}
          value={body()}
          onInput={(event) => setBody(event.currentTarget.value)}
          aria-invalid={bodyError() ? 'true' : undefined}
          aria-describedby={describedBy(`${props.id}-body`, false, bodyError())}
        />
      </div>
      <div class="field note-form__position">
        <label class="field__label" for={`${props.id}-position`}>
          Video position (optional)
        </label>
        <p class="field__hint" id={`${props.id}-position-hint`}>
          Minutes and seconds, such as 1:05. The note then links to that moment.
        </p>
        <Show when={positionError()}>
          <p class="field__error" id={`${props.id}-position-error`}>
            {positionError()}
          </p>
        </Show>
        <input
          ref={positionField}
          id={`${props.id}-position`}
          class="field__control"
          inputMode="numeric"
          autocomplete="off"
          placeholder="mm:ss"
          value={position()}
          onInput={(event) => setPosition(event.currentTarget.value)}
          aria-invalid={positionError() ? 'true' : undefined}
          aria-describedby={describedBy(`${props.id}-position`, true, positionError())}
        />
        <Show when={props.videoTime?.()}>
          {(seconds) => (
            <button type="button" class="link-button note-form__use-time" onClick={() => setPosition(formatTimestamp(seconds()))} data-testid={`${props.id}-use-time`}>
              Use the video’s time, {formatTimestamp(seconds())}
            </button>
          )}
        </Show>
      </div>
      <div class="form-actions">
        <Button type="submit" disabled={busy()} aria-busy={busy()}>
          {busy() ? props.busyLabel : props.submitLabel}
        </Button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <Button variant="secondary" onClick={() => cancel()()} disabled={busy()}>
              Cancel
            </Button>
          )}
        </Show>
      </div>
    </form>
  );
}
