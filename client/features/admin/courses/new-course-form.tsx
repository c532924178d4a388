import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { problemFor, problemsFrom } from '../../../lib/form-errors';
import { Button } from '../../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../../ui/error-summary';
import { SelectField, TextField } from '../../../ui/field';
import { ACCESS, parsePrice } from './course-labels';
import { ACCESS_LEVELS, createCourse, type AccessLevel, type Course } from './courses-api';
import { slugFromTitle, slugProblem } from './slug';

const FIELDS = { title: 'new-course-title', slug: 'new-course-slug', accessLevel: 'new-course-access', priceCents: 'new-course-price' };

/**
 * Title → a suggested address that follows the title until the author edits the address
 * themselves. The Worker has the last word: its 400 issues and 409 (address taken) land
 * beside the field they are about.
 */
export function NewCourseForm(props: { onCreated: (course: Course) => void; onCancel?: () => void }): JSX.Element {
  const [title, setTitle] = createSignal('');
  const [slug, setSlug] = createSignal('');
  const [slugEdited, setSlugEdited] = createSignal(false);
  const [access, setAccess] = createSignal<AccessLevel>('free');
  const [price, setPrice] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const shownSlug = () => (slugEdited() ? slug() : slugFromTitle(title()));

  const localProblems = (): FormProblem[] => {
    const found: FormProblem[] = [];
    if (!title().trim()) found.push({ message: 'Enter a title.', fieldId: FIELDS.title });
    const chosen = shownSlug().trim();
    const slugIssue = chosen ? slugProblem(chosen) : null;
    if (slugIssue) found.push({ message: slugIssue, fieldId: FIELDS.slug });
    if (access() === 'paid' && parsePrice(price()) === null) found.push({ message: 'Enter the price, such as 49 or 49.90.', fieldId: FIELDS.priceCents });
    return found;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found = localProblems();
    if (found.length) {
      setProblems(found);
      return focusElement('new-course-errors');
    }
    setSaving(true);
    try {
      const chosen = shownSlug().trim();
      const course = await createCourse({
        title: title().trim(),
        // An empty address lets the Worker derive one (it also handles titles with no Latin letters).
        ...(chosen ? { slug: chosen } : {}),
        accessLevel: access(),
        ...(access() === 'paid' ? { priceCents: parsePrice(price()) } : {}),
      });
      setProblems([]);
      props.onCreated(course);
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409;
      setProblems(taken ? [{ message: error.message, fieldId: FIELDS.slug }] : problemsFrom(error, FIELDS));
      focusElement('new-course-errors');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="new-course-form" onSubmit={(event) => void submit(event)} novalidate data-testid="new-course-form">
      <ErrorSummary id="new-course-errors" title="The course was not created" problems={problems()} />
      <TextField
        id={FIELDS.title}
        label="Title"
        required
        autocomplete="off"
        value={title()}
        onInput={(event) => setTitle(event.currentTarget.value)}
        error={problemFor(problems(), FIELDS.title)}
      />
      <TextField
        id={FIELDS.slug}
        label="Address"
        hint={`Learners find the course at /courses/${shownSlug() || '…'}. Suggested from the title; edit it if you like.`}
        autocomplete="off"
        spellcheck={false}
        value={shownSlug()}
        onInput={(event) => {
          setSlugEdited(true);
          setSlug(event.currentTarget.value);
        }}
        error={problemFor(problems(), FIELDS.slug)}
      />
      <SelectField
        id={FIELDS.accessLevel}
        label="Who can take it"
        hint={ACCESS[access()].hint}
        onChange={(event) => setAccess(event.currentTarget.value as AccessLevel)}
        error={problemFor(problems(), FIELDS.accessLevel)}
      >
        <For each={ACCESS_LEVELS}>
          {(level) => (
            <option value={level} selected={level === access()}>
              {ACCESS[level].label}
            </option>
          )}
        </For>
      </SelectField>
      <Show when={access() === 'paid'}>
        <TextField
          id={FIELDS.priceCents}
          label="Price (USD)"
          hint="For example 49 or 49.90."
          inputmode="decimal"
          autocomplete="off"
          value={price()}
          onInput={(event) => setPrice(event.currentTarget.value)}
          error={problemFor(problems(), FIELDS.priceCents)}
        />
      </Show>
      <div class="form-actions">
        <Button type="submit" disabled={saving()} aria-busy={saving()}>
          {saving() ? 'Creating…' : 'Create course'}
        </Button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <Button variant="secondary" onClick={() => cancel()()} disabled={saving()}>
              Cancel
            </Button>
          )}
        </Show>
      </div>
    </form>
  );
}
