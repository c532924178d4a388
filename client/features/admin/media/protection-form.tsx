import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { UnsavedChangesGuard } from '../courses/unsaved-changes';
import { COPY_MODES, DOWNLOAD_MODES, type Effective, type ProtectionFields, type ProtectionPatch } from './protection-api';
import { COPY_CHOICES, DOWNLOAD_CHOICES, PREVIEW_LESSONS_HINT, PREVIEW_VIDEO_HINT, previewLessonsText, previewVideoText, summary } from './protection-text';

type Limit = 'inherit' | 'all' | 'limit';
type Draft = {
  copyMode: 'inherit' | (typeof COPY_MODES)[number];
  downloadMode: 'inherit' | (typeof DOWNLOAD_MODES)[number];
  lessons: Limit;
  lessonsValue: string;
  video: Limit;
  videoValue: string;
};

type ProtectionFormProps = {
  /** The school's defaults, or one course's overrides (where each field may follow the school). */
  mode: 'school' | 'course';
  idPrefix: string;
  /** The row's own settings (null: the default on the school, "as the school" on a course). */
  own: ProtectionFields;
  /** What applies now. */
  effective: Effective;
  /** On a course: what the school's settings come to, which "Same as the school" means. */
  inherited?: Effective;
  onSave: (patch: ProtectionPatch) => Promise<{ own: ProtectionFields; effective: Effective }>;
};

function draftOf(own: ProtectionFields, props: Pick<ProtectionFormProps, 'mode' | 'effective'>): Draft {
  const school = props.mode === 'school';
  return {
    copyMode: own.copyMode ?? (school ? props.effective.copyMode : 'inherit'),
    downloadMode: own.downloadMode ?? (school ? props.effective.downloadMode : 'inherit'),
    lessons: own.previewLessonLimit !== null ? 'limit' : school ? 'all' : 'inherit',
    lessonsValue: own.previewLessonLimit !== null ? String(own.previewLessonLimit) : '',
    video: own.previewVideoSeconds !== null ? 'limit' : school ? 'all' : 'inherit',
    videoValue: own.previewVideoSeconds !== null ? String(own.previewVideoSeconds) : '',
  };
}

const WHOLE = /^\d+$/;

/** The settings a draft stands for; numbers that do not parse are left to the checks. */
function fieldsOf(draft: Draft): ProtectionFields {
  return {
    copyMode: draft.copyMode === 'inherit' ? null : draft.copyMode,
    downloadMode: draft.downloadMode === 'inherit' ? null : draft.downloadMode,
    previewLessonLimit: draft.lessons === 'limit' ? Number(draft.lessonsValue.trim()) : null,
    previewVideoSeconds: draft.video === 'limit' ? Number(draft.videoValue.trim()) : null,
  };
}

/** Only what changed is sent: a field nobody touched keeps whatever it is on the server. */
function patchOf(saved: Draft, draft: Draft): ProtectionPatch {
  const before = fieldsOf(saved);
  const after = fieldsOf(draft);
  const patch: ProtectionPatch = {};
  for (const key of Object.keys(after) as (keyof ProtectionFields)[]) {
    if (before[key] !== after[key]) (patch as Record<string, unknown>)[key] = after[key];
  }
  return patch;
}

/**
 * The four protection settings, each explained in terms of what learners get. On a course
 * every field can follow the school ("Same as the school", naming what that is now) or
 * set its own value. Checked here first, then by the Worker, whose messages go beside the
 * field they are about.
 */
