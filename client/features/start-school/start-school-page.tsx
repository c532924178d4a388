import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { problemsFrom } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/page-title';
import { Link } from '../../lib/router';
import { Button } from '../../ui/button';
import { ErrorSummary, focusElement, type FormProblem } from '../../ui/error-summary';
import { TextField } from '../../ui/field';
import { Notice } from '../../ui/notice';
import { checkSlug, localProblems, slugFromName, submitApplication, type Application } from './start-school-api';
import './start-school.css';

const FIELDS = { schoolName: 'start-school-name', desiredSlug: 'start-school-slug', contactEmail: 'start-school-email' } as const;
const SLUG_CHECK_DELAY_MS = 300;

type SlugState =
  | { kind: 'idle' }
  | { kind: 'checking'; slug: string }
  | { kind: 'available'; slug: string }
  | { kind: 'unavailable'; slug: string; reason: string }
  | { kind: 'error'; slug: string };

/** The apex "Start a school" page: name, web address (checked as you type) and contact email. */
export function StartSchoolPage(): JSX.Element {
  usePageTitle('Start a school');
  const [name, setName] = createSignal('');
  const [slug, setSlug] = createSignal('');
  const [slugEdited, setSlugEdited] = createSignal(false);
  const [email, setEmail] = createSignal('');
  const [slugState, setSlugState] = createSignal<SlugState>({ kind: 'idle' });
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [sending, setSending] = createSignal(false);
  const [sent, setSent] = createSignal<Application | null>(null);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  onCleanup(() => {
    clearTimeout(timer);
    inFlight?.abort();
  });

  const runCheck = async (value: string) => {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    setSlugState({ kind: 'checking', slug: value });
    try {
      const answer = await checkSlug(value, controller.signal);
      if (controller.signal.aborted) return;
      setSlugState(answer.available ? { kind: 'available', slug: value } : { kind: 'unavailable', slug: value, reason: answer.reason ?? 'That address cannot be used.' });
    } catch (error) {
      if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return;
      setSlugState({ kind: 'error', slug: value });
    }
  };

  /** Editing a field clears the problem reported beside it; the summary keeps the rest. */
  const clearProblem = (field: keyof typeof FIELDS) => setProblems((list) => list.filter((p) => p.fieldId !== FIELDS[field]));

  const changeSlug = (value: string) => {
    setSlug(value);
    clearProblem('desiredSlug');
    clearTimeout(timer);
    const trimmed = value.trim();
    if (!trimmed) {
      inFlight?.abort();
      setSlugState({ kind: 'idle' });
      return;
    }
    timer = setTimeout(() => void runCheck(trimmed), SLUG_CHECK_DELAY_MS);
  };

  const fieldError = (field: keyof typeof FIELDS) => problems().find((p) => p.fieldId === FIELDS[field])?.message ?? null;
  const slugError = () => {
    const state = slugState();
    if (state.kind === 'unavailable' && state.slug === slug().trim()) return state.reason;
    return fieldError('desiredSlug');
  };

  const fail = (list: FormProblem[]) => {
    setProblems(list);
    focusElement('start-school-errors');
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const application: Application = { schoolName: name().trim(), desiredSlug: slug().trim(), contactEmail: email().trim() };
    const local = localProblems(application).map((p) => ({ message: p.message, fieldId: FIELDS[p.field] }));
    const state = slugState();
    if (state.kind === 'unavailable' && state.slug === application.desiredSlug && !local.some((p) => p.fieldId === FIELDS.desiredSlug)) {
      local.push({ message: state.reason, fieldId: FIELDS.desiredSlug });
    }
    if (local.length > 0) return fail(local);
    setSending(true);
    try {
      await submitApplication(application);
      setProblems([]);
      setSent(application);
      focusElement('start-school-sent');
    } catch (error) {
      const list = problemsFrom(error, FIELDS);
      // A taken slug (409) belongs beside the slug field.
      if (error instanceof ApiError && error.status === 409) list.splice(0, list.length, { message: error.message, fieldId: FIELDS.desiredSlug });
      fail(list);
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="section" aria-labelledby="start-school-title">
        <div class="container start-school">
          <h1 id="start-school-title">Start a school</h1>
          <Show
            when={sent()}
            fallback={
              <>
                <p class="start-school__intro">
                  Tell us about your school. We read every application and reply by email; once approved, your school gets its own
                  address and you are invited as its owner.
                </p>
                <form class="start-school__form" onSubmit={(event) => void submit(event)} novalidate data-testid="start-school-form">
                  <ErrorSummary id="start-school-errors" problems={problems()} />
                  <TextField
                    id={FIELDS.schoolName}
                    name="schoolName"
                    label="School name"
                    autocomplete="organization"
                    maxlength="100"
                    required
                    value={name()}
                    error={fieldError('schoolName')}
                    onInput={(event) => {
                      setName(event.currentTarget.value);
                      clearProblem('schoolName');
                      if (!slugEdited()) changeSlug(slugFromName(event.currentTarget.value));
                    }}
                  />
                  <TextField
                    id={FIELDS.desiredSlug}
                    name="desiredSlug"
                    label="Web address"
                    hint={`3 to 40 lower-case letters, digits and single hyphens. Your school will live at <address>.${location.hostname}.`}
                    autocomplete="off"
                    spellcheck={false}
                    maxlength="40"
                    required
                    value={slug()}
                    error={slugError()}
                    onInput={(event) => {
                      setSlugEdited(true);
                      changeSlug(event.currentTarget.value);
                    }}
                  />
                  <p class="start-school__slug-status" role="status" aria-live="polite" data-testid="slug-status">
                    <Show when={slugState().kind === 'checking'}>Checking “{slug().trim()}”…</Show>
                    <Show when={slugState().kind === 'available' && slugState()}>
                      {(state) => <span class="start-school__slug-ok">“{(state() as { slug: string }).slug}” is available.</span>}
                    </Show>
                    <Show when={slugState().kind === 'error'}>We could not check this address just now; you can still send the form.</Show>
                  </p>
                  <TextField
                    id={FIELDS.contactEmail}
                    name="contactEmail"
                    label="Your email address"
                    hint="We write to you here about your application, and invite you as the school's owner."
                    type="email"
                    autocomplete="email"
                    maxlength="254"
                    required
                    value={email()}
                    error={fieldError('contactEmail')}
                    onInput={(event) => {
                      setEmail(event.currentTarget.value);
                      clearProblem('contactEmail');
                    }}
                  />
                  <div class="start-school__actions">
                    <Button type="submit" disabled={sending()}>
                      {sending() ? 'Sending…' : 'Send application'}
                    </Button>
                    <Link href="/">Back to the directory</Link>
                  </div>
                </form>
              </>
            }
          >
            {(application) => (
              <Notice tone="success" id="start-school-sent" live="status" title="Application received" data-testid="start-school-sent">
                <p>
                  Thank you. We will review the application for <strong>{application().schoolName}</strong> ({application().desiredSlug}) and
                  write to {application().contactEmail}.
                </p>
                <p>
                  <Link href="/">Back to the directory</Link>
                </p>
              </Notice>
            )}
          </Show>
        </div>
    </section>
  );
}
