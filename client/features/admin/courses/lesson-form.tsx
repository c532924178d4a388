import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { CheckboxField, TextField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { CONTENT_STATUSES, updateLesson, type ContentStatus, type Lesson, type LessonPatch } from './courses-api';
import { DripField, type DripMode } from './drip-field';
import { fromLocalInputValue, toLocalInputValue } from './local-time';
import { MarkdownEditor } from './markdown-editor';
import { UnsavedChangesGuard } from './unsaved-changes';
import { RadioChoices } from './radio-choices';

const FIELDS = {
  title: 'lesson-title',
  body: 'lesson-body',
  status: 'lesson-status-draft',
  isPreview: 'lesson-preview',
  isRequired: 'lesson-required',
  estimatedMinutes: 'lesson-minutes',
  releaseAt: 'lesson-release-at',
  releaseAfterDays: 'lesson-release-days',
};

const STATUS_LABELS: Record<ContentStatus, { label: string; hint: string }> = {
  draft: { label: 'Draft', hint: 'Only staff can see it.' },
  published: { label: 'Published', hint: 'Learners see it once its chapter and the course are published too.' },
};

type Draft = {
  title: string;
  body: string;
  status: ContentStatus;
  isPreview: boolean;
  isRequired: boolean;
  minutes: string;
  drip: DripMode;
  date: string;
  days: string;
};

const draftOf = (lesson: Lesson): Draft => ({
  title: lesson.title,
  body: lesson.body,
  status: lesson.status,
  isPreview: lesson.isPreview,
  isRequired: lesson.isRequired,
  minutes: lesson.estimatedMinutes === null ? '' : String(lesson.estimatedMinutes),
  drip: lesson.releaseAt ? 'date' : lesson.releaseAfterDays !== null ? 'days' : 'none',
  date: lesson.releaseAt ? toLocalInputValue(lesson.releaseAt) : '',
  days: lesson.releaseAfterDays === null ? '' : String(lesson.releaseAfterDays),
});

const wholeNumber = (text: string, max: number): number | null => (/^\d+$/.test(text.trim()) && Number(text) <= max ? Number(text) : null);

/** The drip fields the API stores: one instant or one number of days, the other null. */
function dripOf(draft: Draft): { releaseAt: string | null; releaseAfterDays: number | null } {
  if (draft.drip === 'date') return { releaseAt: fromLocalInputValue(draft.date)?.toISOString() ?? null, releaseAfterDays: null };
  if (draft.drip === 'days') return { releaseAt: null, releaseAfterDays: wholeNumber(draft.days, 3650) };
  return { releaseAt: null, releaseAfterDays: null };
}

/** Only what changed is sent; drip goes as a pair whenever either half changed. */
function patchOf(saved: Draft, draft: Draft): LessonPatch {
  const patch: LessonPatch = {};
  if (draft.title.trim() !== saved.title) patch.title = draft.title.trim();
  if (draft.body !== saved.body) patch.body = draft.body;
  if (draft.status !== saved.status) patch.status = draft.status;
  if (draft.isPreview !== saved.isPreview) patch.isPreview = draft.isPreview;
  if (draft.isRequired !== saved.isRequired) patch.isRequired = draft.isRequired;
  if (draft.minutes.trim() !== saved.minutes) patch.estimatedMinutes = draft.minutes.trim() ? wholeNumber(draft.minutes, 10_000) : null;
  const before = dripOf(saved);
  const after = dripOf(draft);
  if (before.releaseAt !== after.releaseAt || before.releaseAfterDays !== after.releaseAfterDays) Object.assign(patch, after);
  return patch;
}

/** Title, body with preview, status, preview/required flags, length and drip, saved together. */
export function LessonForm(props: { lesson: Lesson; onSaved: (lesson: Lesson) => void }): JSX.Element {
  const [saved, setSaved] = createSignal<Draft>(draftOf(props.lesson));
  const [draft, setDraft] = createStore<Draft>(draftOf(props.lesson));
  const [saving, setSaving] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [done, setDone] = createSignal(false);
  const patch = createMemo(() => patchOf(saved(), { ...draft }));
  const dirty = () => Object.keys(patch()).length > 0;
  const error = (field: keyof typeof FIELDS) => problemFor(problems(), FIELDS[field]);

  const localProblems = (): FormProblem[] => {
    const found: FormProblem[] = [];
    if (!draft.title.trim()) found.push({ message: 'Enter a title.', fieldId: FIELDS.title });
    if (draft.minutes.trim() && wholeNumber(draft.minutes, 10_000) === null) {
      found.push({ message: 'Give the length in whole minutes (up to 10,000), or leave it empty.', fieldId: FIELDS.estimatedMinutes });
    }
    if (draft.drip === 'date' && !fromLocalInputValue(draft.date)) found.push({ message: 'Choose the date and time the lesson opens.', fieldId: FIELDS.releaseAt });
    if (draft.drip === 'days' && wholeNumber(draft.days, 3650) === null) {
      found.push({ message: 'Give the delay in whole days, from 0 to 3650.', fieldId: FIELDS.releaseAfterDays });
    }
    return found;
  };

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (saving()) return;
    setDone(false);
    const found = localProblems();
    if (found.length) {
      setProblems(found);
      return focusElement('lesson-errors');
    }
    setSaving(true);
    try {
      const lesson = dirty() ? await updateLesson(props.lesson.id, patch()) : props.lesson;
      const next = draftOf(lesson);
      setSaved(next);
      setDraft(next);
      setProblems([]);
      setDone(true);
      props.onSaved(lesson);
      focusElement('lesson-saved');
    } catch (failure) {
      setProblems(problemsFrom(failure, FIELDS));
      focusElement('lesson-errors');
    } finally {
      setSaving(false);
    }
  };

  // Ctrl+S / ⌘S saves, as in every editor, instead of saving the web page.
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form class="lesson-form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} onInput={() => setDone(false)} novalidate data-testid="lesson-form">
      <UnsavedChangesGuard when={dirty()} what="this lesson" />
      <ErrorSummary id="lesson-errors" title="The lesson was not saved" problems={problems()} />
      <Show when={done()}>
        <Notice tone="success" id="lesson-saved" live="status" data-testid="lesson-saved">
          <p>Lesson saved.</p>
        </Notice>
      </Show>
      <TextField id={FIELDS.title} label="Title" required autocomplete="off" value={draft.title} onInput={(e) => setDraft('title', e.currentTarget.value)} error={error('title')} />
      <MarkdownEditor
        id={FIELDS.body}
        label="Lesson text"
        hint="Markdown: **bold**, _italic_, # headings, - lists, > quotes, [links](https://…). The preview is what learners see."
        rows={18}
        value={draft.body}
        onInput={(value) => setDraft('body', value)}
        error={error('body')}
        data-testid="lesson-body"
      />
      <div class="lesson-form__settings">
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Status</legend>
          <RadioChoices name="lesson-status" choices={CONTENT_STATUSES.map((status) => ({ value: status, ...STATUS_LABELS[status] }))} value={draft.status} onChange={(status) => setDraft('status', status)} />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Learners</legend>
          <CheckboxField
            id={FIELDS.isPreview}
            label="Free preview"
            hint="Anyone who can see the course may open this lesson, even without access."
            checked={draft.isPreview}
            onChange={(on) => setDraft('isPreview', on)}
            error={error('isPreview')}
          />
          <CheckboxField
            id={FIELDS.isRequired}
            label="Required"
            hint="Counts towards the learner’s progress. Untick for optional extras."
            checked={draft.isRequired}
            onChange={(on) => setDraft('isRequired', on)}
            error={error('isRequired')}
          />
          <TextField
            id={FIELDS.estimatedMinutes}
            label="Length in minutes (optional)"
            type="number"
            inputmode="numeric"
            min="0"
            max="10000"
            step="1"
            value={draft.minutes}
            onInput={(e) => setDraft('minutes', e.currentTarget.value)}
            error={error('estimatedMinutes')}
          />
        </fieldset>
      </div>
      <DripField
        mode={draft.drip}
        date={draft.date}
        days={draft.days}
        onMode={(mode) => setDraft('drip', mode)}
        onDate={(value) => setDraft('date', value)}
        onDays={(value) => setDraft('days', value)}
        errors={{ date: error('releaseAt'), days: error('releaseAfterDays') }}
      />
      <div class="form-actions form-actions--sticky">
        <Button type="submit" disabled={saving()} aria-busy={saving()} data-testid="save-lesson">
          {saving() ? 'Saving…' : 'Save lesson'}
        </Button>
        <span class="unsaved-hint" classList={{ 'unsaved-hint--clean': !dirty() }}>
          {dirty() ? 'You have unsaved changes.' : 'No unsaved changes.'}
        </span>
      </div>
    </form>
  );
}