export function ProtectionForm(props: ProtectionFormProps): JSX.Element {
  const ids = {
    copyMode: `${props.idPrefix}-copy`,
    downloadMode: `${props.idPrefix}-download`,
    previewLessonLimit: `${props.idPrefix}-lessons-value`,
    previewVideoSeconds: `${props.idPrefix}-video-value`,
  };
  const [saved, setSaved] = createSignal(draftOf(props.own, props));
  const [draft, setDraft] = createStore<Draft>(draftOf(props.own, props));
  const [effective, setEffective] = createSignal(props.effective);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [saving, setSaving] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const patch = createMemo(() => patchOf(saved(), { ...draft }));
  const dirty = () => Object.keys(patch()).length > 0;
  const course = props.mode === 'course';

  const check = (): FormProblem[] => {
    const found: FormProblem[] = [];
    const lessons = draft.lessonsValue.trim();
    if (draft.lessons === 'limit' && (!WHOLE.test(lessons) || Number(lessons) > 1000)) {
      found.push({ message: 'Enter the number of preview lessons as a whole number from 0 to 1,000.', fieldId: ids.previewLessonLimit });
    }
    const seconds = draft.videoValue.trim();
    if (draft.video === 'limit' && (!WHOLE.test(seconds) || Number(seconds) < 1 || Number(seconds) > 86_400)) {
      found.push({ message: 'Enter the preview length as whole seconds from 1 to 86,400 (24 hours).', fieldId: ids.previewVideoSeconds });
    }
    return found;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    const found = check();
    if (found.length) {
      setProblems(found);
      return focusElement(`${props.idPrefix}-errors`);
    }
    setProblems([]);
    if (!dirty()) {
      setDone(true);
      return focusElement(`${props.idPrefix}-saved`);
    }
    setSaving(true);
    try {
      const result = await props.onSave(patch());
      const next = draftOf(result.own, { mode: props.mode, effective: result.effective });
      setSaved(next);
      setDraft(next);
      setEffective(result.effective);
      setDone(true);
      focusElement(`${props.idPrefix}-saved`);
    } catch (failure) {
      setProblems(problemsFrom(failure, ids));
      focusElement(`${props.idPrefix}-errors`);
    } finally {
      setSaving(false);
    }
  };

  const error = (key: keyof typeof ids) => problemFor(problems(), ids[key]);
  const inheritLabel = (what: string) => `Same as the school (now: ${what})`;

  return (
    <form class="protection-form" onSubmit={(event) => void submit(event)} onInput={() => setDone(false)} novalidate data-testid={`${props.idPrefix}-form`}>
      <UnsavedChangesGuard when={dirty()} what="the protection settings" />
      <ErrorSummary id={`${props.idPrefix}-errors`} title="The settings were not saved" problems={problems()} />
      <Show when={done()}>
        <Notice tone="success" id={`${props.idPrefix}-saved`} live="status" data-testid={`${props.idPrefix}-saved`}>
          <p>Content protection saved. Learners now get: {summary(effective())}.</p>
        </Notice>
      </Show>

      <Choices
        name={ids.copyMode}
        legend="Copying lesson text"
        error={error('copyMode')}
        value={draft.copyMode}
        onChange={(value) => setDraft('copyMode', value)}
        options={[
          ...(course && props.inherited ? [{ value: 'inherit' as const, label: inheritLabel(COPY_CHOICES[props.inherited.copyMode].label.toLowerCase()), hint: 'Follows the school’s setting, also when it changes.' }] : []),
          ...COPY_MODES.map((mode) => ({ value: mode, label: COPY_CHOICES[mode].label, hint: COPY_CHOICES[mode].hint })),
        ]}
      />
      <Choices
        name={ids.downloadMode}
        legend="Who may download files"
        error={error('downloadMode')}
        value={draft.downloadMode}
        onChange={(value) => setDraft('downloadMode', value)}
        options={[
          ...(course && props.inherited ? [{ value: 'inherit' as const, label: inheritLabel(DOWNLOAD_CHOICES[props.inherited.downloadMode].label.toLowerCase()), hint: 'Follows the school’s setting, also when it changes.' }] : []),
          ...DOWNLOAD_MODES.map((mode) => ({ value: mode, label: DOWNLOAD_CHOICES[mode].label, hint: DOWNLOAD_CHOICES[mode].hint })),
        ]}
      />
      <Choices
        name={`${props.idPrefix}-lessons`}
        legend="Preview lessons"
        hint={PREVIEW_LESSONS_HINT}
        error={error('previewLessonLimit')}
        value={draft.lessons}
        onChange={(value) => setDraft('lessons', value)}
        options={[
          course && props.inherited
            ? { value: 'inherit' as const, label: inheritLabel(previewLessonsText(props.inherited.previewLessonLimit)) }
            : { value: 'all' as const, label: 'Every lesson marked as a preview' },
          { value: 'limit' as const, label: 'Only the first few preview lessons' },
        ]}
        extra={(value) => (
          <Show when={value === 'limit'}>
            <NumberBox
              id={ids.previewLessonLimit}
              label="Number of preview lessons"
              unit="preview lessons, in outline order"
              value={draft.lessonsValue}
              disabled={draft.lessons !== 'limit'}
              error={error('previewLessonLimit')}
              onInput={(text) => setDraft('lessonsValue', text)}
            />
          </Show>
        )}
      />
      <Choices
        name={`${props.idPrefix}-video`}
        legend="Preview video"
        hint={PREVIEW_VIDEO_HINT}
        error={error('previewVideoSeconds')}
        value={draft.video}
        onChange={(value) => setDraft('video', value)}
        options={[
          course && props.inherited
            ? { value: 'inherit' as const, label: inheritLabel(previewVideoText(props.inherited.previewVideoSeconds)) }
            : { value: 'all' as const, label: 'The whole video' },
          { value: 'limit' as const, label: 'Only the beginning' },
        ]}
        extra={(value) => (
          <Show when={value === 'limit'}>
            <NumberBox
              id={ids.previewVideoSeconds}
              label="Preview length in seconds"
              unit="seconds"
              value={draft.videoValue}
              disabled={draft.video !== 'limit'}
              error={error('previewVideoSeconds')}
              onInput={(text) => setDraft('videoValue', text)}
            />
          </Show>
        )}
      />
      <div class="form-actions">
        <Button type="submit" disabled={saving()} aria-busy={saving()} data-testid={`${props.idPrefix}-save`}>
          {saving() ? 'Saving…' : 'Save protection settings'}
        </Button>
        <Show when={dirty()}>
          <span class="unsaved-hint">You have unsaved changes.</span>
        </Show>
      </div>
    </form>
  );
}

