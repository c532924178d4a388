import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError } from '../../../lib/api';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { TextField } from '../../../ui/field';
import { Notice } from '../../../ui/notice';
import { CoverPicker } from '../media/cover-picker';
import { ACCESS, parsePrice, priceText } from './course-labels';
import { ACCESS_LEVELS, updateCourse, type AccessLevel, type Course, type CoursePatch } from './courses-api';
import { MarkdownEditor } from './markdown-editor';
import { slugProblem } from './slug';
import { TextAreaField } from './text-area-field';
import { UnsavedChangesGuard } from './unsaved-changes';
import { RadioChoices } from './radio-choices';

const FIELDS = {
  title: 'course-title',
  slug: 'course-slug',
  summary: 'course-summary',
  description: 'course-description',
  accessLevel: 'course-access-public',
  priceCents: 'course-price',
  coverImageKey: 'cover-file',
};

type Draft = { title: string; slug: string; summary: string; description: string; accessLevel: AccessLevel; price: string };

const draftOf = (course: Course): Draft => ({
  title: course.title,
  slug: course.slug,
  summary: course.summary,
  description: course.description,
  accessLevel: course.accessLevel,
  price: priceText(course.priceCents),
});

/** Only what changed is sent, so a save never overwrites a field someone else just edited. */
function patchOf(saved: Draft, draft: Draft): CoursePatch {
  const patch: CoursePatch = {};
  if (draft.title.trim() !== saved.title) patch.title = draft.title.trim();
  if (draft.slug.trim() !== saved.slug) patch.slug = draft.slug.trim();
  if (draft.summary !== saved.summary) patch.summary = draft.summary;
  if (draft.description !== saved.description) patch.description = draft.description;
  if (draft.accessLevel !== saved.accessLevel) patch.accessLevel = draft.accessLevel;
  if (draft.price.trim() !== saved.price) patch.priceCents = draft.price.trim() ? parsePrice(draft.price) : null;
  return patch;
}

/** Title, address, summary, description (Markdown), who may take it, price and cover. */
export function CourseDetailsForm(props: { course: Course; onSaved: (course: Omit<Course, 'chapters'>) => void }): JSX.Element {
  const [saved, setSaved] = createSignal<Draft>(draftOf(props.course));
  const [draft, setDraft] = createStore<Draft>(draftOf(props.course));
  const [saving, setSaving] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [done, setDone] = createSignal(false);
  const patch = createMemo(() => patchOf(saved(), { ...draft }));
  const dirty = () => Object.keys(patch()).length > 0;
  const error = (field: keyof typeof FIELDS) => problemFor(problems(), FIELDS[field]);

  const localProblems = (): FormProblem[] => {
    const found: FormProblem[] = [];
    if (!draft.title.trim()) found.push({ message: 'Enter a title.', fieldId: FIELDS.title });
    const slugIssue = slugProblem(draft.slug.trim());
    if (slugIssue) found.push({ message: slugIssue, fieldId: FIELDS.slug });
    if (draft.summary.length > 500) found.push({ message: 'Keep the summary under 500 characters.', fieldId: FIELDS.summary });
    if (draft.accessLevel === 'paid' && parsePrice(draft.price) === null) found.push({ message: 'A paid course needs a price, such as 49 or 49.90.', fieldId: FIELDS.priceCents });
    else if (draft.price.trim() && parsePrice(draft.price) === null) found.push({ message: 'Enter the price as an amount, such as 49 or 49.90, or leave it empty.', fieldId: FIELDS.priceCents });
    return found;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    const found = localProblems();
    if (found.length) {
      setProblems(found);
      return focusElement('course-details-errors');
    }
    if (!dirty()) {
      setProblems([]);
      setDone(true);
      return focusElement('course-details-saved');
    }
    setSaving(true);
    try {
      const course = await updateCourse(props.course.id, patch());
      const next = draftOf({ ...course, chapters: [] });
      setSaved(next);
      setDraft(next);
      setProblems([]);
      setDone(true);
      props.onSaved(course);
      focusElement('course-details-saved');
    } catch (failure) {
      const taken = failure instanceof ApiError && failure.status === 409;
      setProblems(taken ? [{ message: failure.message, fieldId: FIELDS.slug }] : problemsFrom(failure, FIELDS));
      focusElement('course-details-errors');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="course-details" onSubmit={(event) => void submit(event)} onInput={() => setDone(false)} novalidate data-testid="course-details-form">
      <UnsavedChangesGuard when={dirty()} what="the course details" />
      <ErrorSummary id="course-details-errors" title="The details were not saved" problems={problems()} />
      <Show when={done()}>
        <Notice tone="success" id="course-details-saved" live="status" data-testid="course-details-saved">
          <p>Course details saved.</p>
        </Notice>
      </Show>
      <div class="authoring-grid">
        <TextField id={FIELDS.title} label="Title" required autocomplete="off" value={draft.title} onInput={(e) => setDraft('title', e.currentTarget.value)} error={error('title')} />
        <TextField
          id={FIELDS.slug}
          label="Address"
          hint={`/courses/${draft.slug.trim() || '…'} — changing it breaks links people saved.`}
          autocomplete="off"
          spellcheck={false}
          value={draft.slug}
          onInput={(e) => setDraft('slug', e.currentTarget.value)}
          error={error('slug')}
        />
      </div>
      <TextAreaField
        id={FIELDS.summary}
        label="Summary"
        hint="One or two sentences for the catalog."
        rows={2}
        maxLength={500}
        value={draft.summary}
        onInput={(e) => setDraft('summary', e.currentTarget.value)}
        error={error('summary')}
      />
      <MarkdownEditor
        id={FIELDS.description}
        label="Description"
        hint="Shown on the course page. Markdown: **bold**, _italic_, # headings, - lists, [links](https://…)."
        rows={10}
        value={draft.description}
        onInput={(value) => setDraft('description', value)}
        error={error('description')}
        data-testid="course-description"
      />
      <fieldset class="fieldset" aria-describedby={error('accessLevel') ? `${FIELDS.accessLevel}-error` : undefined}>
        <legend class="fieldset__legend">Who can take it</legend>
        <Show when={error('accessLevel')}>
          <p class="field__error" id={`${FIELDS.accessLevel}-error`}>
            {error('accessLevel')}
          </p>
        </Show>
        <RadioChoices name="course-access" choices={ACCESS_LEVELS.map((level) => ({ value: level, ...ACCESS[level] }))} value={draft.accessLevel} onChange={(level) => setDraft('accessLevel', level)} />
      </fieldset>
      <Show when={draft.accessLevel === 'paid' || draft.price.trim() !== ''}>
        <TextField
          id={FIELDS.priceCents}
          label={`Price (${props.course.currency.toUpperCase()})`}
          hint={draft.accessLevel === 'paid' ? 'For example 49 or 49.90.' : 'Only used while the course is paid; clear it if you like.'}
          inputmode="decimal"
          autocomplete="off"
          value={draft.price}
          onInput={(e) => setDraft('price', e.currentTarget.value)}
          error={error('priceCents')}
        />
      </Show>
      {/* The cover is uploaded into the media library and set at once, apart from Save. */}
      <CoverPicker course={props.course} onChanged={(coverImageKey) => props.onSaved({ ...props.course, coverImageKey })} />
      <div class="form-actions">
        <Button type="submit" disabled={saving()} aria-busy={saving()} data-testid="save-course-details">
          {saving() ? 'Saving…' : 'Save details'}
        </Button>
        <Show when={dirty()}>
          <span class="unsaved-hint">You have unsaved changes.</span>
        </Show>
      </div>
    </form>
  );
}
