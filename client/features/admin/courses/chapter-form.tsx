import { createSignal, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { Button } from '../../../ui/button';
import type { Chapter, ChapterPatch } from './courses-api';
import { DateTimeField } from './date-time-field';
import { fromLocalInputValue, toLocalInputValue } from './local-time';

/** Rename a chapter and set when it opens, in place of its heading. */
export function ChapterForm(props: { chapter: Chapter; onSave: (patch: ChapterPatch) => Promise<void>; onDone: () => void }): JSX.Element {
  const [title, setTitle] = createSignal(props.chapter.title);
  const [opens, setOpens] = createSignal(props.chapter.releaseAt ? toLocalInputValue(props.chapter.releaseAt) : '');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<{ field: 'title' | 'opens' | null; message: string } | null>(null);
  const ids = { title: `chapter-title-${props.chapter.id}`, opens: `chapter-opens-${props.chapter.id}` };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!title().trim()) return setError({ field: 'title', message: 'Enter a title.' });
    const at = opens() ? fromLocalInputValue(opens()) : null;
    if (opens() && !at) return setError({ field: 'opens', message: 'Enter a complete date and time, or clear the field.' });
    setBusy(true);
    setError(null);
    try {
      await props.onSave({ title: title().trim(), releaseAt: at ? at.toISOString() : null });
      props.onDone();
    } catch (failure) {
      setError({ field: null, message: failure instanceof ApiError ? failure.message : 'The chapter was not saved. Please try again.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="chapter-form" onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key === 'Escape' && props.onDone()} novalidate>
      <div class="field">
        <label class="field__label" for={ids.title}>
          Chapter title
        </label>
        <input
          id={ids.title}
          class="field__control"
          autocomplete="off"
          value={title()}
          onInput={(event) => setTitle(event.currentTarget.value)}
          aria-invalid={error()?.field === 'title' ? 'true' : undefined}
          aria-describedby={error()?.field === 'title' ? `${ids.title}-error` : undefined}
          ref={(el) => queueMicrotask(() => el.focus())}
        />
        <p class="field__error" id={`${ids.title}-error`}>
          {error()?.field === 'title' ? error()!.message : ''}
        </p>
      </div>
      <DateTimeField
        id={ids.opens}
        label="Opens on (optional)"
        value={opens()}
        onInput={setOpens}
        error={error()?.field === 'opens' ? error()!.message : null}
      />
      <p class="field__error" role="alert">
        {error()?.field === null ? error()!.message : ''}
      </p>
      <div class="form-actions">
        <Button type="submit" class="button--small" disabled={busy()} aria-busy={busy()}>
          {busy() ? 'Saving…' : 'Save chapter'}
        </Button>
        <Button variant="secondary" class="button--small" onClick={() => props.onDone()} disabled={busy()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