type Option<T extends string> = { value: T; label: string; hint?: string };

function Choices<T extends string>(props: {
  name: string;
  legend: string;
  hint?: string;
  options: Option<T>[];
  value: T;
  onChange: (value: T) => void;
  error?: string | null;
  extra?: (value: T) => JSX.Element;
}): JSX.Element {
  const describedBy = () => [props.hint ? `${props.name}-hint` : '', props.error ? `${props.name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="fieldset" aria-describedby={describedBy()}>
      <legend class="fieldset__legend">{props.legend}</legend>
      <Show when={props.hint}>
        <p class="field__hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field__error" id={`${props.name}-error`}>
          {props.error}
        </p>
      </Show>
      <div class="authoring-choices">
        <For each={props.options}>
          {(option, index) => (
            <div class="authoring-choice">
              <input
                type="radio"
                name={props.name}
                id={index() === 0 ? props.name : `${props.name}-${option.value}`}
                value={option.value}
                checked={props.value === option.value}
                onChange={() => props.onChange(option.value)}
                aria-describedby={option.hint ? `${props.name}-${option.value}-hint` : undefined}
              />
              <label for={index() === 0 ? props.name : `${props.name}-${option.value}`}>{option.label}</label>
              <Show when={option.hint}>
                <p class="field__hint" id={`${props.name}-${option.value}-hint`}>
                  {option.hint}
                </p>
              </Show>
              <Show when={props.extra && props.value === option.value}>
                <div class="authoring-choice__extra">{props.extra!(option.value)}</div>
              </Show>
            </div>
          )}
        </For>
      </div>
    </fieldset>
  );
}

function NumberBox(props: { id: string; label: string; unit: string; value: string; disabled: boolean; error: string | null; onInput: (text: string) => void }): JSX.Element {
  return (
    <div class="protection-number">
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        class="field__control"
        inputmode="numeric"
        autocomplete="off"
        value={props.value}
        disabled={props.disabled}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${props.id}-unit`}
      />
      <span id={`${props.id}-unit`}>{props.unit}</span>
    </div>
  );
}
